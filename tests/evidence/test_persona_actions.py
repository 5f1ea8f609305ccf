"""Who may change Sam's evidence and levels: those who teach him or lead his school, and Sam alone asks for
evaluation. Everyone else, his advisor and his family included, gets a 404 and changes nothing."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from pathmaker.evidence.models import Evidence
from pathmaker.mastery.models import MasteryFlag, MasteryOverride, MasterySummary
from tests.evidence.test_pages import scored
from tests.personas import persona_table

# Advising a student is not teaching them: an advisor sees Sam's levels but records and changes nothing.
# Spelled out, never "everyone but": a new persona belongs to no group until someone places it.
RECORDS_FOR_SAM = ["teacher", "co_teacher", "principal", "district_admin"]
NEVER_RECORDS_FOR_SAM = [
    "student",
    "guardian",
    "advisor",
    "other_student",
    "other_guardian",
    "other_school_teacher",
    "teacher_parent",
    "unrostered",
]
NOT_SAM = ["teacher", "co_teacher", "principal", "district_admin", *NEVER_RECORDS_FOR_SAM[1:]]

# (url name, its arguments from the district, the competency and Sam's one piece of evidence, the form,
# personas whose POST changes something, personas whose POST gets a 404)
EVIDENCE_ACTIONS = persona_table(
    "evidence actions",
    [
        (
            "evidence_correct",
            lambda d, competency, piece: [piece.pk],
            {"score": "4", "reason": "Misread the rubric"},
            RECORDS_FOR_SAM,
            NEVER_RECORDS_FOR_SAM,
        ),
        (
            "evidence_withdraw",
            lambda d, competency, piece: [piece.pk],
            {"reason": "Wrong student"},
            RECORDS_FOR_SAM,
            NEVER_RECORDS_FOR_SAM,
        ),
        (
            "mastery_override",
            lambda d, competency, piece: [d.sam.pk, competency.pk],
            {"level": "3", "reason": "Showed it in conference"},
            RECORDS_FOR_SAM,
            NEVER_RECORDS_FOR_SAM,
        ),
        (
            "mastery_flag",
            lambda d, competency, piece: [d.sam.pk, competency.pk],
            {"kind": "needs_revision", "note": "Label the units"},
            RECORDS_FOR_SAM,
            NEVER_RECORDS_FOR_SAM,
        ),
        (
            "mastery_flag",
            lambda d, competency, piece: [d.sam.pk, competency.pk],
            {"kind": "awaiting_evaluation", "note": "I redid problem 3"},
            ["student"],
            NOT_SAM,
        ),
    ],
)


def snapshot() -> list[list[dict]]:
    return [
        list(model.objects.order_by("pk").values())
        for model in (Evidence, MasterySummary, MasteryOverride, MasteryFlag)
    ]


@pytest.mark.parametrize(
    ("name", "args", "form", "allowed", "refused"),
    EVIDENCE_ACTIONS,
    ids=[f"{case[0]}-{case[2].get('kind', 'post')}" for case in EVIDENCE_ACTIONS],
)
def test_each_change_is_made_by_the_right_personas_and_refused_to_the_others(
    district, login, name, args, form, allowed, refused
):
    competency = scored(district, [2])
    url = reverse(name, args=args(district, competency, Evidence.objects.get()))
    before = snapshot()
    answers = {persona: login(district.user(persona)).post(url, form).status_code for persona in refused}
    assert answers == dict.fromkeys(refused, 404)
    assert snapshot() == before
    for persona in allowed:
        with transaction.atomic():  # each allowed persona changes the same starting state
            response = login(district.user(persona)).post(url, form)
            assert (response.status_code, snapshot() != before) == (302, True), persona
            transaction.set_rollback(True)
