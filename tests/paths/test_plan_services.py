"""Plans: the order with its reasons, moves by the student and by a teacher, the course's sequence, history
and audit rows, and a changed level showing on the next read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pathmaker.access.scope import relation_to
from pathmaker.audit.models import AuditEvent
from pathmaker.mastery.recording import evidence_record
from pathmaker.paths import selectors, services
from pathmaker.paths.models import PlanChange
from pathmaker.paths.services import PathsError


def relation(district, persona, student=None):
    return relation_to(district.user(persona), (student or district.sam).pk)


def order(district, student=None) -> list[str]:
    view = selectors.plan_view(student or district.sam, district.math.course)
    return [line.competency.human_coding_scheme for line in view.lines]


def move(district, persona, competency, after, reason=""):
    return services.plan_move(
        relation=relation(district, persona),
        course=district.math.course,
        competency_id=competency.pk,
        after_id=after.pk if after else None,
        reason=reason,
        actor=district.actor(persona),
    )


def test_a_plan_lists_the_course_in_order_with_a_reason_for_each(district, math):
    view = selectors.plan_view(district.sam, district.math.course)
    assert [(line.competency.human_coding_scheme, line.item.reason) for line in view.lines] == [
        ("7.RP.1", "course_order"),
        ("7.RP.2", "needs_first"),
        ("7.RP.3", "course_order"),
        ("7.NS.1", "course_order"),
    ]
    assert view.lines[1].names == (math.rp1,)
    assert view.next_line.competency == math.rp1


def test_a_mastered_level_leaves_the_plan_on_the_very_next_read(district, math):
    evidence_record(
        student=district.sam,
        competency=math.rp1,
        score=Decimal(4),
        demonstrated_on=dt.date(2026, 9, 30),
        kind="task",
        actor=district.actor("teacher"),
    )
    assert order(district) == ["7.RP.2", "7.RP.3", "7.NS.1"]
    assert selectors.plan_view(district.sam, district.math.course).lines[0].item.ready


def test_the_student_moves_a_competency_within_what_the_prerequisites_allow(district, math):
    change = move(district, "student", math.ns1, None)
    assert order(district) == ["7.NS.1", "7.RP.1", "7.RP.2", "7.RP.3"]
    assert selectors.plan_view(district.sam, district.math.course).lines[0].item.reason == "student_chose"
    assert change.by_role == PlanChange.By.STUDENT
    assert order(district, district.tia) == ["7.RP.1", "7.RP.2", "7.RP.3", "7.NS.1"]


def test_the_student_may_not_move_a_competency_ahead_of_its_prerequisite(district, math):
    with pytest.raises(PathsError) as refused:
        move(district, "student", math.rp2, None)
    assert refused.value.code == "paths.prerequisite_first"
    assert PlanChange.objects.count() == 0
    assert not AuditEvent.objects.filter(action="paths.plan_move").exists()


def test_a_teachers_move_needs_a_reason(district, math):
    with pytest.raises(PathsError) as refused:
        move(district, "teacher", math.rp3, None)
    assert (refused.value.code, refused.value.field) == ("paths.reason_required", "reason")


def test_a_teacher_moves_a_competency_up_and_its_prerequisite_comes_along(district, math):
    move(district, "teacher", math.rp2, None, reason="The project starts with it")
    view = selectors.plan_view(district.sam, district.math.course)
    assert [(line.competency.human_coding_scheme, line.item.reason) for line in view.lines[:2]] == [
        ("7.RP.1", "needed_for"),
        ("7.RP.2", "teacher_moved"),
    ]
    assert view.lines[1].item.note == "The project starts with it"


@pytest.mark.parametrize("persona", ["guardian", "advisor"])
def test_a_guardian_or_an_advisor_reads_a_plan_but_does_not_change_it(district, math, persona):
    with pytest.raises(PathsError) as refused:
        move(district, persona, math.ns1, None, reason="why not")
    assert refused.value.code == "paths.forbidden"


def test_a_competency_outside_the_course_is_refused(district, math):
    other = services.Competency.objects.create(
        framework=math.rp1.framework,
        identifier="x-1",
        full_statement="Elsewhere",
        created_at=math.rp1.created_at,
        updated_at=math.rp1.updated_at,
    )
    with pytest.raises(PathsError) as refused:
        services.plan_move(
            relation=relation(district, "student"),
            course=district.math.course,
            competency_id=other.pk,
            after_id=None,
            actor=district.actor("student"),
        )
    assert refused.value.code == "paths.not_in_course"


def test_every_change_is_kept_as_history_and_audited(district, math):
    move(district, "student", math.ns1, None)
    move(district, "teacher", math.rp3, None, reason="Field trip on Friday")
    view = selectors.plan_view(district.sam, district.math.course, with_history=True)
    assert [(c.by_role, c.competency.human_coding_scheme) for c in view.history] == [
        ("teacher", "7.RP.3"),
        ("student", "7.NS.1"),
    ]
    events = AuditEvent.objects.filter(action="paths.plan_move").order_by("id")
    assert [(e.actor_username, e.student_id, e.detail.get("reason")) for e in events] == [
        ("sam.garcia", district.sam.pk, None),
        ("alice.adams", district.sam.pk, "Field trip on Friday"),
    ]


def test_the_course_sequence_orders_every_plan_and_is_audited(district, math):
    services.sequence_set(
        course=district.math.course,
        competency_ids=[math.ns1.pk, math.rp3.pk],
        actor=district.actor("teacher"),
    )
    assert order(district) == ["7.NS.1", "7.RP.3", "7.RP.1", "7.RP.2"]
    assert order(district, district.tia) == ["7.NS.1", "7.RP.3", "7.RP.1", "7.RP.2"]
    event = AuditEvent.objects.get(action="paths.sequence_set")
    assert event.object_id == str(district.math.course.pk)


def test_a_sequence_naming_a_competency_outside_the_course_is_refused(district, math):
    with pytest.raises(PathsError) as refused:
        services.sequence_set(
            course=district.math.course, competency_ids=[999999], actor=district.actor("teacher")
        )
    assert refused.value.code == "paths.not_in_course"
