"""Recording evidence reads the recorder's relation to the student once: the caller may hand over the one
it has just read (the API finds the student with it); a relation about another student, or none, is read
again by the service, so no caller can record with a relation that is not about this student."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pathmaker.access.scope import relation_to
from pathmaker.audit.actor import Actor
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks import services as frameworks
from pathmaker.mastery.recording import FORBIDDEN, EvidenceError, evidence_record

RELATION_READ = 'SELECT "rostering_person"."id"'  # relation_to: the student's row with its relation flags


@pytest.fixture
def ratios(district):
    framework = frameworks.framework_create(title="Math", description="", actor=Actor.system("test"))
    return frameworks.competency_create(
        framework=framework, full_statement="Uses ratios", actor=Actor.system("test")
    )


def record(district, competency, persona, **kwargs):
    return evidence_record(
        student=district.sam,
        competency=competency,
        score=Decimal(3),
        demonstrated_on=dt.date(2026, 9, 1),
        kind="task",
        actor=district.actor(persona),
        **kwargs,
    )


def relation_reads(write) -> int:
    with CaptureQueriesContext(connection) as queries:
        write()
    return sum(query["sql"].startswith(RELATION_READ) for query in queries.captured_queries)


def test_the_relation_handed_over_is_not_read_again(district, ratios):
    relation = relation_to(district.user("teacher"), district.sam.pk)
    assert relation_reads(lambda: record(district, ratios, "teacher", relation=relation)) == 0
    assert Evidence.objects.filter(student=district.sam, recorded_by=district.user("teacher")).count() == 1


def test_without_a_relation_the_service_reads_it_once(district, ratios):
    assert relation_reads(lambda: record(district, ratios, "teacher")) == 1


def test_a_relation_about_another_student_is_read_again_for_this_one(district, ratios):
    about_tia = relation_to(district.user("teacher"), district.tia.pk)  # Alice teaches Tia too
    assert about_tia.teaches_or_leads
    with pytest.raises(EvidenceError) as refused:
        record(district, ratios, "other_school_teacher", relation=about_tia)
    assert refused.value.code == FORBIDDEN
    assert relation_reads(lambda: record(district, ratios, "teacher", relation=about_tia)) == 1


def test_a_relation_that_sees_nothing_is_read_again(district, ratios):
    nothing = relation_to(district.user("other_school_teacher"), district.sam.pk)
    assert nothing.student is None
    assert relation_reads(lambda: record(district, ratios, "teacher", relation=nothing)) == 1
