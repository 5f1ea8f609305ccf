"""Plans and playlists, persona by persona: who opens each page and who takes each action, and that
everyone else gets a 404 and changes nothing. What the pages show is tested in test_pages.py."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from pathmaker.access.scope import relation_to
from pathmaker.audit.models import AuditEvent
from pathmaker.evidence.models import Evidence
from pathmaker.paths import services
from pathmaker.paths.models import PlanChange, Playlist, PlaylistStep, SequenceStep
from tests.personas import assert_opens_only_for, persona_table

# Spelled out, never "everyone but": a new persona belongs to no group until someone places it.
WRONG = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]
SEES_SAM = ["student", "guardian", "teacher", "co_teacher", "advisor", "principal", "district_admin"]
# Those who teach Sam or lead his school: they reorder his plan with a reason and build his playlists.
TEACHES_SAM = ["teacher", "co_teacher", "principal", "district_admin"]
NOT_TEACHING_SAM = ["student", "guardian", "advisor", *WRONG]
NOT_SAM = ["guardian", *TEACHES_SAM, "advisor", *WRONG]


def sams_playlist(district, math) -> Playlist:
    return services.playlist_add(
        relation=relation_to(district.user("teacher"), district.sam.pk),
        competency=math.rp1,
        resources=[math.video, math.reading, math.quiz],
        actor=district.actor("teacher"),
    )


def a_plan(district, math) -> list[int]:
    return [district.sam.pk, district.math.course.pk]


def a_playlist(district, math) -> list[int]:
    return [district.sam.pk, math.rp1.pk]


def a_built_playlist(district, math) -> list[int]:
    sams_playlist(district, math)
    return [district.sam.pk, math.rp1.pk]


def a_step(district, math) -> list[int]:
    playlist = sams_playlist(district, math)
    return [district.sam.pk, math.rp1.pk, playlist.steps.get(resource=math.video).pk]


def a_quiz_step(district, math) -> list[int]:
    playlist = sams_playlist(district, math)
    return [district.sam.pk, math.rp1.pk, playlist.steps.get(resource=math.quiz).pk]


# (url name, its arguments, personas who get the page, personas who get a 404)
PATH_PAGES = persona_table(
    "plan and playlist pages",
    [
        ("plan_list", lambda d, m: [d.sam.pk], SEES_SAM, WRONG),
        ("plan_detail", a_plan, SEES_SAM, WRONG),
        ("playlist_detail", a_built_playlist, SEES_SAM, WRONG),
        ("course_sequence", lambda d, m: [d.math.course.pk], TEACHES_SAM, NOT_TEACHING_SAM),
        ("section_playlists", lambda d, m: [d.math.pk], TEACHES_SAM, NOT_TEACHING_SAM),
    ],
)

# (url name, its arguments, the form, personas whose POST changes something, personas whose POST gets a 404)
PATH_ACTIONS = persona_table(
    "plan and playlist actions",
    [
        (
            "plan_move",
            a_plan,
            lambda d, m: {"competency": m.ns1.pk, "after": "first", "reason": "Field trip on Friday"},
            ["student", *TEACHES_SAM],
            ["guardian", "advisor", *WRONG],
        ),
        (
            "course_sequence",
            lambda d, m: [d.math.course.pk],
            lambda d, m: {f"c{m.rp1.pk}": 4, f"c{m.rp2.pk}": 3, f"c{m.rp3.pk}": 2, f"c{m.ns1.pk}": 1},
            TEACHES_SAM,
            NOT_TEACHING_SAM,
        ),
        (
            "playlist_add",
            a_playlist,
            lambda d, m: {"resources": [m.video.pk, m.practice.pk], "origin": "suggested"},
            TEACHES_SAM,
            NOT_TEACHING_SAM,
        ),
        ("playlist_choose", a_built_playlist, lambda d, m: {"modality": "watch"}, ["student"], NOT_SAM),
        ("playlist_step_done", a_step, lambda d, m: {}, ["student"], NOT_SAM),
        ("playlist_step_quiz", a_quiz_step, lambda d, m: {"q0": "0", "q1": "1"}, ["student"], NOT_SAM),
        (
            "playlist_step_score",
            a_quiz_step,
            lambda d, m: {"score": "3", "demonstrated_on": "2026-09-30"},
            TEACHES_SAM,
            NOT_TEACHING_SAM,
        ),
        (
            "section_playlists",
            lambda d, m: [d.math.pk],
            lambda d, m: {
                "competency": m.rp1.pk,
                "resources": [m.video.pk, m.reading.pk],
                "students": [d.sam.pk, d.tia.pk],
            },
            TEACHES_SAM,
            NOT_TEACHING_SAM,
        ),
    ],
)

WRITES = (
    "paths.plan_move",
    "paths.sequence_set",
    "paths.playlist_add",
    "paths.playlist_assign",
    "paths.playlist_choose",
    "paths.step_done",
    "paths.step_score",
)


def snapshot() -> tuple:
    """Everything a plan or playlist service may write, to show a refusal changed nothing."""
    return (
        PlanChange.objects.count(),
        SequenceStep.objects.count(),
        Playlist.objects.count(),
        Playlist.objects.exclude(chosen_modality="").count(),
        PlaylistStep.objects.count(),
        PlaylistStep.objects.exclude(state="todo").count(),
        Evidence.objects.count(),
        AuditEvent.objects.filter(action__in=WRITES).count(),
    )


@pytest.mark.parametrize(("name", "args", "allowed", "refused"), PATH_PAGES, ids=[c[0] for c in PATH_PAGES])
def test_each_path_page_opens_for_the_right_personas_and_not_for_the_wrong_ones(
    district, math, login, name, args, allowed, refused
):
    url = reverse(name, args=args(district, math))
    assert_opens_only_for(login, district, url, allowed, refused)


@pytest.mark.parametrize(
    ("name", "args", "form", "allowed", "refused"), PATH_ACTIONS, ids=[c[0] for c in PATH_ACTIONS]
)
def test_each_path_action_is_taken_by_the_right_personas_and_refused_to_the_others(
    district, math, login, name, args, form, allowed, refused
):
    url = reverse(name, args=args(district, math))
    data = form(district, math)
    before = snapshot()
    answers = {persona: login(district.user(persona)).post(url, data).status_code for persona in refused}
    assert answers == dict.fromkeys(refused, 404)
    assert snapshot() == before
    for persona in allowed:
        with transaction.atomic():  # each allowed persona changes the same starting state
            response = login(district.user(persona)).post(url, data)
            assert (response.status_code, snapshot() != before) == (302, True), persona
            transaction.set_rollback(True)
