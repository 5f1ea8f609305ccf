"""Proposing groups for one section: the figure issue 13 asks for (35 students on 3 competencies, median under
200 ms). `bench flex` prints these figures beside the schedule's (it calls `figures()`).

In one transaction that is rolled back at the end (the database keeps nothing), a school, a section of
`students` students with a teacher and their login, a framework of `competencies` competencies aligned to the
section's course, and a level for almost every student on each (one in ten has none on one, as real classes
have), with two must-together and two must-apart pairs. Then, timed with `time.perf_counter`, each run the
full path a page takes: `grouping.services.grouping_propose` as the teacher (the access check, reading the
students and their levels from the database, the pure proposal with its repairs); the median of `runs` runs
after three warm-up runs, for alike and for mixed groups; and the pure proposal alone on the same learners,
the floor the service path is compared with.
"""

from __future__ import annotations

import random
import secrets
import statistics
import time
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from pathmaker.accounts.models import User
from pathmaker.audit.actor import Actor
from pathmaker.frameworks import services as frameworks
from pathmaker.frameworks.models import Competency
from pathmaker.grouping import propose, selectors, services
from pathmaker.grouping.services import GroupAsk
from pathmaker.mastery.models import MasterySummary
from pathmaker.rostering.models import Course, Enrollment, Org, Person, PersonRole, Section

WARM_UP = 3


def _median_ms(run: Callable[[], object], runs: int) -> float:
    for _ in range(WARM_UP):
        run()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def _section(
    students: int, competencies: int, seed: int
) -> tuple[Section, list[Competency], User, list[Person]]:
    token = secrets.token_hex(4)
    now = timezone.now()
    counter = iter(range(10**6))

    def record() -> dict[str, object]:
        return {"sourced_id": f"bench-grouping-{token}-{next(counter)}", "created_at": now, "updated_at": now}

    school = Org.objects.create(name=f"Bench school {token}", org_type="school", **record())
    course = Course.objects.create(title="Math 7", org=school, **record())
    section = Section.objects.create(
        title="Math 7 bench", course=course, course_sourced_id=course.sourced_id, school=school, **record()
    )
    teacher = Person.objects.create(
        given_name="Bench", family_name="Teacher", username=f"bench-{token}", **record()
    )
    PersonRole.objects.create(person=teacher, org=school, role="teacher", is_primary=True, **record())
    Enrollment.objects.create(person=teacher, section=section, school=school, role="teacher", **record())
    login = User.objects.create(username=f"bench-{token}", person=teacher)
    people = Person.objects.bulk_create(
        [
            Person(
                given_name=f"Student{n:02d}", family_name="Bench", username=f"bench-{token}-{n}", **record()
            )
            for n in range(students)
        ]
    )
    PersonRole.objects.bulk_create(
        [PersonRole(person=p, org=school, role="student", is_primary=True, **record()) for p in people]
    )
    Enrollment.objects.bulk_create(
        [Enrollment(person=p, section=section, school=school, role="student", **record()) for p in people]
    )
    system = Actor.system("bench")
    framework = frameworks.framework_create(title=f"Bench {token}", description="", actor=system)
    made = []
    for n in range(competencies):
        competency = frameworks.competency_create(
            framework=framework,
            full_statement=f"Ratios part {n + 1}",
            human_coding_scheme=f"7.RP.{n + 1}",
            actor=system,
        )
        frameworks.course_competency_add(course=course, competency=competency, actor=system)
        made.append(competency)
    rng = random.Random(seed)
    MasterySummary.objects.bulk_create(
        [
            MasterySummary(
                student=p,
                competency=c,
                level=round(rng.uniform(1, 4), 2),
                status=MasterySummary.Status.IN_PROGRESS,
                evidence_count=3,
                computed_at=now,
                rule_snapshot={},
            )
            for p in people
            for c in made
            if rng.random() > 0.1
        ]
    )
    return section, made, login, people


def figures(
    *, students: int = 35, competencies: int = 3, runs: int = 50, seed: int = 7
) -> list[tuple[str, float, str]]:
    with transaction.atomic():
        section, made, login, people = _section(students, competencies, seed)
        actor = Actor.for_user(login)
        keys = [p.pk for p in people]

        def ask(goal: str) -> GroupAsk:
            return GroupAsk(
                sections=[section],
                competencies=made,
                goal=goal,
                min_size=4,
                max_size=6,
                together=[(keys[0], keys[-1]), (keys[1], keys[-2])],
                apart=[(keys[2], keys[3]), (keys[4], keys[5])],
            )

        alike = _median_ms(lambda: services.grouping_propose(ask=ask("alike"), actor=actor), runs)
        mixed = _median_ms(lambda: services.grouping_propose(ask=ask("mixed"), actor=actor), runs)
        learners = selectors.learners(people, made)
        pure_ask = propose.Ask(
            competencies=tuple(selectors.code_of(c) for c in made),
            goal="alike",
            min_size=4,
            max_size=6,
            together=((keys[0], keys[-1]), (keys[1], keys[-2])),
            apart=((keys[2], keys[3]), (keys[4], keys[5])),
        )
        pure = _median_ms(lambda: propose.propose(learners, pure_ask), runs)
        transaction.set_rollback(True)
    return [
        ("grouping.propose.students", float(students), "students"),
        ("grouping.propose.competencies", float(competencies), "competencies"),
        ("grouping.propose.runs", float(runs), "runs"),
        ("grouping.propose.alike.median", alike, "ms"),
        ("grouping.propose.mixed.median", mixed, "ms"),
        ("grouping.propose.pure.median", pure, "ms"),
    ]
