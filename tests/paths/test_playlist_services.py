"""Playlists: teachers pick or confirm resources, students choose a modality and mark steps done, scored
assessments move the level at once, mastery skips the rest, and no mastery brings a "try another way" step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pathmaker.access.scope import relation_to
from pathmaker.audit.models import AuditEvent
from pathmaker.evidence.models import Evidence
from pathmaker.mastery.models import MasterySummary
from pathmaker.paths import services
from pathmaker.paths.models import Playlist, PlaylistStep
from pathmaker.paths.services import PathsError
from tests.paths.conftest import resource


def relation(district, persona, student=None):
    return relation_to(district.user(persona), (student or district.sam).pk)


def build(district, math, *resources, persona="teacher") -> Playlist:
    return services.playlist_add(
        relation=relation(district, persona),
        competency=math.rp1,
        resources=list(resources),
        actor=district.actor(persona),
    )


def states(playlist) -> list[tuple[str, str]]:
    return [
        (s.resource.title, s.state) for s in playlist.steps.select_related("resource").order_by("position")
    ]


def test_a_teacher_builds_a_playlist_in_several_modalities(district, math):
    playlist = build(district, math, math.video, math.reading)
    assert states(playlist) == [("Unit rates video", "todo"), ("Unit rates reading", "todo")]
    event = AuditEvent.objects.get(action="paths.playlist_add")
    assert event.student_id == district.sam.pk


@pytest.mark.parametrize("persona", ["student", "guardian", "advisor"])
def test_only_the_students_teachers_build_playlists(district, math, persona):
    with pytest.raises(PathsError) as refused:
        build(district, math, math.video, persona=persona)
    assert refused.value.code == "paths.forbidden"


def test_a_resource_not_aligned_to_the_competency_is_refused(district, math):
    elsewhere = resource("Percent video", "watch", math.rp3)
    with pytest.raises(PathsError) as refused:
        build(district, math, elsewhere)
    assert refused.value.code == "paths.resource_not_available"


def test_the_same_resource_twice_is_refused(district, math):
    build(district, math, math.video)
    with pytest.raises(PathsError) as refused:
        build(district, math, math.video)
    assert refused.value.code == "paths.already_on_playlist"


def test_the_student_chooses_a_modality_and_it_is_recorded(district, math):
    playlist = build(district, math, math.video, math.reading)
    services.playlist_choose(
        relation=relation(district, "student"),
        playlist=playlist,
        modality="read",
        actor=district.actor("student"),
    )
    playlist.refresh_from_db()
    assert (playlist.chosen_modality, playlist.chosen_at is not None) == ("read", True)
    with pytest.raises(PathsError) as refused:
        services.playlist_choose(
            relation=relation(district, "student"),
            playlist=playlist,
            modality="juggle",
            actor=district.actor("student"),
        )
    assert refused.value.code == "paths.unknown_modality"


def test_the_student_marks_a_step_done_but_not_an_assessment(district, math):
    playlist = build(district, math, math.video, math.quiz)
    video, quiz = playlist.steps.order_by("position")
    services.step_done(relation=relation(district, "student"), step=video, actor=district.actor("student"))
    assert states(playlist)[0] == ("Unit rates video", "done")
    with pytest.raises(PathsError) as refused:
        services.step_done(relation=relation(district, "student"), step=quiz, actor=district.actor("student"))
    assert refused.value.code == "paths.not_an_assessment"
    with pytest.raises(PathsError) as again:
        services.step_done(
            relation=relation(district, "student"), step=video, actor=district.actor("student")
        )
    assert again.value.code == "paths.step_not_open"


def test_a_scored_assessment_moves_the_level_at_once_and_mastery_skips_the_rest(district, math):
    playlist = build(district, math, math.quiz, math.video, math.reading)
    quiz = playlist.steps.get(resource=math.quiz)
    services.step_score(
        relation=relation(district, "teacher"),
        step=quiz,
        score=Decimal(4),
        demonstrated_on=dt.date(2026, 9, 30),
        actor=district.actor("teacher"),
    )
    summary = MasterySummary.objects.get(student=district.sam, competency=math.rp1)
    assert summary.status in ("proficient", "advanced")
    assert states(playlist) == [
        ("Unit rates quiz", "scored"),
        ("Unit rates video", "skipped"),
        ("Unit rates reading", "skipped"),
    ]
    assert set(playlist.steps.filter(state="skipped").values_list("skip_reason", flat=True)) == {"mastered"}
    assert AuditEvent.objects.filter(action="paths.steps_skipped", student_id=district.sam.pk).exists()


def test_a_quiz_answered_by_the_student_is_scored_from_its_key_and_recorded_as_evidence(district, math):
    playlist = build(district, math, math.quiz, math.video)
    quiz = playlist.steps.get(resource=math.quiz)
    services.step_quiz_submit(
        relation=relation(district, "student"), step=quiz, answers=[0, 0], actor=district.actor("student")
    )
    evidence = Evidence.objects.get(student=district.sam, competency=math.rp1)
    assert (evidence.kind, evidence.score) == ("quiz_item", Decimal("2.50"))  # half right on the 1-4 scale
    quiz.refresh_from_db()
    assert (quiz.state, quiz.evidence_id) == ("scored", evidence.pk)
    assert AuditEvent.objects.get(action="paths.step_score").detail["auto"] is True


def test_a_quiz_with_an_answer_missing_is_refused(district, math):
    playlist = build(district, math, math.quiz)
    with pytest.raises(PathsError) as refused:
        services.step_quiz_submit(
            relation=relation(district, "student"),
            step=playlist.steps.get(),
            answers=[0],
            actor=district.actor("student"),
        )
    assert refused.value.field == "answers"


def test_finishing_without_mastery_brings_a_try_another_way_step_in_a_new_modality(district, math):
    playlist = build(district, math, math.video, math.quiz)
    video, quiz = playlist.steps.order_by("position")
    services.step_done(relation=relation(district, "student"), step=video, actor=district.actor("student"))
    services.step_score(
        relation=relation(district, "teacher"),
        step=quiz,
        score=Decimal(1),
        demonstrated_on=dt.date(2026, 9, 30),
        actor=district.actor("teacher"),
    )
    another = playlist.steps.get(origin=PlaylistStep.Origin.ANOTHER_WAY)
    assert another.resource.modality not in {"watch", "practise"}
    assert another.state == "todo"
    assert AuditEvent.objects.filter(action="paths.another_way", student_id=district.sam.pk).exists()


def test_a_teacher_assigns_one_playlist_to_several_students_of_a_section(district, math):
    playlists = services.playlist_assign(
        section=district.math,
        competency=math.rp1,
        resources=[math.video, math.reading],
        student_ids=[district.sam.pk, district.tia.pk],
        actor=district.actor("teacher"),
    )
    assert sorted(p.student.given_name for p in playlists) == ["Sam", "Tia"]
    assert PlaylistStep.objects.filter(playlist__in=playlists).count() == 4
    assert set(
        AuditEvent.objects.filter(action="paths.playlist_assign").values_list("student_id", flat=True)
    ) == {
        district.sam.pk,
        district.tia.pk,
    }


def test_an_assigned_playlist_offers_two_ways_of_learning_when_the_library_has_them(district, math):
    with pytest.raises(PathsError) as refused:
        services.playlist_assign(
            section=district.math,
            competency=math.rp1,
            resources=[math.video],
            student_ids=[district.sam.pk],
            actor=district.actor("teacher"),
        )
    assert (refused.value.code, refused.value.field) == ("paths.one_modality", "resources")


def test_assigning_to_a_student_outside_the_section_changes_nothing(district, math):
    with pytest.raises(PathsError) as refused:
        services.playlist_assign(
            section=district.math,
            competency=math.rp1,
            resources=[math.video, math.reading],
            student_ids=[district.sam.pk, district.omar.pk],
            actor=district.actor("teacher"),
        )
    assert refused.value.code == "paths.not_in_section"
    assert Playlist.objects.count() == 0
