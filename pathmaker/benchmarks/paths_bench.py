"""`pathmaker bench paths`: the performance part of the learning-paths issue (issue 12), in three stages.

The district is `bench mastery`'s application district, built from the same saved history (`mastery_bench`:
42,000 students taking 4 of 8 courses of 40 competencies, their evidence and one summary per
student-competency, bulk loaded), with what paths and pacing read added:
- three elective courses without competencies that every student takes (so about 300,000 enrollments, as
  Henry County has; they have no plan, and the rebuild passes over them);
- CASE `precedes` prerequisites in each course (chains of four), each course's own sequence (its third
  competency first);
- one semester over the history's school year for every section, five days off a school, and a pacing
  guide per course;
- a hard deadline for the whole section a week ahead on the third competency of every `DEADLINE_EVERY`th
  section (met by the students who mastered it, upcoming for the others: "due soon").

"Today" is the history's last school day, eight weeks before the semester ends (no evidence is dated after
today, as in a real district: a deadline's state then reads only the summaries). The
stages run in fresh processes on one SQLite file: `paths-setup` builds it, `paths-rebuild` measures 1 and 2
(its peak memory is theirs), `paths-pages` measures 3 and 4:
1. **Reading the inputs**: every input the rebuild reads (`snapshots.read_all`), range by range, and nothing
   else: the floor the rebuild is compared with.
2. **The rebuild job** end to end (`paths.tasks.run_rebuild`: the job row, reading, the pure plan,
   recommendation and projection of every student-course, writing every snapshot), with its own split.
3. **A student's home page** (plans and recommendations for their four courses) through Django's test
   client, and **a section's pacing page and progress page** for 35 students (the gradebook's section of
   30 with five more of the course's students): medians after two warm-up requests.
4. **A changed level**: the section's teacher records a score (`evidence_record`), alternately with the
   paths receiver of `level_changed` connected and not; the difference of the medians is what keeping the
   student's snapshot current adds to a write.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import numpy as np
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pathmaker.accounts.models import User
from pathmaker.audit.actor import Actor
from pathmaker.benchmarks.mastery_bench import (
    SCHOOL_YEAR_START,
    SCHOOLS,
    SECTION_SIZE,
    AppDistrict,
    BulkLoad,
    History,
    SecondaryIndexes,
    _insert,
    build_app_district,
    foreign_keys_unchecked,
    load_evidence,
    load_summaries,
    school_days,
)
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import Competency, CourseCompetency
from pathmaker.frameworks.services import association_create
from pathmaker.jobs.models import Job
from pathmaker.jobs.services import job_create
from pathmaker.mastery.models import MasterySummary
from pathmaker.mastery.recording import evidence_record
from pathmaker.mastery.signals import level_changed
from pathmaker.pacing.models import DayOff, Deadline, PacingGuide, PacingTarget
from pathmaker.paths.models import PathSnapshot, SequenceStep
from pathmaker.paths.snapshots import on_level_changed, read_all
from pathmaker.paths.tasks import JOB_KIND, run_rebuild
from pathmaker.rostering.models import AcademicSession, Course, Enrollment, Org, Person, Section, SectionTerm

ELECTIVES = 3  # courses without competencies every student takes
CHAIN = 4  # competencies in a chain of prerequisites
DEADLINE_EVERY = 10  # one section in this many has a hard deadline a week ahead
WEEKS_LEFT = 8  # from today, the history's last school day, to the semester's end
PROGRESS_STUDENTS = 35
DISPATCH_UID = "paths.snapshots"  # PathsConfig.ready's


def _medians_ms(
    run: Callable[[], object], repeats: int, *, check: Callable[[object], None]
) -> dict[str, float]:
    """The median wall time of `repeats` runs after two warm-up rounds, and the median CPU time of this
    process (the machine is shared: the CPU time shows what waiting for other work added to the wall time)."""
    wall, cpu = [], []
    for attempt in range(repeats + 2):
        started, used = time.perf_counter(), time.process_time()
        found = run()
        if attempt >= 2:
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
        check(found)
    return {"ms": 1000 * statistics.median(wall), "cpu_ms": 1000 * statistics.median(cpu)}


def _ok(response: object) -> None:
    if getattr(response, "status_code", None) != 200:
        raise AssertionError(f"the page answered {getattr(response, 'status_code', response)}")


# --- The district ------------------------------------------------------------------------------------


def _electives(district: AppDistrict, now: dt.datetime) -> int:
    """ELECTIVES courses with no competencies, every student in one section of each at their school."""
    schools = list(Org.objects.filter(sourced_id__startswith="bench-school-").order_by("pk"))
    students = len(district.person)
    school_of = np.arange(students) * SCHOOLS // students
    maple = Org.objects.get(sourced_id="bench-district")
    planned = []  # (course, school, student indexes)
    for number in range(ELECTIVES):
        course = Course.objects.create(
            title=f"Elective {number + 1}",
            org=maple,
            sourced_id=f"bench-elective-{number}",
            created_at=now,
            updated_at=now,
        )
        for school in range(len(schools)):
            members = np.flatnonzero(school_of == school)
            planned += [
                (course, school, members[at : at + SECTION_SIZE])
                for at in range(0, len(members), SECTION_SIZE)
            ]
    names = [f"bench-elective-section-{n}" for n in range(len(planned))]
    _insert(
        Section,
        now,
        sourced_id=names,
        course_id=[c.pk for c, _, _ in planned],
        title=[f"{c.title}, {schools[s].name}, {n + 1}" for n, (c, s, _) in enumerate(planned)],
        school_id=[schools[s].pk for _, s, _ in planned],
        course_sourced_id=[c.sourced_id for c, _, _ in planned],
        class_type=[Section.Type.SCHEDULED] * len(planned),
    )
    pks = dict(
        Section.objects.filter(sourced_id__startswith="bench-elective-section-").values_list(
            "sourced_id", "id"
        )
    )
    rows = [
        (pks[name], int(district.person[i]), schools[s].pk)
        for name, (_, s, members) in zip(names, planned, strict=True)
        for i in members.tolist()
    ]
    _insert(
        Enrollment,
        now,
        sourced_id=[f"bench-elective-enrollment-{n}" for n in range(len(rows))],
        section_id=[r[0] for r in rows],
        person_id=[r[1] for r in rows],
        school_id=[r[2] for r in rows],
        role=["student"] * len(rows),
        is_primary=[False] * len(rows),
    )
    return len(rows)


def _paths_and_pacing(today: dt.date, now: dt.datetime) -> dict[str, int]:
    """Prerequisites, sequences, a semester, days off, guides and hard deadlines (see the module's docstring)."""
    system = Actor.system("bench")
    courses = list(Course.objects.filter(competency_links__isnull=False).distinct().order_by("pk"))
    by_course = {
        course.pk: list(
            Competency.objects.filter(course_links__course=course).order_by(
                "course_links__position", "course_links__id"
            )
        )
        for course in courses
    }
    associations = 0
    for competencies in by_course.values():
        for at in range(len(competencies) - 1):
            if at % CHAIN != CHAIN - 1:
                association_create(
                    origin=competencies[at],
                    destination=competencies[at + 1],
                    association_type="precedes",
                    actor=system,
                )
                associations += 1
    SequenceStep.objects.bulk_create(
        SequenceStep(course_id=course, competency=competency, position=n, set_at=now)
        for course, competencies in by_course.items()
        for n, competency in enumerate([competencies[2], competencies[0], competencies[1]])
    )
    days = school_days()
    term = AcademicSession.objects.create(
        title="Bench semester",
        session_type="semester",
        start_date=SCHOOL_YEAR_START,
        end_date=today + dt.timedelta(weeks=WEEKS_LEFT),
        sourced_id="bench-semester",
        created_at=now,
        updated_at=now,
    )
    sections = list(Section.objects.values_list("id", "school_id", "course_id"))
    SectionTerm.objects.bulk_create(SectionTerm(section_id=pk, session=term) for pk, _, _ in sections)
    DayOff.objects.bulk_create(
        DayOff(school_id=school, on=days[at], name=f"Day off {n + 1}", created_at=now)
        for school in Org.objects.filter(sourced_id__startswith="bench-school-").values_list("pk", flat=True)
        for n, at in enumerate((20, 55, 80, 100, 150))
    )
    term_weeks = (len(days) - 5) / 5
    for course_id, competencies in by_course.items():
        guide = PacingGuide.objects.create(
            course_id=course_id, term=term, updated_by_name="Bench", updated_at=now
        )
        weeks = Decimal(str(max(round(term_weeks / len(competencies) * 2) / 2, 0.5)))
        PacingTarget.objects.bulk_create(
            PacingTarget(guide=guide, competency=c, weeks=weeks, position=n)
            for n, c in enumerate(competencies)
        )
    due = today + dt.timedelta(days=7)
    paced = [
        (pk, course)
        for n, (pk, _, course) in enumerate(sorted(sections))
        if course in by_course and n % DEADLINE_EVERY == 0
    ]
    members = Enrollment.objects.filter(section_id__in=[pk for pk, _ in paced], role="student").values_list(
        "section_id", "person_id"
    )
    course_of = dict(paced)
    rows = [
        (person, section, course_of[section], by_course[course_of[section]][2].pk)
        for section, person in members
    ]
    _insert(
        Deadline,
        now,
        student_id=[r[0] for r in rows],
        section_id=[r[1] for r in rows],
        course_id=[r[2] for r in rows],
        competency_id=[r[3] for r in rows],
        kind=["hard"] * len(rows),
        due_on=[due] * len(rows),
        first_due_on=[due] * len(rows),
        for_whole_section=[True] * len(rows),
        set_by_name=["Bench"] * len(rows),
        set_at=[now] * len(rows),
    )
    return {"associations": associations, "deadlines": len(rows), "sections": len(sections)}


def _progress_section(district: AppDistrict, now: dt.datetime) -> Section:
    """The gradebook's section (30 students of the first course) with five more of the course's students."""
    section = district.section
    inside = set(section.enrollments.filter(role="student").values_list("person_id", flat=True))
    others = (
        Enrollment.objects.filter(
            section__course_id=section.course_id, section__school_id=section.school_id, role="student"
        )
        .exclude(person_id__in=inside)
        .values_list("person_id", flat=True)
        .order_by("person_id")[: PROGRESS_STUDENTS - len(inside)]
    )
    extra = list(others)
    _insert(
        Enrollment,
        now,
        sourced_id=[f"bench-progress-{n}" for n in range(len(extra))],
        section_id=[section.pk] * len(extra),
        person_id=extra,
        school_id=[section.school_id] * len(extra),
        role=["student"] * len(extra),
        is_primary=[False] * len(extra),
    )
    return section


# --- The measures -----------------------------------------------------------------------------------


def time_read(today: dt.date) -> dict[str, float]:
    started, used = time.perf_counter(), time.process_time()
    for _ in read_all(today):
        pass
    return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - used}


def time_rebuild(today: dt.date) -> dict[str, object]:
    job = job_create(kind=JOB_KIND, actor=Actor.system("bench"))
    started, used = time.perf_counter(), time.process_time()
    run_rebuild(job.pk, today.isoformat())
    seconds, cpu = time.perf_counter() - started, time.process_time() - used
    job.refresh_from_db()
    if job.status != Job.Status.SUCCEEDED:
        raise AssertionError(f"the rebuild job failed: {job.message}")
    return {"seconds": seconds, "cpu_seconds": cpu, **job.result}


def time_home(student_id: int, repeats: int) -> dict[str, float]:
    person = Person.objects.get(pk=student_id)
    user, _ = User.objects.get_or_create(username=person.username, defaults={"person": person})
    client = Client(HTTP_HOST="localhost")  # an allowed host (ALLOWED_HOSTS has no "testserver")
    client.force_login(user)
    url = reverse("home")
    courses = PathSnapshot.objects.filter(student=person).count()
    return {**_medians_ms(lambda: client.get(url), repeats, check=_ok), "courses": courses}


def time_section(teacher: User, section: Section, repeats: int) -> dict[str, object]:
    client = Client(HTTP_HOST="localhost")
    client.force_login(teacher)
    found: dict[str, object] = {"students": section.enrollments.filter(role="student").count()}
    for name in ("pacing_section", "section_progress"):
        url = reverse(name, args=[section.pk])
        found[name] = _medians_ms(lambda url=url: client.get(url), repeats, check=_ok)
    return found


def time_level_change(teacher: User, section: Section, repeats: int) -> dict[str, float]:
    """A score recorded by the section's teacher, alternately with the paths receiver connected and not."""
    first = (
        section.enrollments.filter(role="student")
        .order_by("person_id")
        .values_list("person_id", flat=True)[0]
    )
    student = Person.objects.get(pk=first)
    links = list(CourseCompetency.objects.filter(course_id=section.course_id).order_by("position", "id"))
    competency = links[min(5, len(links) - 1)].competency  # one with prerequisites before and after it
    day = school_days()[-1]
    times: dict[bool, list[float]] = {True: [], False: []}
    cpu: dict[bool, list[float]] = {True: [], False: []}
    try:
        for attempt in range(2 * (repeats + 2)):
            connected = attempt % 2 == 0
            if connected:
                level_changed.connect(on_level_changed, dispatch_uid=DISPATCH_UID)
            else:
                level_changed.disconnect(dispatch_uid=DISPATCH_UID)
            user = User.objects.get(pk=teacher.pk)  # afresh, as each request loads it
            started, used = time.perf_counter(), time.process_time()
            evidence_record(
                student=student,
                competency=competency,
                demonstrated_on=day,
                kind=Evidence.Kind.TASK,
                actor=Actor.for_user(user),
                score=Decimal(2 + attempt % 3),
                section=section,
            )
            if attempt >= 4:  # two warm-up rounds of each
                times[connected].append(time.perf_counter() - started)
                cpu[connected].append(time.process_time() - used)
    finally:
        level_changed.connect(on_level_changed, dispatch_uid=DISPATCH_UID)
    stored = PathSnapshot.objects.get(student=student, course_id=section.course_id)
    if stored.computed_for != timezone.localdate():  # rewritten by a connected write (the rebuild's is TODAY)
        raise AssertionError("the changed level did not rewrite the student's snapshot")
    with_signal, without = (1000 * statistics.median(times[k]) for k in (True, False))
    with_cpu, without_cpu = (1000 * statistics.median(cpu[k]) for k in (True, False))
    return {
        "with_ms": with_signal,
        "without_ms": without,
        "added_ms": with_signal - without,
        "added_cpu_ms": with_cpu - without_cpu,
    }


# --- The stages `pathmaker.benchmarks.stage` runs, each in a fresh process on DATABASE_URL's database --


def setup_stage(folder: Path) -> dict[str, object]:
    """The mastery history in a fresh database, paths and pacing added; the ids the other stages use."""
    call_command("migrate", verbosity=0)
    history = History.load(folder)
    now = timezone.now()
    today = school_days()[-1]
    started = time.perf_counter()
    district = build_app_district(history)
    electives = _electives(district, now)
    result: dict[str, object] = {"today": today.isoformat()}
    indexes = SecondaryIndexes.drop(Evidence._meta.db_table, MasterySummary._meta.db_table)
    with foreign_keys_unchecked(), BulkLoad():
        load_evidence(history, district)
        result["summaries_rows"] = load_summaries(history, district)
        result["evidence_rows"] = history.rows
        del history
        indexes.rebuild()
    result |= _paths_and_pacing(today, now)
    section = _progress_section(district, now)
    return result | {
        "seconds": time.perf_counter() - started,
        "students": len(district.person),
        "enrollments": Enrollment.objects.count(),
        "elective_enrollments": electives,
        "student_id": int(district.person[0]),
        "teacher_id": district.teacher.pk,
        "section_id": section.pk,
    }


def rebuild_stage(folder: Path, today: str) -> dict[str, object]:
    """Reading the inputs, then the rebuild job end to end (this process's peak memory is theirs)."""
    day = dt.date.fromisoformat(today)
    return {"read": time_read(day), "rebuild": time_rebuild(day)}


def pages_stage(
    folder: Path, student_id: str, teacher_id: str, section_id: str, requests: str
) -> dict[str, object]:
    repeats = int(requests)
    teacher, section = User.objects.get(pk=int(teacher_id)), Section.objects.get(pk=int(section_id))
    return {
        "home": time_home(int(student_id), repeats),
        "section": time_section(teacher, section, repeats),
        "level_change": time_level_change(teacher, section, repeats),
    }


STAGES: dict[str, Callable[..., dict[str, object]]] = {
    "paths-setup": setup_stage,
    "paths-rebuild": rebuild_stage,
    "paths-pages": pages_stage,
}


# --- The command's part: the stages in fresh processes, and the figures ------------------------------


def run(command: object, work: Path, students: int, options: dict, *, requests: int) -> None:
    """`pathmaker bench paths`: `command` is the bench command (its `stage`, `figure` and `target`)."""
    started = time.perf_counter()
    command.targets = []  # type: ignore[attr-defined]
    stage, figure, target = command.stage, command.figure, command.target  # type: ignore[attr-defined]
    history = work / "history"
    made = stage({}, "mastery-generate", history, students, options["competencies"], options["rows"])
    figure("paths.history.rows", made["rows"], "scores")
    figure("paths.history.students", made["students"], "students")
    figure("paths.history.generate.seconds", made["seconds"], "s")
    env = {
        "DATABASE_URL": f"sqlite:///{work / 'paths.sqlite3'}",
        "PATHMAKER_DATA_DIR": str(work / "data"),
        "PATHMAKER_CACHE_URL": "locmem",
        "PATHMAKER_QUEUE_URL": "immediate",
    }
    made = stage(env, "paths-setup", history)
    for name, key, unit in (
        ("students", "students", "students"),
        ("enrollments", "enrollments", "enrollments"),
        ("summaries", "summaries_rows", "rows"),
        ("hard_deadlines", "deadlines", "deadlines"),
        ("setup.seconds", "seconds", "s"),
    ):
        figure(f"paths.sqlite.{name}", made[key], unit)
    figure("paths.sqlite.today", made["today"], "date")
    built = stage(env, "paths-rebuild", history, made["today"])
    rebuild, read = built["rebuild"], built["read"]
    figure("paths.sqlite.read_inputs.seconds", read["seconds"], "s")
    figure("paths.sqlite.read_inputs.cpu_seconds", read["cpu_seconds"], "s")
    figure("paths.sqlite.rebuild.seconds", rebuild["seconds"], "s")
    figure("paths.sqlite.rebuild.cpu_seconds", rebuild["cpu_seconds"], "s")
    figure("paths.sqlite.rebuild.ratio_to_read", rebuild["seconds"] / read["seconds"], "x")
    for part in ("read", "compute", "write"):
        figure(f"paths.sqlite.rebuild.{part}.seconds", rebuild[part], "s")
    figure("paths.sqlite.rebuild.snapshots", rebuild["snapshots"], "student-courses")
    figure("paths.sqlite.rebuild.projections_computed", rebuild["projections"], "distinct projections")
    figure("paths.sqlite.rebuild.peak_rss", built["peak_rss_mib"], "MiB")
    target("paths.sqlite.rebuild.seconds", rebuild["seconds"], "s", at_most=60)
    pages = stage(
        env, "paths-pages", history, made["student_id"], made["teacher_id"], made["section_id"], requests
    )
    home, section, change = pages["home"], pages["section"], pages["level_change"]
    figure("paths.sqlite.home.courses", home["courses"], "courses")
    figure("paths.sqlite.home.median", home["ms"], "ms")
    figure("paths.sqlite.home.cpu_median", home["cpu_ms"], "ms")
    figure("paths.sqlite.section.students", section["students"], "students")
    for name in ("pacing_section", "section_progress"):
        figure(f"paths.sqlite.{name}.median", section[name]["ms"], "ms")
        figure(f"paths.sqlite.{name}.cpu_median", section[name]["cpu_ms"], "ms")
    figure("paths.sqlite.level_change.with_signal.median", change["with_ms"], "ms")
    figure("paths.sqlite.level_change.without_signal.median", change["without_ms"], "ms")
    figure("paths.sqlite.level_change.added", change["added_ms"], "ms")
    figure("paths.sqlite.level_change.added_cpu", change["added_cpu_ms"], "ms")
    figure("paths.total.seconds", time.perf_counter() - started, "s")
    target("paths.sqlite.home.median", home["ms"], "ms", at_most=100)
    target("paths.sqlite.pacing_section.median", section["pacing_section"]["ms"], "ms", at_most=150)
    target("paths.sqlite.section_progress.median", section["section_progress"]["ms"], "ms", at_most=150)
    target("paths.sqlite.level_change.added", change["added_ms"], "ms", at_most=20)
    for line in command.targets:  # type: ignore[attr-defined]
        command.stdout.write(line)  # type: ignore[attr-defined]
