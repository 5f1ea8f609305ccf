"""`pathmaker bench mastery`: the performance part of the evidence-and-mastery issue, stage by stage.

1. History. A year of evidence the size of Henry County's (42,000 students, 300 competencies, 40
   million scores) as NumPy columns from a fixed seed, saved as .npy files so that every measuring
   stage loads it in a fresh process. Students take 4 of the district's courses (40 competencies
   each) and have scores on about 85% of those competencies; the number of scores per
   student-competency varies (about half have 1-3, a few percent 30 or more); scores are 1-4, one in
   twenty a half point, and rise over the unit; evidence ids follow the day a teacher typed the score
   (up to three weeks after the student showed it), so the rows come in table order, not sorted.
2. Floor and recompute. The floor is the issue's: sort the 40 million rows once and make one pass
   over the scores (each key's sum, `np.add.reduceat`), timed three ways: `np.lexsort` on (key,
   order); `np.argsort` of key and order packed into one int64, then the scores gathered through the
   permutation; and `np.sort` of key, order and the score's code packed into one int64, as the
   recompute itself sorts (no permutation to apply; packed before the clock starts). The floor is the
   fastest of the three, whichever it is. The full recompute is what a district recompute does once
   the columns are read, all of it timed (`vectorized.district_levels`): `sort_columns` (finding the
   scores' codes, packing, sorting, unpacking) then `levels_of`, from columns in table order as lean
   as they go (key int32, order int64, score float32), with the process's peak memory. Highest, mean
   and n times do not depend on the order and are computed without a sort; for them the
   sort-then-levels way is timed too (and must agree).
3. SQL baseline. The same levels written as SQL aggregates and window functions over a plain table
   (`student_id, competency_id, demonstrated_on, id, score`, score as a double: the SQL's fastest
   type) on SQLite and PostgreSQL, through plain DB-API connections, each query's whole result read,
   with each server's default settings. The table has no secondary index: with one on (student,
   competency, day, id) both databases chose it and were slower (reading the table in index order).
   Each result is checked against the vectorized levels.
4. The application. The history in a fresh Pathmaker database: a district (10 schools, sections of
   30, 5 sections to a teacher), a framework of 300 competencies made through the framework services,
   evidence and one summary per student-competency written a batch of whole columns at a time
   (`BulkLoad`: COPY on PostgreSQL, executemany with no journal on SQLite). For the load only, the
   secondary indexes are dropped and built again afterwards, and foreign keys are not checked row by
   row (the ids come from the database itself); Pathmaker's own settings are back before anything is
   timed. Then a teacher records one score for the student-competency with the longest history in
   their section and reads the new level (`evidence_record` + `MasterySummary.level`), and opens the
   30 x 40 gradebook with Django's test client: medians of 20 after two warm-up rounds (the first
   recording after a bulk load rebuilds the summary's running sums from history).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from decimal import Decimal
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pathmaker.accounts.models import User
from pathmaker.audit.actor import Actor
from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import Competency, CourseCompetency
from pathmaker.frameworks.services import (
    LevelSpec,
    competency_create,
    course_competency_add,
    framework_create,
    scale_assign,
    scale_create,
)
from pathmaker.jobs.bulkwrite import insert_rows
from pathmaker.mastery import vectorized
from pathmaker.mastery.engine import Method, Rule, level_of_values
from pathmaker.mastery.models import MasterySummary
from pathmaker.mastery.recording import evidence_record
from pathmaker.mastery.rules import DEFAULT_RULE, scores_of, status_of
from pathmaker.rostering.models import Course, Enrollment, Org, Person, PersonRole, Role, Section

SEED = 20260804
SCHOOL_YEAR_START = dt.date(2025, 8, 4)  # a Monday; the school days are the weekdays from here
SCHOOL_DAYS = 180
ENTRY_DELAY_DAYS = 15  # at most, in school days, between showing something and the score being typed
COURSE_SIZE = 40  # competencies per course (the gradebook is 30 students x 40 competencies)
COURSES_PER_STUDENT = 4
ENGAGED_SHARE = 0.85  # of a student's course competencies, the share with at least one score
COLUMNS = ("student", "competency", "day", "entered", "evidence_id", "score")
BASELINE_METHODS = (Method.MEAN, Method.HIGHEST, Method.MOST_RECENT, Method.DECAYING_AVERAGE)


def school_days(count: int = SCHOOL_DAYS) -> list[dt.date]:
    days, day = [], SCHOOL_YEAR_START
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


# ---------------------------------------------------------------------------------------------------
# 1. The history


@dataclass
class History:
    """Evidence as columns, one row per score, in evidence-id order (the order a table holds them).

    `student` and `competency` are 0-based indexes; `day` (shown) and `entered` (typed) index
    `school_days()`; `evidence_id` is 1..rows. `courses[s]` are the courses student s takes; course c
    holds competencies c*COURSE_SIZE up to (c+1)*COURSE_SIZE.
    """

    students: int
    competencies: int
    student: np.ndarray  # int32
    competency: np.ndarray  # int16
    day: np.ndarray  # int16
    entered: np.ndarray  # int16
    evidence_id: np.ndarray  # int32
    score: np.ndarray  # float32 (1-4 in halves are exact)
    courses: np.ndarray  # (students, courses per student) int16

    @property
    def rows(self) -> int:
        return len(self.score)

    def key(self) -> np.ndarray:
        """The student-competency as one int32, student-major (as PARTITION BY student_id, competency_id)."""
        return self.student * np.int32(self.competencies) + self.competency

    def order(self) -> np.ndarray:
        """Demonstration order: the day, then the evidence id (as `mastery.recompute` builds it)."""
        return self.day.astype(np.int64) * (int(self.evidence_id.max()) + 1) + self.evidence_id

    def first_students(self, count: int) -> History:
        keep = self.student < count
        return History(
            students=min(count, self.students),
            competencies=self.competencies,
            courses=self.courses[:count],
            **{name: getattr(self, name)[keep] for name in COLUMNS},
        )

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for name in (*COLUMNS, "courses"):
            np.save(folder / f"{name}.npy", getattr(self, name))
        (folder / "size.txt").write_text(f"{self.students} {self.competencies}\n")

    @classmethod
    def load(cls, folder: Path) -> History:
        students, competencies = map(int, (folder / "size.txt").read_text().split())
        columns = {name: np.load(folder / f"{name}.npy") for name in (*COLUMNS, "courses")}
        return cls(students=students, competencies=competencies, **columns)


def build_history(*, students: int, competencies: int, rows: int, seed: int = SEED) -> History:
    """A year of evidence for a district: exactly `rows` scores, the same ones for the same arguments."""
    if competencies > np.iinfo(np.int16).max or students * competencies > np.iinfo(np.int32).max:
        raise ValueError("too many students x competencies for the benchmark's int32 keys")
    rng = np.random.default_rng(seed)
    courses = _courses_taken(rng, students, competencies)
    pair_student, pair_competency = _engaged_pairs(rng, courses, competencies)
    if len(pair_student) > rows:  # fewer scores than pairs: a sample of the pairs, one score each
        keep = np.sort(rng.choice(len(pair_student), rows, replace=False))
        pair_student, pair_competency = pair_student[keep], pair_competency[keep]
    counts = _scores_per_pair(rng, len(pair_student), rows)
    pair = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
    student, competency = pair_student[pair], pair_competency[pair]
    # Each competency is taught in its turn within its course, and practised until the end of the year.
    position = (competency % COURSE_SIZE).astype(np.float32)
    unit_start = np.floor(position / COURSE_SIZE * (SCHOOL_DAYS * 0.8)).astype(np.int16)
    spread = rng.random(rows, dtype=np.float32) ** 1.6  # most practice soon after the unit starts
    day = (unit_start + np.floor(spread * (SCHOOL_DAYS - unit_start))).astype(np.int16)
    score = _scores(rng, student, competency, pair, day, unit_start, counts)
    del pair, position, spread
    # Ids follow entry: the day the score was typed, in no particular order within a day.
    # Shuffle, then a stable sort by entry day (a radix sort: int16).
    entered = day + np.minimum(rng.geometric(0.35, rows) - 1, ENTRY_DELAY_DAYS).astype(np.int16)
    shuffle = rng.permutation(rows)
    by_entry = shuffle[np.argsort(entered[shuffle], kind="stable")]
    del shuffle
    return History(
        students=students,
        competencies=competencies,
        student=student[by_entry],
        competency=competency[by_entry],
        day=day[by_entry],
        entered=entered[by_entry],
        evidence_id=np.arange(1, rows + 1, dtype=np.int32),
        score=score[by_entry],
        courses=courses,
    )


def _courses_taken(rng: np.random.Generator, students: int, competencies: int) -> np.ndarray:
    offered = -(-competencies // COURSE_SIZE)
    taken = min(COURSES_PER_STUDENT, offered)
    return np.sort(np.argsort(rng.random((students, offered)), axis=1)[:, :taken], axis=1).astype(np.int16)


def _engaged_pairs(
    rng: np.random.Generator, courses: np.ndarray, competencies: int
) -> tuple[np.ndarray, np.ndarray]:
    """The student-competencies of each student's courses that have at least one score, student-major."""
    students, found = [], []
    for course in range(int(courses.max()) + 1):
        members = np.flatnonzero((courses == course).any(axis=1)).astype(np.int32)
        own = np.arange(course * COURSE_SIZE, min((course + 1) * COURSE_SIZE, competencies), dtype=np.int16)
        students.append(np.repeat(members, len(own)))
        found.append(np.tile(own, len(members)))
    student, competency = np.concatenate(students), np.concatenate(found)
    engaged = rng.random(len(student)) < ENGAGED_SHARE
    engaged[0] = True  # never an empty history
    student, competency = student[engaged], competency[engaged]
    order = np.lexsort((competency, student))
    return student[order], competency[order]


def _scores_per_pair(rng: np.random.Generator, pairs: int, rows: int) -> np.ndarray:
    """At least one score each, `rows` in all: many pairs with 1-3, some with a few dozen."""
    kind = rng.random(pairs)
    wanted = np.where(
        kind < 0.55,
        rng.integers(1, 4, pairs),
        np.where(kind < 0.93, rng.integers(4, 21, pairs), rng.integers(21, 61, pairs)),
    )
    extra = (wanted - 1).astype(np.float64)
    if not extra.any():
        extra[:] = 1.0
    return 1 + rng.multinomial(rows - pairs, extra / extra.sum())


def _scores(
    rng: np.random.Generator,
    student: np.ndarray,
    competency: np.ndarray,
    pair: np.ndarray,
    day: np.ndarray,
    unit_start: np.ndarray,
    counts: np.ndarray,
) -> np.ndarray:
    """Ability - difficulty + growth over the unit + noise, rounded to the 1-4 scale (a few half points)."""
    ability = rng.normal(2.3, 0.55, int(student.max()) + 1).astype(np.float32)
    difficulty = rng.normal(0.0, 0.3, int(competency.max()) + 1).astype(np.float32)
    growth = rng.uniform(0.3, 1.6, len(counts)).astype(np.float32)
    progress = (day - unit_start).astype(np.float32) / (SCHOOL_DAYS - unit_start).astype(np.float32)
    raw = ability[student] - difficulty[competency] + growth[pair] * progress
    raw += rng.normal(0.0, 0.6, len(raw)).astype(np.float32)
    halves = rng.random(len(raw), dtype=np.float32) < 0.05
    return np.clip(np.where(halves, np.round(raw * 2) / 2, np.round(raw)), 1, 4).astype(np.float32)


# ---------------------------------------------------------------------------------------------------
# 2. The floor and the full recompute (NumPy only)


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def floor_by_lexsort(key: np.ndarray, order: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Sort once (lexsort on key, order), then one pass over the scores: each key's sum."""
    index = np.lexsort((order, key))
    return _sums(key[index], score[index])


def floor_by_argsort(combined: np.ndarray, order_bits: int, score: np.ndarray) -> np.ndarray:
    """Sort once (argsort of `combined_key`), then one pass over the scores: each key's sum."""
    index = np.argsort(combined)
    return _sums(combined[index] >> order_bits, score[index])


def combined_key(key: np.ndarray, order: np.ndarray) -> tuple[np.ndarray, int]:
    """Key and order in one int64 (the key in the high bits), and how many low bits the order takes."""
    order = order - order.min()
    bits = max(int(order.max()).bit_length(), 1)
    if int(key.max()).bit_length() + bits > 63:
        raise ValueError("key and order do not fit in one int64")
    return (key.astype(np.int64) << bits) | order, bits


@dataclass(frozen=True)
class PackedRows:
    """Each row as one int64: key, then order, then the score's code, as `vectorized.sort_columns` packs them."""

    rows: np.ndarray
    code_bits: int
    key_shift: int
    values: np.ndarray  # the distinct scores, indexed by code

    @classmethod
    def pack(cls, key: np.ndarray, order: np.ndarray, score: np.ndarray) -> PackedRows:
        codes = vectorized.ScoreCodes.of(score)
        if codes is None:
            raise ValueError("the scores have too many distinct values to pack")
        order = order - order.min()
        key_shift = max(int(order.max()).bit_length(), 1) + codes.bits
        if int(key.max()).bit_length() + key_shift > 63:
            raise ValueError("key, order and score do not fit in one int64")
        rows = (key.astype(np.int64) << key_shift) | (order << codes.bits) | codes.code
        return cls(rows=rows, code_bits=codes.bits, key_shift=key_shift, values=codes.values)


def floor_by_sorting_packed(packed: PackedRows, rows: np.ndarray | None = None) -> np.ndarray:
    """Sort the packed rows themselves (nothing to permute afterwards), then one pass over the scores.

    `rows`: a copy of `packed.rows` to sort in place (made before the clock starts), as the recompute does.
    """
    if rows is None:
        rows = packed.rows.copy()
    rows.sort()
    return _sums(rows >> packed.key_shift, packed.values[rows & ((1 << packed.code_bits) - 1)])


def _sums(sorted_key: np.ndarray, sorted_score: np.ndarray) -> np.ndarray:
    starts = np.flatnonzero(np.concatenate(([True], sorted_key[1:] != sorted_key[:-1])))
    return np.add.reduceat(sorted_score, starts)


def full_recompute(key: np.ndarray, order: np.ndarray, score: np.ndarray, rule: Rule) -> vectorized.Levels:
    """What a district recompute does once the columns are read: sort them, then every key's level."""
    return vectorized.district_levels(key, order, score, rule)


def batches(count: int, size: int) -> Iterator[slice]:
    for start in range(0, count, size):
        yield slice(start, min(start + size, count))


# ---------------------------------------------------------------------------------------------------
# 3. The SQL baseline: a plain table, the levels as aggregates and window functions

_BASELINE_SQL = {
    Method.MEAN: "SELECT student_id, competency_id, AVG(score) FROM bench_evidence"
    " GROUP BY student_id, competency_id",
    Method.HIGHEST: "SELECT student_id, competency_id, MAX(score) FROM bench_evidence"
    " GROUP BY student_id, competency_id",
    Method.MOST_RECENT: "SELECT student_id, competency_id, score FROM ("
    " SELECT student_id, competency_id, score, ROW_NUMBER() OVER ("
    "  PARTITION BY student_id, competency_id ORDER BY demonstrated_on DESC, id DESC)"
    "  AS newest FROM bench_evidence) AS ranked WHERE newest = 1",
    # The closed form of D1 = x1, Dk = w*xk + (1-w)*D(k-1): row j (0-based) of n counts w*(1-w)^(n-1-j),
    # the first row (1-w)^(n-1).
    Method.DECAYING_AVERAGE: "SELECT student_id, competency_id, SUM(score * CASE WHEN j = 0"
    " THEN POWER(1 - {w}, n - 1) ELSE {w} * POWER(1 - {w}, n - 1 - j) END) FROM ("
    " SELECT student_id, competency_id, score, ROW_NUMBER() OVER (PARTITION BY"
    "  student_id, competency_id ORDER BY demonstrated_on, id) - 1 AS j,"
    "  COUNT(*) OVER (PARTITION BY student_id, competency_id) AS n"
    " FROM bench_evidence) AS numbered GROUP BY student_id, competency_id",
}
_TABLE_SQL = {
    "sqlite": "CREATE TABLE bench_evidence (student_id integer NOT NULL, competency_id integer NOT NULL,"
    " demonstrated_on date NOT NULL, id integer PRIMARY KEY, score real NOT NULL)",
    # The primary key is added after the COPY (see sql_stage).
    "postgresql": "CREATE TABLE bench_evidence (student_id integer NOT NULL, competency_id integer NOT NULL,"
    " demonstrated_on date NOT NULL, id bigint NOT NULL, score double precision NOT NULL)",
}
_COPY_SQL = "COPY bench_evidence (student_id, competency_id, demonstrated_on, id, score) FROM STDIN"


def baseline_sql(rule: Rule) -> str:
    """Every student-competency's level under `rule` as one query (the weight goes in as a number)."""
    return _BASELINE_SQL[rule.method].replace("{w}", repr(float(rule.weight)))


def baseline_load(connection: Any, vendor: str, history: History, *, batch: int = 2_000_000) -> None:
    """The history into a plain table: COPY on PostgreSQL, executemany of whole columns on SQLite.

    The table is the bench's own: SQLite loads it with no journal and no fsync (the queries are timed
    with the database as it is then, on a fresh connection's defaults otherwise).
    """
    dates = np.empty(SCHOOL_DAYS, dtype=object)
    dates[:] = [day.isoformat() for day in school_days()]  # how Django keeps dates in SQLite; COPY reads them
    with closing(connection.cursor()) as cursor:
        if vendor == "sqlite":
            cursor.execute("PRAGMA journal_mode = OFF")
            cursor.execute("PRAGMA synchronous = OFF")
        cursor.execute(_TABLE_SQL[vendor])
        for part in batches(history.rows, batch):
            columns = [
                history.student[part].tolist(),
                history.competency[part].tolist(),
                dates[history.day[part]].tolist(),
                history.evidence_id[part].tolist(),
                history.score[part].tolist(),
            ]
            if vendor == "postgresql":
                with cursor.copy(_COPY_SQL) as copy:
                    for row in zip(*columns, strict=True):
                        copy.write_row(row)
            else:
                cursor.executemany(
                    "INSERT INTO bench_evidence VALUES (?, ?, ?, ?, ?)", zip(*columns, strict=True)
                )
            del columns
    connection.commit()
    if vendor == "sqlite":
        with closing(connection.cursor()) as cursor:
            cursor.execute("PRAGMA synchronous = FULL")


def baseline_levels(connection: Any, rule: Rule) -> tuple[float, list[tuple]]:
    """Run the baseline query and read every row of its result: (seconds, rows)."""
    started = time.perf_counter()
    with closing(connection.cursor()) as cursor:
        cursor.execute(baseline_sql(rule))
        rows: list[tuple] = []
        while chunk := cursor.fetchmany(100_000):
            rows.extend(chunk)
    return time.perf_counter() - started, rows


def largest_difference(rows: list[tuple], expected: vectorized.Levels, competencies: int) -> float:
    """How far the SQL's levels are from the vectorized ones (infinite when the keys differ)."""
    if len(rows) != len(expected.keys):
        return float("inf")
    found = np.array(rows, dtype=np.float64).reshape(-1, 3)
    order = np.lexsort((found[:, 1], found[:, 0]))
    keys = found[order, 0].astype(np.int64) * competencies + found[order, 1].astype(np.int64)
    if not np.array_equal(keys, expected.keys):
        return float("inf")
    return float(np.max(np.abs(found[order, 2] - expected.level), initial=0.0))


# ---------------------------------------------------------------------------------------------------
# 4. The application: the history in the Pathmaker schema, recording a score, the gradebook

SCHOOLS = 10
SECTION_SIZE = 30
SECTIONS_PER_TEACHER = 5
# Kinds that count toward mastery (self- and peer assessments may not), so summaries match the engine.
KINDS = (
    Evidence.Kind.TASK,
    Evidence.Kind.QUIZ_ITEM,
    Evidence.Kind.TEST_ITEM,
    Evidence.Kind.PROJECT,
    Evidence.Kind.OBSERVATION,
)


@dataclass
class AppDistrict:
    person: np.ndarray  # the Person pk of each student index
    competency: np.ndarray  # the Competency pk of each competency index
    section_of: np.ndarray  # (students, courses offered): the student's Section pk in a course, 0 if none
    teacher: User  # teaches `section`
    section: Section  # the gradebook's: a full section of the first course


@dataclass
class Roster:
    planned: list[tuple[int, int, np.ndarray]]  # per section: school index, course index, student indexes
    pks: list[int]  # per section
    teacher_of: list[int]  # per section: its teacher's index
    teacher_school: list[int]  # per teacher: the school index
    gradebook: int  # the section whose gradebook is timed: the first full one of the first course


def build_app_district(history: History) -> AppDistrict:
    """Schools, courses, a framework, students, sections, teachers and enrollments, written in bulk."""
    now = timezone.now()
    district = Org.objects.create(
        name="Bench County Schools", org_type=Org.Type.DISTRICT, **_record("district", now)
    )
    schools = [
        Org.objects.create(
            name=f"Bench School {n + 1}",
            org_type=Org.Type.SCHOOL,
            parent=district,
            parent_sourced_id=district.sourced_id,
            **_record(f"school-{n}", now),
        )
        for n in range(SCHOOLS)
    ]
    competency = _framework(history.competencies)
    courses = []
    for number in range(-(-history.competencies // COURSE_SIZE)):
        course = Course.objects.create(
            title=f"Course {number + 1}", org=district, **_record(f"course-{number}", now)
        )
        for pk in competency[number * COURSE_SIZE : (number + 1) * COURSE_SIZE].tolist():
            course_competency_add(
                course=course, competency=Competency.objects.get(pk=pk), actor=Actor.system("bench")
            )
        courses.append(course)
    school_of = np.arange(history.students) * SCHOOLS // history.students
    person = _people("student", [schools[s] for s in school_of.tolist()], Role.STUDENT, now)
    roster = _sections(history, schools, courses, school_of, now)
    teacher_person = _people("teacher", [schools[s] for s in roster.teacher_school], Role.TEACHER, now)
    section_of = np.zeros((history.students, len(courses)), dtype=np.int64)
    enrollments = []  # (section pk, person pk, school index, role)
    for pk, (school, course, members), teacher in zip(
        roster.pks, roster.planned, roster.teacher_of, strict=True
    ):
        section_of[members, course] = pk
        enrollments += [(pk, student, school, Role.STUDENT) for student in person[members].tolist()]
        enrollments.append((pk, int(teacher_person[teacher]), school, Role.TEACHER))
    _insert(
        Enrollment,
        now,
        sourced_id=[f"bench-enrollment-{n}" for n in range(len(enrollments))],
        section_id=[row[0] for row in enrollments],
        person_id=[row[1] for row in enrollments],
        school_id=[schools[row[2]].pk for row in enrollments],
        role=[row[3] for row in enrollments],
        is_primary=[row[3] == Role.TEACHER for row in enrollments],
    )
    teacher = User.objects.create(
        username="bench-teacher", person_id=int(teacher_person[roster.teacher_of[roster.gradebook]])
    )
    return AppDistrict(
        person=person,
        competency=competency,
        section_of=section_of,
        teacher=teacher,
        section=Section.objects.get(pk=roster.pks[roster.gradebook]),
    )


def _record(name: str, now: dt.datetime) -> dict[str, object]:
    return {"sourced_id": f"bench-{name}", "created_at": now, "updated_at": now}


def _insert(model: type[models.Model], now: dt.datetime, **columns: list) -> None:
    """insert_rows, with RosterRecord timestamps at `now` and every other NOT NULL column at its default."""
    count = len(next(iter(columns.values())))
    fields = {f.attname for f in model._meta.concrete_fields}
    given = {
        name: values
        for name, values in {"created_at": [now] * count, "updated_at": [now] * count, **columns}.items()
        if name in fields
    }
    names, defaults = other_columns(model, given)
    with transaction.atomic():
        insert_rows(model, [*given, *names], [(*row, *defaults) for row in zip(*given.values(), strict=True)])


def other_columns(model: type[models.Model], given: Any) -> tuple[list[str], tuple]:
    """The model's NOT NULL columns not in `given`, with their defaults (so bulk rows survive new fields)."""
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key or f.null or f.attname in given)]
    return [f.attname for f in fields], tuple(f.get_default() for f in fields)


def _framework(competencies: int) -> np.ndarray:
    """A district framework on a 1-4 scale, through the framework services; the competencies' pks."""
    framework = framework_create(
        title="Bench County Competencies", description="", actor=Actor.system("bench")
    )
    scale = scale_create(
        name="Bench four-point scale",
        mastery_value=Decimal(3),
        actor=Actor.system("bench"),
        levels=[
            LevelSpec(Decimal(value), label)
            for value, label in ((1, "Beginning"), (2, "Developing"), (3, "Proficient"), (4, "Advanced"))
        ],
    )
    scale_assign(scale=scale, framework=framework, actor=Actor.system("bench"))
    return np.array(
        [
            competency_create(
                framework=framework,
                full_statement=f"Competency {n + 1}",
                human_coding_scheme=f"BC.{n + 1}",
                actor=Actor.system("bench"),
            ).pk
            for n in range(competencies)
        ],
        dtype=np.int64,
    )


def _people(kind: str, schools: list[Org], role: str, now: dt.datetime) -> np.ndarray:
    """One person with `role` at each of `schools` (one school per person); their pks in order."""
    names = [f"{kind}-{n}" for n in range(len(schools))]
    _insert(
        Person,
        now,
        sourced_id=[f"bench-{name}" for name in names],
        username=names,
        given_name=[f"{kind.title()}{n}" for n in range(len(names))],
        family_name=["Bench"] * len(names),
        primary_org_id=[school.pk for school in schools],
    )
    pks = dict(Person.objects.filter(sourced_id__startswith=f"bench-{kind}-").values_list("sourced_id", "id"))
    person = np.array([pks[f"bench-{name}"] for name in names], dtype=np.int64)
    _insert(
        PersonRole,
        now,
        sourced_id=[f"bench-role-{name}" for name in names],
        person_id=person.tolist(),
        org_id=[school.pk for school in schools],
        role=[role] * len(names),
        is_primary=[True] * len(names),
    )
    return person


def _sections(
    history: History, schools: list[Org], courses: list[Course], school_of: np.ndarray, now: dt.datetime
) -> Roster:
    """Sections of SECTION_SIZE per school and course, SECTIONS_PER_TEACHER to a teacher of that school."""
    planned = []
    for school in range(len(schools)):
        for course in range(len(courses)):
            members = np.flatnonzero((school_of == school) & (history.courses == course).any(axis=1))
            planned += [
                (school, course, members[at : at + SECTION_SIZE])
                for at in range(0, len(members), SECTION_SIZE)
            ]
    names = [f"bench-section-{n}" for n in range(len(planned))]
    _insert(
        Section,
        now,
        sourced_id=names,
        course_id=[courses[c].pk for _, c, _ in planned],
        title=[f"{courses[c].title}, {schools[s].name}, {n + 1}" for n, (s, c, _) in enumerate(planned)],
        school_id=[schools[s].pk for s, _, _ in planned],
        course_sourced_id=[courses[c].sourced_id for _, c, _ in planned],
        class_type=[Section.Type.SCHEDULED] * len(planned),
    )
    sections = Section.objects.filter(sourced_id__startswith="bench-section-")
    pks = dict(sections.values_list("sourced_id", "id"))
    teacher_of, teacher_school, taught = [], [], 0
    for school, _, _ in planned:  # planned school by school
        if not teacher_school or teacher_school[-1] != school or taught == SECTIONS_PER_TEACHER:
            teacher_school.append(school)
            taught = 0
        teacher_of.append(len(teacher_school) - 1)
        taught += 1
    gradebook = min(
        (n for n, (_, course, _) in enumerate(planned) if course == 0), key=lambda n: (-len(planned[n][2]), n)
    )
    return Roster(
        planned=planned,
        pks=[pks[name] for name in names],
        teacher_of=teacher_of,
        teacher_school=teacher_school,
        gradebook=gradebook,
    )


EVIDENCE_COLUMNS = [
    "id",
    "student_id",
    "competency_id",
    "score",
    "demonstrated_on",
    "kind",
    "section_id",
    "recorded_at",
]
SUMMARY_COLUMNS = [
    "student_id",
    "competency_id",
    "level",
    "computed_level",
    "status",
    "evidence_count",
    "last_demonstrated_on",
]
SUMMARY_CONSTANTS = ["rule_snapshot", "computed_at"]  # the same in every row


def db_value(model: type[models.Model], name: str, value: Any) -> Any:
    """`value` as the bulk load sends it: JSON as text, dates and times as the database's text (once each)."""
    field = model._meta.get_field(name)
    kind = field.get_internal_type()
    if value is None:
        return None
    if kind == "JSONField":
        return json.dumps(value)
    if connection.vendor == "postgresql":
        return value.isoformat() if isinstance(value, dt.date) else value  # COPY's text; dates and datetimes
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value(value)
    if kind == "DateField":
        return connection.ops.adapt_datefield_value(value)
    return value


def db_values(model: type[models.Model], name: str, values: list[Any]) -> np.ndarray:
    """A lookup table (object array) of `db_value`s: index it with a column of indexes, then `.tolist()`."""
    table = np.empty(len(values), dtype=object)
    table[:] = [db_value(model, name, value) for value in values]
    return table


class BulkLoad:
    """Rows written as fast as the database takes them, for the bench's own scratch database only.

    SQLite: no journal and no fsync while loading (`PRAGMA journal_mode=OFF, synchronous=OFF`), one
    `executemany` per batch of whole columns; PostgreSQL: `COPY` with no commit wait. The settings
    Pathmaker runs with (WAL, synchronous NORMAL) come back afterwards, before anything is timed.
    """

    def __enter__(self) -> BulkLoad:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET synchronous_commit = off")
            else:
                cursor.execute("PRAGMA journal_mode = OFF")
                cursor.execute("PRAGMA synchronous = OFF")
        return self

    def __exit__(self, *exc: object) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET synchronous_commit = on")
            else:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")

    @staticmethod
    def write(
        model: type[models.Model], names: list[str], columns: list[list], constants: dict[str, Any]
    ) -> None:
        """Insert the rows of `columns` (lists in `names` order), each with the same `constants`."""
        table = connection.ops.quote_name(model._meta.db_table)
        every = ", ".join(connection.ops.quote_name(name) for name in [*names, *constants])
        values = [db_value(model, name, value) for name, value in constants.items()]
        rows = zip(*columns, *(repeat(value) for value in values))  # noqa: B905 (repeat is endless)
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({every}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["?"] * (len(names) + len(values)))
                cursor.cursor.executemany(f"INSERT INTO {table} ({every}) VALUES ({marks})", rows)  # noqa: S608


def load_evidence(history: History, district: AppDistrict, *, batch: int = 2_000_000) -> None:
    """Every score as an Evidence row (ids as in the history), a batch of whole columns at a time."""
    days = school_days(SCHOOL_DAYS + ENTRY_DELAY_DAYS)
    shown = db_values(Evidence, "demonstrated_on", days)
    typed = db_values(
        Evidence, "recorded_at", [dt.datetime.combine(day, dt.time(16, 30), tzinfo=dt.UTC) for day in days]
    )
    kinds = np.array([str(kind) for kind in KINDS], dtype=object)
    course = np.arange(history.competencies) // COURSE_SIZE
    names, defaults = other_columns(Evidence, EVIDENCE_COLUMNS)  # current, no link, no feedback...
    constants = dict(zip(names, defaults, strict=True))
    for part in batches(history.rows, batch):
        student, competency = history.student[part], history.competency[part]
        ids = history.evidence_id[part]
        columns = [
            ids.tolist(),
            district.person[student].tolist(),
            district.competency[competency].tolist(),
            history.score[part].tolist(),
            shown[history.day[part]].tolist(),
            kinds[ids % len(kinds)].tolist(),
            district.section_of[student, course[competency]].tolist(),
            typed[history.entered[part]].tolist(),
        ]
        del student, competency, ids
        BulkLoad.write(Evidence, EVIDENCE_COLUMNS, columns, constants)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Evidence]):
            cursor.execute(sql)


def load_summaries(history: History, district: AppDistrict, *, batch: int = 2_000_000) -> int:
    """Each student-competency's summary under the default rule, as a district recompute leaves it."""
    rule = DEFAULT_RULE
    columns = vectorized.sort_columns(history.key(), history.order(), history.score)
    found = vectorized.levels_of(columns, rule)
    last_day = columns.order[found.count.cumsum() - 1] // (int(history.evidence_id.max()) + 1)
    del columns
    shown = db_values(MasterySummary, "last_demonstrated_on", school_days())
    names, defaults = other_columns(MasterySummary, [*SUMMARY_COLUMNS, *SUMMARY_CONSTANTS])
    constants = {
        "rule_snapshot": rule.as_dict(),
        "computed_at": timezone.now(),
        **dict(zip(names, defaults, strict=True)),
    }
    student, competency = np.divmod(found.keys, history.competencies)
    for part in batches(len(found.keys), batch):
        level = [None if math.isnan(value) else value for value in found.level[part].tolist()]
        count = found.count[part].tolist()
        status = [status_of(value, n, rule) for value, n in zip(level, count, strict=True)]
        BulkLoad.write(
            MasterySummary,
            SUMMARY_COLUMNS,
            [
                district.person[student[part]].tolist(),
                district.competency[competency[part]].tolist(),
                level,
                level,
                status,
                count,
                shown[last_day[part]].tolist(),
            ],
            constants,
        )
    return len(found.keys)


@dataclass
class SecondaryIndexes:
    """Tables' indexes that no constraint owns: dropped for a bulk load, built again after it."""

    statements: list[str]

    @classmethod
    def drop(cls, *tables: str) -> SecondaryIndexes:
        if connection.vendor == "postgresql":
            query = (
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                " AND tablename = %s AND indexname NOT IN (SELECT conname FROM pg_constraint)"
            )
        else:
            query = (
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s"
                " AND sql IS NOT NULL"
            )
        found = []
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(query, [table])
                found += cursor.fetchall()
            for name, _ in found:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        return cls([statement for _, statement in found])

    def rebuild(self) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET maintenance_work_mem = '1GB'")
            else:  # statistics from a sample of each index, as SQLite advises for large databases
                cursor.execute("PRAGMA analysis_limit = 2000")
            for statement in self.statements:
                cursor.execute(statement)
            cursor.execute("ANALYZE")


@contextmanager
def foreign_keys_unchecked() -> Iterator[None]:
    """No per-row foreign-key checks during the bulk load: its ids come from the database itself, and on
    PostgreSQL the deferred checks would queue 40 million trigger events. Needs a superuser there."""
    if connection.vendor == "postgresql":
        on, off = "SET session_replication_role = DEFAULT", "SET session_replication_role = replica"
    else:
        on, off = "PRAGMA foreign_keys = ON", "PRAGMA foreign_keys = OFF"
    with connection.cursor() as cursor:
        cursor.execute(off)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(on)


def _section_members(district: AppDistrict) -> tuple[list[int], list[int]]:
    """The gradebook section's students and its course's competencies (pks)."""
    students = district.section.enrollments.filter(role=Role.STUDENT).values_list("person_id", flat=True)
    competencies = CourseCompetency.objects.filter(course_id=district.section.course_id).values_list(
        "competency_id", flat=True
    )
    return list(students), list(competencies)


def time_record_and_read(district: AppDistrict, *, repeats: int = 20) -> dict[str, float]:
    """The section's teacher records one score and reads the new level: the median of `repeats`."""
    students, competencies = _section_members(district)
    longest = (
        Evidence.objects.filter(student_id__in=students, competency_id__in=competencies)
        .values("student_id", "competency_id")
        .annotate(scores=Count("id"))
        .order_by("-scores")
        .first()
    )
    day = school_days()[-1]
    times = []
    for attempt in range(repeats + 2):  # two warm-up rounds
        # Loaded afresh, as each request does, so the access rule is worked out again each time.
        user = User.objects.get(pk=district.teacher.pk)
        student = Person.objects.get(pk=longest["student_id"])
        competency = Competency.objects.get(pk=longest["competency_id"])
        started = time.perf_counter()
        evidence_record(
            student=student,
            competency=competency,
            demonstrated_on=day,
            kind=Evidence.Kind.TASK,
            actor=Actor.for_user(user),
            score=Decimal(2 + attempt % 3),
            section=district.section,
        )
        level = MasterySummary.objects.get(student=student, competency=competency).level
        if attempt >= 2:
            times.append(time.perf_counter() - started)
    expected = level_of_values([s.value for s in scores_of(student.pk, competency.pk)], DEFAULT_RULE)
    if expected is None or abs(level - expected) > 1e-9:
        raise AssertionError(f"the summary says {level}, the engine {expected}")
    return {"median_ms": 1000 * statistics.median(times), "history": longest["scores"]}


def time_gradebook(district: AppDistrict, *, repeats: int = 20) -> dict[str, float]:
    """The section's gradebook as its teacher sees it (Django's test client: the whole middleware stack)."""
    client = Client()
    client.force_login(district.teacher)
    url = reverse("section_gradebook", args=[district.section.pk])
    times = []
    for attempt in range(repeats + 2):  # two warm-up rounds
        started = time.perf_counter()
        response = client.get(url)
        if attempt >= 2:
            times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise AssertionError(f"the gradebook answered {response.status_code}")
    students, competencies = _section_members(district)
    summaries = MasterySummary.objects.filter(student_id__in=students, competency_id__in=competencies).count()
    return {
        "median_ms": 1000 * statistics.median(times),
        "students": len(students),
        "competencies": len(competencies),
        "summaries": summaries,
        "bytes": len(response.content),
    }


# ---------------------------------------------------------------------------------------------------
# The stages `pathmaker.benchmarks.stage` runs, each in a fresh process; each returns its figures.


def generate_stage(folder: Path, students: str, competencies: str, rows: str) -> dict[str, object]:
    started = time.perf_counter()
    history = build_history(students=int(students), competencies=int(competencies), rows=int(rows))
    seconds = time.perf_counter() - started
    history.save(folder)
    counts = np.bincount(history.key())
    counts = counts[counts > 0]
    return {
        "seconds": seconds,
        "rows": history.rows,
        "keys": len(counts),
        "students": history.students,
        "competencies": history.competencies,
        "keys_with_1_to_3": int(np.count_nonzero(counts <= 3)),
        "keys_with_30_or_more": int(np.count_nonzero(counts >= 30)),
        "most_per_key": int(counts.max()),
        "bytes": sum(getattr(history, name).nbytes for name in COLUMNS),
    }


def floor_stage(folder: Path, repeats: str) -> dict[str, object]:
    """The floor three ways, each the median of `repeats`; the fastest is the floor."""
    history = History.load(folder)
    key, order, score = history.key(), history.order(), history.score
    del history
    lexsort = median_seconds(lambda: floor_by_lexsort(key, order, score), int(repeats))
    combined, bits = combined_key(key, order)
    argsort = median_seconds(lambda: floor_by_argsort(combined, bits, score), int(repeats))
    packed = PackedRows.pack(key, order, score)
    times = []
    for _ in range(int(repeats)):
        rows = packed.rows.copy()
        started = time.perf_counter()
        floor_by_sorting_packed(packed, rows)
        times.append(time.perf_counter() - started)
        del rows
    return {"lexsort": lexsort, "argsort": argsort, "sort_packed": statistics.median(times)}


def recompute_stage(folder: Path, method: str, repeats: str) -> dict[str, object]:
    """One method's full recompute (`vectorized.district_levels`) from the columns in table order.

    When the recompute sorts, the sort and the levels are timed apart; when it does not (highest,
    mean, n times), the sort-then-levels way is timed as well, and both must give the same levels.
    """
    history = History.load(folder)
    key, order, score = history.key(), history.order(), history.score  # int32, int64, float32
    del history
    rule = Rule(method=Method(method))
    sorts = vectorized.needs_sort(key, rule)
    total, sort, level = [], [], []
    for _ in range(int(repeats)):
        started = time.perf_counter()
        if sorts:  # what district_levels does, in its two steps
            columns = vectorized.sort_columns(key, order, score)
            sorted_at = time.perf_counter()
            found = vectorized.levels_of(columns, rule)
            level.append(time.perf_counter() - sorted_at)
            sort.append(sorted_at - started)
            packed = columns.codes is not None
            del columns
        else:
            found = vectorized.district_levels(key, order, score, rule)
        total.append(time.perf_counter() - started)
    result: dict[str, object] = {
        "median": statistics.median(total),
        "sorts": int(sorts),
        "keys": len(found.keys),
    }
    if not sorts:
        by_sorting = []
        for _ in range(int(repeats)):
            started = time.perf_counter()
            columns = vectorized.sort_columns(key, order, score)
            again = vectorized.levels_of(columns, rule)
            by_sorting.append(time.perf_counter() - started)
            packed = columns.codes is not None
            del columns
        if not (
            np.array_equal(again.keys, found.keys)
            and np.array_equal(again.count, found.count)
            and np.allclose(again.level, found.level, rtol=0, atol=1e-9, equal_nan=True)
        ):
            raise AssertionError(f"{method}: the levels without a sort differ from the sorted ones")
        result["sort_then_levels"] = statistics.median(by_sorting)
    else:
        result.update(sort=statistics.median(sort), levels=statistics.median(level))
    result["packed"] = int(packed)
    return result


def sql_stage(folder: Path, vendor: str, url: str, students: str, repeats: str) -> dict[str, object]:
    """Load the plain table (the first `students` students), then run each baseline query once.

    For a subset, the vectorized recompute is timed here on the same rows (the median of `repeats`);
    for every row, the recompute stage's figures are the ones to compare with.
    """
    history = History.load(folder)
    competencies, subset = history.competencies, int(students) < history.students
    if subset:
        history = history.first_students(int(students))
    database = _connect(vendor, url)
    started = time.perf_counter()
    baseline_load(database, vendor, history)
    result: dict[str, Any] = {
        "rows": history.rows,
        "students": history.students,
        "load": time.perf_counter() - started,
    }
    started = time.perf_counter()
    with closing(database.cursor()) as cursor:
        if vendor == "postgresql":
            cursor.execute("ALTER TABLE bench_evidence ADD PRIMARY KEY (id)")
        cursor.execute("ANALYZE")
    database.commit()
    result["analyze"] = time.perf_counter() - started
    key, order, score = history.key(), history.order(), history.score
    del history
    for method in BASELINE_METHODS:
        rule = Rule(method=method)
        seconds, rows = baseline_levels(database, rule)
        expected = full_recompute(key, order, score, rule)
        result[method] = {"seconds": seconds, "difference": largest_difference(rows, expected, competencies)}
        del rows
        if subset:
            result[method]["vectorized"] = median_seconds(
                lambda rule=rule: full_recompute(key, order, score, rule), int(repeats)
            )
    database.close()
    return result


def _connect(vendor: str, url: str) -> Any:
    if vendor == "postgresql":
        import psycopg

        return psycopg.connect(url)
    import sqlite3

    return sqlite3.connect(url.removeprefix("sqlite:///"))


def app_stage(folder: Path, requests: str) -> dict[str, object]:
    """The history in a fresh Pathmaker database (DATABASE_URL), then recording a score and the gradebook."""
    call_command("migrate", verbosity=0)
    history = History.load(folder)
    started = time.perf_counter()
    district = build_app_district(history)
    result: dict[str, object] = {
        "district": time.perf_counter() - started,
        "sections": Section.objects.count(),
        "enrollments": Enrollment.objects.count(),
    }
    indexes = SecondaryIndexes.drop(Evidence._meta.db_table, MasterySummary._meta.db_table)
    with foreign_keys_unchecked(), BulkLoad():
        started = time.perf_counter()
        load_evidence(history, district)
        result["evidence"] = time.perf_counter() - started
        started = time.perf_counter()
        result["summaries_rows"] = load_summaries(history, district)
        result["summaries"] = time.perf_counter() - started
        del history
        started = time.perf_counter()
        indexes.rebuild()
        result["indexes"] = time.perf_counter() - started
    result["evidence_rows"] = Evidence.objects.count()
    result["record_and_read"] = time_record_and_read(district, repeats=int(requests))
    result["gradebook"] = time_gradebook(district, repeats=int(requests))
    return result


STAGES: dict[str, Callable[..., dict[str, object]]] = {
    "mastery-generate": generate_stage,
    "mastery-floor": floor_stage,
    "mastery-recompute": recompute_stage,
    "mastery-sql": sql_stage,
    "mastery-app": app_stage,
}
