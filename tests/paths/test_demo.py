"""The demo's learning paths: the section's shared playlist, one classmate stuck on it (the progress page's
"stuck", by `PATHMAKER_STUCK_STEPS`), the demo student's plans, and every student's stored snapshot built by
the rebuild job at the end."""

from __future__ import annotations

from pathmaker.audit.models import AuditEvent
from pathmaker.demo.paths import build_demo_paths
from pathmaker.jobs.models import Job
from pathmaker.paths import selectors
from pathmaker.paths.models import PathSnapshot, PlaylistStep
from pathmaker.paths.tasks import JOB_KIND
from tests.paths.conftest import resource


def test_the_demo_leaves_a_classmate_stuck_on_the_sections_playlist(district, math):
    for title, modality in (
        ("Integers video", "watch"),
        ("Integers reading", "read"),
        ("Number line", "hands_on"),
    ):
        resource(title, modality, math.ns1)
    build_demo_paths(student=district.user("student"), teacher=district.user("teacher"))

    progress = {row.student.pk: row for row in selectors.section_progress(district.math).students}
    (stuck,) = progress[district.tia.pk].stuck
    assert (stuck.competency, stuck.steps) == (math.ns1, selectors.stuck_steps())
    assert progress[district.sam.pk].stuck == ()  # the demo student is not the one stuck
    ticked = AuditEvent.objects.filter(action="paths.step_done", student_id=district.tia.pk)
    assert ticked.count() == selectors.stuck_steps() and {e.actor_username for e in ticked} == {"tia.tran"}
    assert PlaylistStep.objects.filter(playlist__student=district.tia, state="done").count() == 3


def test_the_demo_ends_by_storing_every_students_snapshot_with_the_rebuild_job(district, math):
    build_demo_paths(student=district.user("student"), teacher=district.user("teacher"))

    assert Job.objects.filter(kind=JOB_KIND, status=Job.Status.SUCCEEDED).count() == 1
    assert set(PathSnapshot.objects.values_list("student_id", "course_id")) == {
        (district.sam.pk, district.math.course_id),
        (district.tia.pk, district.math.course_id),
    }
