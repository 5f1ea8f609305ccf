"""A synthetic US school district, written as OneRoster 1.2 bulk CSV files.

Pathmaker's demo and its import benchmarks need a district that looks like a real
student information system (SIS) export without containing anyone's data. This
module builds one from a seed: the same arguments always give byte-identical
files, so a benchmark run or a failing test can be reproduced exactly.

The district ("Maple Valley County Schools") is modelled on a diverse suburban
Georgia district:

- schools: about 60% elementary (KG-05), 20% middle (06-08), 20% high (09-12);
- elementary students sit in a self-contained homeroom group (homeroom, ELA,
  mathematics, science, social studies with one teacher) plus specials (PE, and
  art or music from grade 3); middle and high students move as blocks through
  6-7 periods of core courses, world languages and electives, with conflict-free
  periods for students and teachers;
- families: siblings share guardians; some students have one guardian, most
  two, some three or four; some teachers are also parents in the district;
- staff: a principal, an assistant principal (siteAdministrator), counselors,
  teachers (including support teachers who co-teach a few sections or have no
  section at all), kindergarten aides, one district administrator;
- demographics: sex, race/ethnicity, birth data, and the Pathmaker
  ``metadata.pathmaker.*`` programme flags (English learner, free/reduced lunch,
  IEP, 504 plan, gifted) at realistic shares.

At ``students=42000, schools=50`` the output is about 105,000 users, 2,800
teachers, 12,000 classes and 300,000 enrollments, written in a few seconds.
Rows are streamed to ``csv.writer``; only per-person facts (not rows) are kept
in memory.

``mutate_district`` turns one generated district into "the next night's
export": a small share of users renamed or regraded, enrollments dropped and
added, a few students withdrawn (``tobedeleted``) and a few arriving. It is how
the incremental-import path is exercised.

Everything here is the standard library, so the generator runs anywhere the
project does, including outside Django (tests use it without a database).
"""

from __future__ import annotations

import csv
import random
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Protocol, TextIO, TypeVar

from pathmaker.demo.data.courses import (
    CATALOG,
    DEPT_ROOMS,
    ELEMENTARY_COURSES,
    GRADES,
    HIGH_ELECTIVES,
    HIGH_TRACKS,
    MIDDLE_ELECTIVES,
    Course,
    grade_label,
)
from pathmaker.demo.data.people import (
    ASIAN_KEYS,
    FOREIGN_CITIES,
    GENERAL_FEMALE,
    GENERAL_MALE,
    GEORGIA_CITIES,
    HERITAGES,
    NICKNAMES,
    OTHER_STATES,
    RESIDENCE,
    SCHOOL_NAMES,
    SURNAMES_BLACK,
    SURNAMES_COMMON,
    SURNAMES_HISPANIC,
    Heritage,
)
from pathmaker.rostering.oneroster.reader import COLUMNS, DEMOGRAPHIC_EXTENSIONS

__all__ = [
    "BULK_FILES",
    "HEADERS",
    "MANIFEST",
    "GeneratedDistrict",
    "bundle_zip",
    "generate_district",
    "mutate_district",
]

# ---------------------------------------------------------------------------
# File layout
# ---------------------------------------------------------------------------

# The reader's column lists are the one definition of each file's OneRoster columns. The generator
# writes OneRoster 1.2 users (roles go to roles.csv, so no role/orgSourcedIds columns) and Pathmaker's
# equity extension columns in demographics.
HEADERS: dict[str, tuple[str, ...]] = {
    "manifest.csv": ("propertyName", "value"),
    **{
        f"{name}.csv": COLUMNS[name]
        for name in ("orgs", "academicSessions", "courses", "classes", "roles", "enrollments")
    },
    "users.csv": tuple(c for c in COLUMNS["users"] if c not in ("role", "orgSourcedIds")),
    "demographics.csv": (*COLUMNS["demographics"], *DEMOGRAPHIC_EXTENSIONS),
}

MANIFEST: tuple[tuple[str, str], ...] = (
    ("manifest.version", "1.0"),
    ("oneroster.version", "1.2"),
    ("file.academicSessions", "bulk"),
    ("file.categories", "absent"),
    ("file.classes", "bulk"),
    ("file.classResources", "absent"),
    ("file.courses", "bulk"),
    ("file.courseResources", "absent"),
    ("file.demographics", "bulk"),
    ("file.enrollments", "bulk"),
    ("file.lineItemLearningObjectiveIds", "absent"),
    ("file.lineItems", "absent"),
    ("file.lineItemScoreScales", "absent"),
    ("file.orgs", "bulk"),
    ("file.resources", "absent"),
    ("file.resultLearningObjectiveIds", "absent"),
    ("file.results", "absent"),
    ("file.resultScoreScales", "absent"),
    ("file.roles", "bulk"),
    ("file.scoreScales", "absent"),
    ("file.userProfiles", "absent"),
    ("file.userResources", "absent"),
    ("file.users", "bulk"),
    ("source.systemName", "Pathmaker generator"),
    ("source.systemCode", "pathmaker-demo"),
)

#: The data files the manifest marks ``bulk`` (manifest.csv itself is written too).
BULK_FILES: tuple[str, ...] = tuple(
    f"{name.removeprefix('file.')}.csv" for name, mode in MANIFEST if mode == "bulk"
)

DISTRICT_NAME = "Maple Valley County Schools"
STAFF_DOMAIN = "maplevalley.example.org"

# ---------------------------------------------------------------------------
# Vocabulary and shares
# ---------------------------------------------------------------------------

_KIND_GRADES: dict[str, tuple[int, ...]] = {
    "elementary": (0, 1, 2, 3, 4, 5),
    "middle": (6, 7, 8),
    "high": (9, 10, 11, 12),
}
_KIND_SUFFIX = {"elementary": "Elementary School", "middle": "Middle School", "high": "High School"}
# Georgia enrolment is roughly flat by grade, with the usual ninth-grade bulge and senior attrition.
_GRADE_WEIGHT = (0.95, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.1, 1.0, 0.95, 0.9)

# Elementary groups are smaller in the early grades (Georgia's class-size rules), blocks
# in middle/high are a typical section; 32 keeps every class under the 35 the brief allows.
_EARLY_GROUP, _UPPER_GROUP, _BLOCK, _MAX_SECTION = 21, 24, 26, 32
_TEACHER_LOAD = 5  # sections per middle/high teacher (one planning period of 6-7)
_SPECIALS_LOAD = 24  # elementary specials teachers see many groups on a rotation
_STUDENTS_PER_TEACHER = 15  # district-wide ratio, support teachers fill the gap to it

# Kids per family and guardians per family; together about 1.43 guardians per student.
_FAMILY_SIZES = ((1, 0.70), (2, 0.24), (3, 0.05), (4, 0.01))
_GUARDIAN_COUNTS = ((1, 0.24), (2, 0.60), (3, 0.13), (4, 0.03))
_TEACHER_PARENT_SHARE = 0.08
_PARENT_ROLE_SHARE = 0.15  # the rest of the guardians carry role "guardian"

_SEXES = (("female", 0.49), ("male", 0.49), ("unspecified", 0.015), ("other", 0.005))


# ---------------------------------------------------------------------------
# Public result
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedDistrict:
    """Where the files are, how many rows each has, and usernames of people with known relationships.

    The personas let demos and permission tests log in as someone whose place in the
    district is guaranteed, whatever the seed and size.
    """

    path: Path
    counts: dict[str, int]  # data rows (header excluded) per file name, e.g. {"users.csv": 106000, ...}
    district_admin: str  # districtAdministrator at the district org
    principals: dict[str, str]  # school sourcedId -> principal username
    teacher: str  # teacher at the first school who teaches >= 2 sections
    co_teacher: str  # co-teaches (teacher, primary=false) one of `teacher`'s sections
    other_school_teacher: str  # teacher at the second school (no shared sections with `teacher`)
    student: str  # enrolled in one of `teacher`'s sections, has >= 1 guardian
    guardian: str  # a guardian of `student`
    other_guardian: str  # a guardian of a second-school student, not linked to `student`
    teacher_parent: str  # primary role teacher, secondary role guardian of some student


# ---------------------------------------------------------------------------
# Internal records
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _School:
    index: int
    sourced_id: str
    name: str
    kind: str
    identifier: str
    weight: float
    by_grade: dict[int, list[int]] = field(default_factory=dict)  # grade -> student indexes

    @property
    def grades(self) -> tuple[int, ...]:
        return _KIND_GRADES[self.kind]

    def student_count(self) -> int:
        return sum(len(v) for v in self.by_grade.values())


@dataclass(slots=True)
class _Staff:
    uid: str
    role: str  # OneRoster role of the primary role row
    school: int  # index into schools; -1 for the district office
    heritage: int
    sex: str
    given: str
    middle: str
    family: str
    username: str
    employee_no: str
    room: str = ""
    children: list[int] = field(default_factory=list)  # student indexes (teacher-parents only)


@dataclass(slots=True)
class _Guardian:
    uid: str
    role: str  # "guardian" or "parent"
    given: str
    family: str
    username: str
    email: str
    phone: str
    sms: str
    children: list[int]


@dataclass(slots=True)
class _Section:
    course: Course
    title: str
    grade: int
    students: list[int]
    class_type: str = "scheduled"
    period: str = ""
    teacher: int = -1  # staff index
    location: str = ""
    co_teachers: list[int] = field(default_factory=list)
    aides: list[int] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


_T = TypeVar("_T")


class _RowWriter(Protocol):
    """What csv.writer returns (its class is private to the _csv module)."""

    def writerow(self, row: Iterable[object], /) -> object: ...

    def writerows(self, rows: Iterable[Iterable[object]], /) -> None: ...


_FOLD = str.maketrans(
    {
        "á": "a",
        "à": "a",
        "â": "a",
        "ä": "a",
        "ã": "a",
        "é": "e",
        "è": "e",
        "ê": "e",
        "ë": "e",
        "í": "i",
        "ï": "i",
        "î": "i",
        "ó": "o",
        "ò": "o",
        "ô": "o",
        "ö": "o",
        "õ": "o",
        "ú": "u",
        "ù": "u",
        "ü": "u",
        "û": "u",
        "ñ": "n",
        "ç": "c",
        "ś": "s",
        "ł": "l",
        "ź": "z",
        "ż": "z",
    }
)


def _slug(text: str) -> str:
    # Usernames and emails must be plain ASCII even when the name is not.
    folded = text.lower().translate(_FOLD)
    return "".join(ch for ch in folded if "a" <= ch <= "z") or "x"


def _cum(pairs: Iterable[tuple[_T, float]]) -> tuple[list[_T], list[float]]:
    """Values and cumulative weights, computed once so rng.choices need not redo it per draw."""
    values: list[_T] = []
    cum: list[float] = []
    total = 0.0
    for value, weight in pairs:
        total += weight
        values.append(value)
        cum.append(total)
    return values, cum


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), deterministically."""
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    out = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def _chunks(items: list[int], n: int) -> list[list[int]]:
    size, extra = divmod(len(items), n)
    out, start = [], 0
    for i in range(n):
        end = start + size + (1 if i < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def _group_count(n: int, target: int) -> int:
    return max(1, round(n / target), -(-n // _MAX_SECTION))


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T12:00:00.000Z"


def _writer(path: Path, name: str) -> tuple[TextIO, _RowWriter]:
    handle = (path / name).open("w", encoding="utf-8", newline="")
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(HEADERS[name])
    return handle, writer


def _demographics_row(
    rng: random.Random,
    uid: str,
    dlm: str,
    heritage: Heritage,
    sex: str,
    grade: int,
    free_lunch: bool,
    fall_year: int,
    residence_values: list[str],
    residence_cum: list[float],
) -> list[str]:
    # Age: Georgia's kindergarten cutoff is September 1; a few students were held back a year.
    held = 1 if rng.random() < 0.04 else 0
    born = date(fall_year - 6 - grade - held, 9, 2) + timedelta(days=rng.randrange(365))
    races = rng.choices([r for _, r in heritage.races], weights=[w for w, _ in heritage.races])[0]
    # English learners concentrate in the early grades; most exit by middle school.
    el = rng.random() < heritage.english_learner * (1.3 if grade <= 3 else 0.75)
    country, state, city = "US", "GA", ""
    if heritage.countries and rng.random() < (0.45 if el else 0.06):
        country = rng.choice(heritage.countries)
        state, city = "", rng.choice(FOREIGN_CITIES[country])
    elif rng.random() < 0.75:
        city = rng.choice(GEORGIA_CITIES)
    else:
        state, cities = rng.choice(OTHER_STATES)
        if state == "PR" and not heritage.hispanic:
            state, cities = OTHER_STATES[0]
        city = rng.choice(cities)
    # Boys are identified for special education about half again as often as girls.
    iep = rng.random() < (0.17 if sex == "male" else 0.11)
    s504 = not iep and rng.random() < 0.035
    gifted = rng.random() < (0.03 if grade <= 1 else 0.10)
    return [
        uid,
        "active",
        dlm,
        born.isoformat(),
        sex,
        _bool("aian" in races),
        _bool("asian" in races),
        _bool("black" in races),
        _bool("nhpi" in races),
        _bool("white" in races),
        _bool(len(races) > 1),
        _bool(heritage.hispanic),
        country,
        state,
        city,
        str(rng.choices(residence_values, cum_weights=residence_cum)[0]),
        _bool(el),
        _bool(free_lunch),
        _bool(iep),
        _bool(s504),
        _bool(gifted),
    ]


# ---------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------


class _Builder:
    """Holds the district while it is built; phases run in a fixed order so the seed fixes the output."""

    def __init__(self, out_dir: Path, students: int, schools: int, seed: int, school_year: int) -> None:
        self.out = out_dir
        self.n_students = students
        self.n_schools = schools
        self.rng = random.Random(seed)
        self.year = school_year
        fall = school_year - 1
        self.dlm = _timestamp(date(fall, 8, 1))
        self.year_id = f"as-{school_year}"
        self.terms = (self.year_id, f"as-{school_year}-s1", f"as-{school_year}-s2")
        self.term_dates = (
            (date(fall, 8, 1), date(school_year, 5, 29)),
            (date(fall, 8, 1), date(fall, 12, 19)),
            (date(school_year, 1, 5), date(school_year, 5, 29)),
        )
        self.term_iso = tuple((a.isoformat(), b.isoformat()) for a, b in self.term_dates)
        self.district_id = "org-0000"
        self.counts: dict[str, int] = {}
        self._usernames: dict[str, int] = {}
        self._next_user = 0
        self._next_enrollment = 0
        self._next_class = 0
        self._next_course = 0
        self._next_employee = 10_000
        self.schools: list[_School] = []
        self.staff: list[_Staff] = []
        self.guardians: list[_Guardian] = []
        # Students as parallel lists: 42k small objects would cost more memory and time.
        self.st_uid: list[str] = []
        self.st_school: list[int] = []
        self.st_grade: list[int] = []
        self.st_sex: list[str] = []
        self.st_family: list[int] = []
        self.st_given: list[str] = []
        self.st_middle: list[str] = []
        self.st_pref: list[str] = []
        self.st_username: list[str] = []
        self.st_surname: list[str] = []
        self.fam_children: list[list[int]] = []
        self.fam_heritage: list[int] = []
        self.fam_free_lunch: list[bool] = []
        self.fam_guardians: list[list[int]] = []  # guardian indexes
        self.fam_teacher: dict[int, int] = {}  # family -> staff index of a teacher-parent
        self._her_values, self._her_cum = _cum(tuple((i, h.weight) for i, h in enumerate(HERITAGES)))
        self._staff_her_values, self._staff_her_cum = _cum(
            tuple((i, h.staff_weight) for i, h in enumerate(HERITAGES))
        )
        self._sex_values, self._sex_cum = _cum(_SEXES)
        # Persona bookkeeping.
        self.persona_section: _Section | None = None
        self.other_school_teacher = -1
        self.district_admin = -1
        self.principals: dict[str, int] = {}

    # -- identities ---------------------------------------------------------------------------

    def _uid(self) -> str:
        self._next_user += 1
        return f"usr-{self._next_user:07d}"

    def _username(self, given: str, family: str) -> str:
        base = f"{_slug(given)}.{_slug(family)}"
        n = self._usernames.get(base, 0) + 1
        self._usernames[base] = n
        # Names carry no digits, so "base" + counter can never collide with another base.
        return base if n == 1 else f"{base}{n}"

    def _pick_sex(self) -> str:
        return self.rng.choices(self._sex_values, cum_weights=self._sex_cum)[0]

    def _given(self, heritage: Heritage, sex: str, mainstream: float) -> str:
        rng = self.rng
        female = sex == "female" or (sex not in ("male", "female") and rng.random() < 0.5)
        if rng.random() < mainstream:
            return rng.choice(GENERAL_FEMALE if female else GENERAL_MALE)
        return rng.choice(heritage.female if female else heritage.male)

    def _new_staff(self, role: str, school: int) -> int:
        rng = self.rng
        h_index = rng.choices(self._staff_her_values, cum_weights=self._staff_her_cum)[0]
        heritage = HERITAGES[h_index]
        # Teaching is about three-quarters women in Georgia; leadership is closer to even.
        sex = (
            "female"
            if rng.random() < (0.76 if role in ("teacher", "aide", "counselor") else 0.55)
            else "male"
        )
        given = self._given(heritage, sex, min(1.0, heritage.mainstream + 0.3))
        family = rng.choice(heritage.surnames)
        middle = self._given(heritage, sex, 0.7) if rng.random() < 0.5 else ""
        self._next_employee += rng.randint(1, 9)
        staff = _Staff(
            self._uid(),
            role,
            school,
            h_index,
            sex,
            given,
            middle,
            family,
            self._username(given, family),
            f"E{self._next_employee}",
        )
        self.staff.append(staff)
        return len(self.staff) - 1

    # -- phases -----------------------------------------------------------------------------

    def run(self) -> GeneratedDistrict:
        self._plan_schools()
        self._write_static_files()
        self._create_leadership()
        self._create_students()
        self._write_sections()
        self._form_families()
        personas = self._pick_personas()
        self._write_people()
        staff = self.staff
        return GeneratedDistrict(
            path=self.out,
            counts=dict(sorted(self.counts.items())),
            district_admin=staff[self.district_admin].username,
            principals={sid: staff[i].username for sid, i in self.principals.items()},
            **personas,
        )

    def _plan_schools(self) -> None:
        n = self.n_schools
        n_high = max(1, round(n * 0.2))
        n_middle = max(1, round(n * 0.2)) if n >= 3 else 0
        kinds = ["elementary"] * (n - n_high - n_middle) + ["middle"] * n_middle + ["high"] * n_high
        if n_middle:
            # The first school hosts the demo personas: a middle school, so the persona student is old
            # enough to write their own learner profile, set goals and start on college and career plans.
            kinds.insert(0, kinds.pop(kinds.index("middle")))
        rng = self.rng
        prefixes = list(SCHOOL_NAMES)
        rng.shuffle(prefixes)
        # More schools than names: reuse the names with compass prefixes, then numbers.
        pool = prefixes + [f"{d} {p}" for d in ("North", "South", "East", "West") for p in prefixes]
        for i, kind in enumerate(kinds):
            stem = pool[i] if i < len(pool) else f"{pool[i % len(pool)]} {i // len(pool) + 1}"
            self.schools.append(
                _School(
                    index=i,
                    sourced_id=f"org-{i + 1:04d}",
                    name=f"{stem} {_KIND_SUFFIX[kind]}",
                    kind=kind,
                    identifier=f"{(i + 1) * 100 + rng.randint(1, 99):04d}",
                    weight=rng.uniform(0.75, 1.25),
                )
            )

    def _write_static_files(self) -> None:
        out, dlm, year = self.out, self.dlm, self.year
        with (out / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
            w = csv.writer(handle, lineterminator="\n")
            w.writerow(HEADERS["manifest.csv"])
            w.writerows(MANIFEST)
        self.counts["manifest.csv"] = len(MANIFEST)

        handle, w = _writer(out, "orgs.csv")
        with handle:
            w.writerow([self.district_id, "active", dlm, DISTRICT_NAME, "district", "1309990", ""])
            for s in self.schools:
                w.writerow([s.sourced_id, "active", dlm, s.name, "school", s.identifier, self.district_id])
        self.counts["orgs.csv"] = 1 + len(self.schools)

        fall = year - 1
        year_id, s1, s2 = self.terms
        sessions = [
            (year_id, f"{fall}-{year} School Year", "schoolYear", self.term_dates[0], ""),
            (s1, f"Fall Semester {fall}", "semester", self.term_dates[1], year_id),
            (s2, f"Spring Semester {year}", "semester", self.term_dates[2], year_id),
            (
                f"{s1}-q1",
                f"Quarter 1 {fall}-{year}",
                "gradingPeriod",
                (date(fall, 8, 1), date(fall, 10, 10)),
                s1,
            ),
            (
                f"{s1}-q2",
                f"Quarter 2 {fall}-{year}",
                "gradingPeriod",
                (date(fall, 10, 13), date(fall, 12, 19)),
                s1,
            ),
            (
                f"{s2}-q3",
                f"Quarter 3 {fall}-{year}",
                "gradingPeriod",
                (date(year, 1, 5), date(year, 3, 13)),
                s2,
            ),
            (
                f"{s2}-q4",
                f"Quarter 4 {fall}-{year}",
                "gradingPeriod",
                (date(year, 3, 16), date(year, 5, 29)),
                s2,
            ),
        ]
        handle, w = _writer(out, "academicSessions.csv")
        with handle:
            for sid, title, kind, (start, end), parent in sessions:
                w.writerow(
                    [sid, "active", dlm, title, kind, start.isoformat(), end.isoformat(), parent, year]
                )
        self.counts["academicSessions.csv"] = len(sessions)

    def _create_leadership(self) -> None:
        self.district_admin = self._new_staff("districtAdministrator", -1)
        for s in self.schools:
            self.principals[s.sourced_id] = self._new_staff("principal", s.index)
            self._new_staff("siteAdministrator", s.index)
            for _ in range(1 if s.kind == "elementary" else 2):
                self._new_staff("counselor", s.index)

    def _create_students(self) -> None:
        served = [g for g in range(len(GRADES)) if any(g in s.grades for s in self.schools)]
        per_grade = _apportion(self.n_students, [_GRADE_WEIGHT[g] for g in served])
        per_school: dict[tuple[int, int], int] = {}
        for g, count in zip(served, per_grade, strict=True):
            schools = [s for s in self.schools if g in s.grades]
            for s, n in zip(schools, _apportion(count, [s.weight for s in schools]), strict=True):
                per_school[(s.index, g)] = n
        for s in self.schools:
            for g in s.grades:
                start = len(self.st_uid)
                for _ in range(per_school[(s.index, g)]):
                    self.st_uid.append(self._uid())
                    self.st_school.append(s.index)
                    self.st_grade.append(g)
                    self.st_sex.append(self._pick_sex())
                s.by_grade[g] = list(range(start, len(self.st_uid)))

    # -- sections -------------------------------------------------------------------------------

    def _write_sections(self) -> None:
        ch, cw = _writer(self.out, "courses.csv")
        kh, kw = _writer(self.out, "classes.csv")
        eh, ew = _writer(self.out, "enrollments.csv")
        with ch, kh, eh:
            for school in self.schools:
                course_ids = self._write_courses(cw, school)
                first_teacher = len(self.staff)
                if school.kind == "elementary":
                    sections = self._elementary_sections(school)
                else:
                    sections = self._secondary_sections(school)
                regular = len(self.staff) - first_teacher
                self._add_support_staff(school, sections, regular)
                if school.index == 1:
                    self.other_school_teacher = first_teacher
                self._write_classes(kw, ew, school, sections, course_ids)
        self.counts["courses.csv"] = self._next_course
        self.counts["classes.csv"] = self._next_class
        self.counts["enrollments.csv"] = self._next_enrollment

    def _write_courses(self, w: _RowWriter, school: _School) -> dict[str, str]:
        ids: dict[str, str] = {}
        dlm = self.dlm
        for key, course in CATALOG[school.kind].items():
            self._next_course += 1
            sid = f"crs-{self._next_course:06d}"
            ids[key] = sid
            w.writerow(
                [
                    sid,
                    "active",
                    dlm,
                    self.year_id,
                    course.title,
                    course.code,
                    ",".join(GRADES[g] for g in course.grades),
                    school.sourced_id,
                    course.subject,
                    course.subject_code,
                ]
            )
        return ids

    def _elementary_sections(self, school: _School) -> list[_Section]:
        rng, courses = self.rng, ELEMENTARY_COURSES
        sections: list[_Section] = []
        specials: dict[str, list[_Section]] = {"PE": [], "ART": [], "MUSIC": []}
        alternate = 0
        room = 100
        for g in school.grades:
            studs = list(school.by_grade[g])
            if not studs:
                continue
            rng.shuffle(studs)
            target = _EARLY_GROUP if g <= 2 else _UPPER_GROUP
            for group in _chunks(studs, _group_count(len(studs), target)):
                # A self-contained classroom: one teacher, one room, the same children all day.
                teacher = self._new_staff("teacher", school.index)
                room += 1
                name = self.staff[teacher].family
                self.staff[teacher].room = f"Room {room}"
                for subject in ("HR", "ELA", "MATH", "SCI", "SS"):
                    course = courses[f"{subject}{g}"]
                    sections.append(
                        _Section(
                            course,
                            f"{course.title} - {name}",
                            g,
                            group,
                            class_type="homeroom" if subject == "HR" else "scheduled",
                            teacher=teacher,
                            location=f"Room {room}",
                        )
                    )
                label = f"{grade_label(g)} ({name})"
                specials["PE"].append(_Section(courses["PE"], f"Physical Education - {label}", g, group))
                if g >= 3:
                    kind = "ART" if alternate % 2 == 0 else "MUSIC"
                    alternate += 1
                    specials[kind].append(
                        _Section(courses[kind], f"{courses[kind].title} - {label}", g, group)
                    )
        for kind, secs in specials.items():
            if not secs:
                continue
            n_teachers = -(-len(secs) // _SPECIALS_LOAD)
            teachers = [self._new_staff("teacher", school.index) for _ in range(n_teachers)]
            for i, sec in enumerate(secs):
                sec.teacher = teachers[i * n_teachers // len(secs)]
                sec.location = DEPT_ROOMS[kind]
            sections.extend(secs)
        if school.index == 0:
            # The persona teacher: the first homeroom teacher, whose mathematics class gets a co-teacher.
            self.persona_section = next(s for s in sections if s.course.key.startswith("MATH"))
        self._add_aide(school, sections)
        return sections

    def _secondary_sections(self, school: _School) -> list[_Section]:
        rng = self.rng
        courses = CATALOG[school.kind]
        # A unit is what one teacher teaches in one period: a section, or a fall/spring pair.
        units: list[tuple[str, int, list[_Section]]] = []
        for g in school.grades:
            studs = list(school.by_grade[g])
            if not studs:
                continue
            rng.shuffle(studs)
            periods = 6 if g == 12 else 7  # seniors leave after sixth period
            for b, block in enumerate(_chunks(studs, _group_count(len(studs), _BLOCK))):
                for slot, keys in enumerate(self._slots(school.kind, g)):
                    # Rotating the slot order by block keeps every block's periods distinct
                    # and spreads one course's sections across the day.
                    period = (slot + b) % periods + 1
                    secs = [
                        _Section(
                            courses[k], f"{courses[k].title} - Period {period}", g, block, period=str(period)
                        )
                        for k in keys
                    ]
                    units.append((courses[keys[0]].dept, period, secs))
        pools: dict[str, list[list[int]]] = {}  # dept -> [[staff index, load, periods bitmask], ...]
        for dept, period, secs in units:
            pool = pools.setdefault(dept, [])
            bit = 1 << period
            for entry in pool:
                if entry[1] < _TEACHER_LOAD and not entry[2] & bit:
                    break
            else:
                entry = [self._new_staff("teacher", school.index), 0, 0]
                self.staff[entry[0]].room = DEPT_ROOMS.get(dept, f"Room {100 + len(self.staff) % 200}")
                pool.append(entry)
            entry[1] += 1
            entry[2] |= bit
            for sec in secs:
                sec.teacher = entry[0]
                sec.location = self.staff[entry[0]].room
        sections = [sec for _, _, secs in units for sec in secs]
        if school.index == 0:
            # The persona teacher's seventh-grade mathematics class, which gets a co-teacher.
            maths = [sec for sec in sections if sec.course.key.startswith("MATH")]
            self.persona_section = next((sec for sec in maths if sec.grade == 7), maths[0])
        return sections

    def _slots(self, kind: str, g: int) -> list[tuple[str, ...]]:
        rng = self.rng

        def track(subject: str) -> str:
            options = HIGH_TRACKS[subject][g]
            return rng.choices([k for k, _ in options], weights=[w for _, w in options])[0]

        if kind == "middle":
            math = "ALG1M" if g == 8 and rng.random() < 0.25 else f"MATH{g}"
            electives = rng.sample(MIDDLE_ELECTIVES, 2)
            return [
                (f"ELA{g}",),
                (math,),
                (f"SCI{g}",),
                (f"SS{g}",),
                ("HPE",),
                (electives[0],),
                (electives[1],),
            ]
        slots: list[tuple[str, ...]] = [(track("ELA"),), (track("MATH"),), (track("SCI"),)]
        if g == 12:
            slots.append(("ECON", "AMGOV"))
            slots.extend((e,) for e in rng.sample(HIGH_ELECTIVES, 2))
            return slots
        slots.append((track("SS"),))
        language = "SPAN" if rng.random() < 0.75 else "FREN"
        slots.append((f"{language}{g - 8}",))
        if g == 9:
            slots.append(("HEALTH", "PFIT"))
            slots.append((rng.choice([e for e in HIGH_ELECTIVES if e not in ("PSYCH", "WEIGHT")]),))
        else:
            slots.extend((e,) for e in rng.sample(HIGH_ELECTIVES, 2))
        return slots

    def _add_aide(self, school: _School, sections: list[_Section]) -> None:
        homerooms = [s for s in sections if s.class_type == "homeroom"]
        if homerooms:
            aide = self._new_staff("aide", school.index)
            for sec in homerooms[:2]:
                sec.aides.append(aide)

    def _add_support_staff(self, school: _School, sections: list[_Section], regular: int) -> None:
        """Special-education, ESOL and intervention teachers: they bring teachers to ~1 per 15 students.

        Half co-teach one or two sections (role teacher, primary=false); the rest have no
        section at all, as coaches and interventionists do in real exports.
        """
        rng = self.rng
        target = max(1, round(school.student_count() / _STUDENTS_PER_TEACHER))
        candidates = [s for s in sections if s.class_type == "scheduled"]
        rng.shuffle(candidates)
        forced = self.persona_section if school.index == 0 else None
        if forced is not None:
            candidates.remove(forced)
            candidates.insert(0, forced)
        for k in range(max(1, target - regular)):
            teacher = self._new_staff("teacher", school.index)
            if k % 2 == 0:
                for _ in range(1 if k == 0 and forced is not None else rng.randint(1, 2)):
                    if candidates:
                        candidates.pop(0).co_teachers.append(teacher)

    def _write_classes(
        self,
        kw: _RowWriter,
        ew: _RowWriter,
        school: _School,
        sections: list[_Section],
        course_ids: dict[str, str],
    ) -> None:
        dlm, school_id = self.dlm, school.sourced_id
        st_uid, staff = self.st_uid, self.staff
        code_seq: dict[str, int] = {}
        for sec in sections:
            course = sec.course
            self._next_class += 1
            cid = f"cls-{self._next_class:06d}"
            seq = code_seq[course.key] = code_seq.get(course.key, 0) + 1
            kw.writerow(
                [
                    cid,
                    "active",
                    dlm,
                    sec.title,
                    GRADES[sec.grade],
                    course_ids[course.key],
                    f"{course.code}-{seq:02d}",
                    sec.class_type,
                    sec.location,
                    school_id,
                    self.terms[course.term],
                    course.subject,
                    course.subject_code,
                    sec.period,
                ]
            )
            begin, end = self.term_iso[course.term]
            n = self._next_enrollment
            rows = [
                [
                    f"enr-{n + 1:07d}",
                    "active",
                    dlm,
                    cid,
                    school_id,
                    staff[sec.teacher].uid,
                    "teacher",
                    "true",
                    begin,
                    end,
                ]
            ]
            for t in sec.co_teachers:
                rows.append(["", "active", dlm, cid, school_id, staff[t].uid, "teacher", "false", begin, end])
            for a in sec.aides:
                rows.append(["", "active", dlm, cid, school_id, staff[a].uid, "aide", "false", begin, end])
            for s in sec.students:
                rows.append(["", "active", dlm, cid, school_id, st_uid[s], "student", "false", begin, end])
            for i, row in enumerate(rows[1:], start=n + 2):
                row[0] = f"enr-{i:07d}"
            self._next_enrollment = n + len(rows)
            ew.writerows(rows)

    # -- families -------------------------------------------------------------------------------

    def _form_families(self) -> None:
        rng = self.rng
        n = len(self.st_uid)
        order = list(range(n))
        rng.shuffle(order)
        size_values, size_cum = _cum(_FAMILY_SIZES)
        guardian_values, guardian_cum = _cum(_GUARDIAN_COUNTS)
        self.st_family = [0] * n
        i = 0
        while i < n:
            size: int = rng.choices(size_values, cum_weights=size_cum)[0]
            # Oldest child first, as SIS family views list them.
            children = sorted(order[i : i + size], key=lambda s: -self.st_grade[s])
            i += size
            for c in children:
                self.st_family[c] = len(self.fam_children)
            self.fam_children.append(children)
            self.fam_heritage.append(rng.choices(self._her_values, cum_weights=self._her_cum)[0])
            self.fam_guardians.append([])

        # Teacher-parents: a share of teachers take the first guardian place of some family.
        section = self.persona_section
        assert section is not None
        persona_family = self.st_family[section.students[0]]
        excluded = {section.teacher, self.other_school_teacher, *section.co_teachers}
        teachers = [i for i, s in enumerate(self.staff) if s.role == "teacher" and i not in excluded]
        families = [f for f in range(len(self.fam_children)) if f != persona_family]
        n_tp = min(max(1, round(_TEACHER_PARENT_SHARE * len(teachers))), len(teachers), len(families))
        for t, f in zip(rng.sample(teachers, n_tp), rng.sample(families, n_tp), strict=True):
            self.fam_teacher[f] = t
            self.fam_heritage[f] = self.staff[t].heritage

        self.st_given = [""] * n
        self.st_middle = [""] * n
        self.st_pref = [""] * n
        self.st_surname = [""] * n
        self.st_username = [""] * n
        for f, children in enumerate(self.fam_children):
            heritage = HERITAGES[self.fam_heritage[f]]
            teacher = self.fam_teacher.get(f)
            surname = self.staff[teacher].family if teacher is not None else rng.choice(heritage.surnames)
            # Eligibility is decided per household, so siblings share it.
            self.fam_free_lunch.append(teacher is None and rng.random() < heritage.free_lunch)
            for c in children:
                self._name_student(c, heritage, surname)
            n_guardians: int = rng.choices(guardian_values, cum_weights=guardian_cum)[0]
            first_sex = "female" if rng.random() < 0.7 else "male"
            for slot in range(n_guardians):
                if slot == 0 and teacher is not None:
                    self.staff[teacher].children.extend(children)
                    continue
                if slot == 0:
                    sex, family = first_sex, surname
                elif slot == 1:
                    sex = ("male" if first_sex == "female" else "female") if rng.random() < 0.9 else first_sex
                    family = surname if rng.random() < 0.7 else rng.choice(heritage.surnames)
                else:  # grandparents, step-parents
                    sex = "female" if rng.random() < 0.6 else "male"
                    family = surname if rng.random() < 0.4 else rng.choice(heritage.surnames)
                self.fam_guardians[f].append(self._new_guardian(heritage, sex, family, children))

    def _name_student(self, c: int, heritage: Heritage, surname: str) -> None:
        rng = self.rng
        sex = self.st_sex[c]
        given = self._given(heritage, sex, heritage.mainstream)
        middle = self._given(heritage, sex, heritage.mainstream) if rng.random() < 0.55 else ""
        pref = ""
        if given in NICKNAMES and rng.random() < 0.35:
            pref = NICKNAMES[given]
        elif (
            heritage.key in ASIAN_KEYS and given not in GENERAL_MALE + GENERAL_FEMALE and rng.random() < 0.25
        ):
            # Many Asian-American students go by an English name at school.
            pref = rng.choice(GENERAL_FEMALE if sex == "female" else GENERAL_MALE)
        self.st_given[c] = given
        self.st_middle[c] = "" if middle == given else middle
        self.st_pref[c] = pref
        self.st_surname[c] = surname
        self.st_username[c] = self._username(given, surname)

    def _new_guardian(self, heritage: Heritage, sex: str, family: str, children: list[int]) -> int:
        rng = self.rng
        given = self._given(heritage, sex, min(1.0, heritage.mainstream + 0.15))
        username = self._username(given, family)
        roll = rng.random()
        # Guardians use personal email; some never gave the school one.
        email = "" if roll < 0.04 else f"{username}@{'example.net' if roll < 0.14 else 'example.com'}"
        phone = f"{rng.choice(('404', '470', '678', '770'))}-555-{rng.randint(100, 199):04d}"
        sms = phone if rng.random() < 0.7 else ""
        if rng.random() < 0.02:
            phone = ""
        role = "parent" if rng.random() < _PARENT_ROLE_SHARE else "guardian"
        self.guardians.append(
            _Guardian(self._uid(), role, given, family, username, email, phone, sms, children)
        )
        return len(self.guardians) - 1

    # -- personas -------------------------------------------------------------------------------

    def _pick_personas(self) -> dict[str, str]:
        staff, section = self.staff, self.persona_section
        assert section is not None and section.co_teachers, "first school must have a co-taught section"
        student = section.students[0]
        family = self.st_family[student]
        guardian = self.guardians[self.fam_guardians[family][0]]
        other = None
        for f, children in enumerate(self.fam_children):
            if f == family or not self.fam_guardians[f]:
                continue
            if all(self.st_school[c] == 1 for c in children):
                other = self.guardians[self.fam_guardians[f][0]]
                break
        if other is None:  # only reachable in tiny districts: settle for any second-school family
            for f, children in enumerate(self.fam_children):
                if f != family and self.fam_guardians[f] and any(self.st_school[c] == 1 for c in children):
                    other = self.guardians[self.fam_guardians[f][0]]
                    break
        if other is None:
            raise RuntimeError("no second-school guardian to use as other_guardian")
        teacher_parent = min(self.fam_teacher.values())
        return {
            "teacher": staff[section.teacher].username,
            "co_teacher": staff[section.co_teachers[0]].username,
            "other_school_teacher": staff[self.other_school_teacher].username,
            "student": self.st_username[student],
            "guardian": guardian.username,
            "other_guardian": other.username,
            "teacher_parent": staff[teacher_parent].username,
        }

    # -- people files ---------------------------------------------------------------------------

    def _write_people(self) -> None:
        uh, uw = _writer(self.out, "users.csv")
        rh, rw = _writer(self.out, "roles.csv")
        dh, dw = _writer(self.out, "demographics.csv")
        with uh, rh, dh:
            self._roles = 0
            self._write_staff(uw, rw)
            self._write_students(uw, rw, dw)
            self._write_guardians(uw, rw)
        self.counts["users.csv"] = len(self.staff) + len(self.st_uid) + len(self.guardians)
        self.counts["roles.csv"] = self._roles
        self.counts["demographics.csv"] = len(self.st_uid)

    def _role(self, rw: _RowWriter, uid: str, kind: str, role: str, org: str) -> None:
        self._roles += 1
        rw.writerow(
            [f"rol-{self._roles:07d}", "active", self.dlm, uid, kind, role, self.term_iso[0][0], "", org, ""]
        )

    def _child_schools(self, children: list[int]) -> list[str]:
        seen: list[str] = []
        for c in children:
            sid = self.schools[self.st_school[c]].sourced_id
            if sid not in seen:
                seen.append(sid)
        return seen

    def _write_staff(self, uw: _RowWriter, rw: _RowWriter) -> None:
        rng, dlm, st_uid = self.rng, self.dlm, self.st_uid
        for s in self.staff:
            org = self.district_id if s.school < 0 else self.schools[s.school].sourced_id
            pref = NICKNAMES.get(s.given, "") if rng.random() < 0.2 else ""
            pronouns = ""
            if rng.random() < 0.1:
                pronouns = "she/her" if s.sex == "female" else "he/him"
            agents = ",".join(st_uid[c] for c in s.children)
            uw.writerow(
                [
                    s.uid,
                    "active",
                    dlm,
                    "true",
                    s.username,
                    f"{{EmployeeID:{s.employee_no}}}",
                    s.given,
                    s.family,
                    s.middle,
                    s.employee_no,
                    f"{s.username}@{STAFF_DOMAIN}",
                    "",
                    "",
                    agents,
                    "",
                    "",
                    "",
                    pref,
                    "",
                    "",
                    org,
                    pronouns,
                ]
            )
            self._role(rw, s.uid, "primary", s.role, org)
            for sid in self._child_schools(s.children):
                self._role(rw, s.uid, "secondary", "guardian", sid)

    def _write_students(self, uw: _RowWriter, rw: _RowWriter, dw: _RowWriter) -> None:
        rng, dlm = self.rng, self.dlm
        residence_values, residence_cum = _cum(RESIDENCE)
        for c in range(len(self.st_uid)):
            f = self.st_family[c]
            heritage = HERITAGES[self.fam_heritage[f]]
            surname = self.st_surname[c]
            school = self.schools[self.st_school[c]]
            g = self.st_grade[c]
            sex = self.st_sex[c]
            guardians = [self.guardians[i].uid for i in self.fam_guardians[f]]
            if f in self.fam_teacher:
                guardians.insert(0, self.staff[self.fam_teacher[f]].uid)
            gtid = str(6_100_000_000 + (c * 7_919) % 90_000_000)  # 10-digit Georgia Testing ID, unique
            local_id = str(200_000 + c)
            pronouns = "they/them" if sex == "other" else ""
            username = self.st_username[c]
            uw.writerow(
                [
                    self.st_uid[c],
                    "active",
                    dlm,
                    "true",
                    username,
                    f"{{GTID:{gtid}}}",
                    self.st_given[c],
                    surname,
                    self.st_middle[c],
                    local_id,
                    f"{username}@{STAFF_DOMAIN}",
                    "",
                    "",
                    ",".join(guardians),
                    GRADES[g],
                    "",
                    gtid,
                    self.st_pref[c],
                    "",
                    "",
                    school.sourced_id,
                    pronouns,
                ]
            )
            self._role(rw, self.st_uid[c], "primary", "student", school.sourced_id)

            dw.writerow(
                _demographics_row(
                    rng,
                    self.st_uid[c],
                    dlm,
                    heritage,
                    sex,
                    g,
                    self.fam_free_lunch[f],
                    self.year - 1,
                    residence_values,
                    residence_cum,
                )
            )

    def _write_guardians(self, uw: _RowWriter, rw: _RowWriter) -> None:
        dlm, st_uid = self.dlm, self.st_uid
        for g in self.guardians:
            schools = self._child_schools(g.children)
            uw.writerow(
                [
                    g.uid,
                    "active",
                    dlm,
                    "true",
                    g.username,
                    "",
                    g.given,
                    g.family,
                    "",
                    "",
                    g.email,
                    g.sms,
                    g.phone,
                    ",".join(st_uid[c] for c in g.children),
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    schools[0],
                    "",
                ]
            )
            for k, sid in enumerate(schools):
                self._role(rw, g.uid, "primary" if k == 0 else "secondary", g.role, sid)


# ---------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------


def generate_district(
    out_dir: Path, *, students: int, schools: int, seed: int = 7, school_year: int = 2026
) -> GeneratedDistrict:
    """Write a synthetic district's OneRoster 1.2 bulk CSV files into `out_dir` (created if missing).

    `school_year` is the year the school year ends in (2026 means August 2025 - May 2026).
    The same arguments always produce byte-identical files.
    """
    if schools < 2:
        raise ValueError(
            f"schools must be at least 2 (got {schools}): the personas need a first and a second school"
        )
    if students < 20 * schools:
        raise ValueError(
            f"students must be at least 20 per school: {schools} schools need >= {20 * schools} "
            f"students (got {students})"
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return _Builder(out, students, schools, seed, school_year).run()


def bundle_zip(district_dir: Path, zip_path: Path) -> Path:
    """Zip a generated (or mutated) district the way SIS exports arrive: the CSVs at the archive root.

    Entries carry a fixed timestamp so the archive is as reproducible as the files.
    """
    district_dir, zip_path = Path(district_dir), Path(zip_path)
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in HEADERS:
            source = district_dir / name
            if source.exists():
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, source.read_bytes())
    return zip_path


def _read(path: Path) -> tuple[dict[str, int], Iterator[list[str]]]:
    """Column positions by name, and the data rows; the file closes when the rows run out."""
    handle = path.open(encoding="utf-8", newline="")
    reader = csv.reader(handle)
    header = next(reader)

    def rows() -> Iterator[list[str]]:
        with handle:
            yield from reader

    return {name: i for i, name in enumerate(header)}, rows()


def mutate_district(src_dir: Path, out_dir: Path, *, share: float = 0.02, seed: int = 11) -> dict[str, int]:
    """Write "the next nightly export" of a generated district into `out_dir`.

    About `share` of the user rows and of the enrollment rows change, the way an SIS
    changes overnight: family names, guardian emails and student grades edited;
    enrollments dropped (absent from the bulk file) and about as many added; a few
    students withdrawn (``tobedeleted`` in users.csv and roles.csv, enrollments gone)
    and a few arriving (user, role, demographics, guardians, a peer's schedule).
    No school loses more than 2% of its students, so importers that refuse mass
    deactivations accept the file. Changed and new rows get a dateLastModified one
    day after the newest one in the source. Returns how many of each change were made.
    """
    if not 0 <= share <= 0.5:
        raise ValueError(f"share must be between 0 and 0.5 (got {share})")
    src, out = Path(src_dir), Path(out_dir)
    if src.resolve() == out.resolve():
        raise ValueError("out_dir must differ from src_dir: the source is read while the output is written")
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for name in ("manifest.csv", "orgs.csv", "academicSessions.csv", "courses.csv", "classes.csv"):
        (out / name).write_bytes((src / name).read_bytes())

    # -- what the source holds -------------------------------------------------------------
    student_ids: list[str] = []
    guardian_ids: list[str] = []
    with (src / "roles.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        col = {name: i for i, name in enumerate(next(reader))}
        staff_like: set[str] = set()
        for row in reader:
            if row[col["status"]] != "active":
                continue
            role, user = row[col["role"]], row[col["userSourcedId"]]
            if row[col["roleType"]] == "primary":
                if role == "student":
                    student_ids.append(user)
                elif role in ("guardian", "parent"):
                    guardian_ids.append(user)
                else:
                    staff_like.add(user)

    student_set = set(student_ids)
    info: dict[str, tuple[str, str, str, str]] = {}  # student -> (school, grade, given, family)
    guardian_names: dict[str, tuple[str, str]] = {}
    usernames: set[str] = set()
    user_ids: set[str] = set()
    newest = ""
    n_users = 0
    with (src / "users.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        col = {name: i for i, name in enumerate(next(reader))}
        guardian_set = set(guardian_ids)
        for row in reader:
            n_users += 1
            uid = row[col["sourcedId"]]
            user_ids.add(uid)
            usernames.add(row[col["username"]])
            newest = max(newest, row[col["dateLastModified"]])
            if uid in student_set and row[col["status"]] == "active":
                info[uid] = (
                    row[col["primaryOrgSourcedId"]],
                    row[col["grades"]],
                    row[col["givenName"]],
                    row[col["familyName"]],
                )
            elif uid in guardian_set:
                guardian_names[uid] = (row[col["givenName"]], row[col["familyName"]])
    student_ids = [s for s in student_ids if s in info]
    guardian_ids = [g for g in guardian_ids if g in guardian_names]

    stamp_day = date.fromisoformat(newest[:10]) + timedelta(days=1)
    dlm = _timestamp(stamp_day)
    stamp = stamp_day.strftime("%Y%m%d")
    while any(uid.startswith(f"usr-{stamp}-") for uid in user_ids):  # a second mutation on the same day
        stamp += "x"

    term_dates: dict[str, tuple[str, str]] = {}
    year_start, school_year = "", stamp_day.year
    col, reader = _read(src / "academicSessions.csv")
    for row in reader:
        term_dates[row[col["sourcedId"]]] = (row[col["startDate"]], row[col["endDate"]])
        if row[col["type"]] == "schoolYear":
            year_start, school_year = row[col["startDate"]], int(row[col["schoolYear"]])
    offered: dict[tuple[str, str], list[str]] = {}  # (school, grade) -> scheduled classes
    class_dates: dict[str, tuple[str, str]] = {}
    col, reader = _read(src / "classes.csv")
    for row in reader:
        cid = row[col["sourcedId"]]
        class_dates[cid] = term_dates.get(row[col["termSourcedIds"]].split(",")[0].strip(), ("", ""))
        if row[col["classType"]] == "scheduled" and row[col["status"]] == "active":
            for grade in row[col["grades"]].split(","):
                offered.setdefault((row[col["schoolSourcedId"]], grade.strip()), []).append(cid)

    # -- decisions (all before any output, in a fixed order) --------------------------------
    by_school: dict[str, list[str]] = {}
    for sid in student_ids:
        by_school.setdefault(info[sid][0], []).append(sid)
    school_grades = {
        school: sorted({info[s][1] for s in ids}, key=GRADES.index) for school, ids in by_school.items()
    }
    withdrawn: set[str] = set()
    arrivals: list[str] = []  # the peer each new student copies a schedule from
    for school in sorted(by_school):
        ids = by_school[school]
        # Importers refuse to deactivate many students at once; stay within 2% of each school.
        k = min(max(1, round(share / 4 * len(ids))), int(0.02 * len(ids))) if share > 0 else 0
        gone = rng.sample(ids, k)
        withdrawn.update(gone)
        staying = [s for s in ids if s not in withdrawn]
        arrivals.extend(rng.choice(staying) for _ in range(k) if staying)
    guardians_per_arrival = [1 if rng.random() < 0.4 else 2 for _ in arrivals]

    budget = round(share * n_users) - len(withdrawn) - len(arrivals) - sum(guardians_per_arrival)
    pool = [s for s in student_ids if s not in withdrawn] + guardian_ids
    edits: dict[str, tuple[str, str]] = {}  # user -> (kind, new value)
    surnames = SURNAMES_COMMON + SURNAMES_HISPANIC + SURNAMES_BLACK
    for uid in rng.sample(pool, max(0, min(budget, len(pool)))):
        roll = rng.random()
        if uid in info:
            school, grade = info[uid][0], info[uid][1]
            grades = school_grades[school]
            if roll < 0.7 and len(grades) > 1:
                # A grade correction stays inside the school's grade span.
                i = grades.index(grade)
                edits[uid] = ("grade", grades[i + 1] if i + 1 < len(grades) else grades[i - 1])
            else:
                edits[uid] = ("family", rng.choice(surnames))
        elif roll < 0.4:
            edits[uid] = ("family", rng.choice(surnames))
        else:
            given, family = guardian_names[uid]
            edits[uid] = ("email", f"{_slug(given)}.{_slug(family)}{rng.randint(10, 9999)}@example.net")

    n_enroll = n_droppable = 0
    col, reader = _read(src / "enrollments.csv")
    for row in reader:
        n_enroll += 1
        n_droppable += row[col["role"]] == "student" and row[col["userSourcedId"]] not in withdrawn
    # Half the changed enrollment rows are drops, half additions; drops are an exact sample
    # (not a coin per row) so benchmark runs change the same number of rows every time.
    swap = round(share / 2 * n_enroll)
    drops = set(rng.sample(range(n_droppable), min(swap, n_droppable)))
    active_students = [s for s in student_ids if s not in withdrawn]
    adders = [rng.choice(active_students) for _ in range(swap)] if active_students else []
    watch = set(adders) | set(arrivals)

    counts = {
        "users_renamed": 0,
        "emails_changed": 0,
        "grades_changed": 0,
        "students_withdrawn": len(withdrawn),
        "students_added": len(arrivals),
        "guardians_added": sum(guardians_per_arrival),
        "enrollments_dropped": 0,
        "enrollments_added": 0,
        "enrollments_removed_for_withdrawn": 0,
    }

    # -- enrollments ---------------------------------------------------------------------------
    schedules: dict[str, list[str]] = {}
    with (out / "enrollments.csv").open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle, lineterminator="\n")
        w.writerow(HEADERS["enrollments.csv"])
        col, reader = _read(src / "enrollments.csv")
        c_user, c_class, c_role = col["userSourcedId"], col["classSourcedId"], col["role"]
        droppable = 0
        for row in reader:
            user = row[c_user]
            if user in watch and row[c_role] == "student":
                schedules.setdefault(user, []).append(row[c_class])
            if user in withdrawn:
                counts["enrollments_removed_for_withdrawn"] += 1
                continue
            if row[c_role] == "student":
                droppable += 1
                if droppable - 1 in drops:
                    counts["enrollments_dropped"] += 1
                    continue
            w.writerow(row)
        new_rows: list[list[str]] = []

        def enroll(cid: str, school: str, user: str) -> None:
            begin, end = class_dates.get(cid, ("", ""))
            new_rows.append(
                [
                    f"enr-{stamp}-{len(new_rows) + 1:06d}",
                    "active",
                    dlm,
                    cid,
                    school,
                    user,
                    "student",
                    "false",
                    begin,
                    end,
                ]
            )

        for user in adders:
            school, grade = info[user][0], info[user][1]
            taken = schedules.setdefault(user, [])
            choices = [c for c in offered.get((school, grade), []) if c not in taken]
            if choices:
                cid = rng.choice(choices)
                taken.append(cid)
                enroll(cid, school, user)
        counts["enrollments_added"] = len(new_rows)
        new_students: list[tuple[str, str, str]] = []  # (uid, school, grade)
        for k, peer in enumerate(arrivals):
            uid = f"usr-{stamp}-{k + 1:05d}"
            new_students.append((uid, info[peer][0], info[peer][1]))
            for cid in schedules.get(peer, []):
                enroll(cid, info[peer][0], uid)
        w.writerows(new_rows)

    # -- new people -------------------------------------------------------------------------
    def username(given: str, family: str) -> str:
        base, n = f"{_slug(given)}.{_slug(family)}", 1
        name = base
        while name in usernames:
            n += 1
            name = f"{base}{n}"
        usernames.add(name)
        return name

    her_values, her_cum = _cum(tuple((i, h.weight) for i, h in enumerate(HERITAGES)))
    residence_values, residence_cum = _cum(RESIDENCE)
    user_rows: list[list[str]] = []
    role_rows: list[list[str]] = []
    demo_rows: list[list[str]] = []
    n_guardians = 0
    for k, (uid, school, grade) in enumerate(new_students):
        heritage = HERITAGES[rng.choices(her_values, cum_weights=her_cum)[0]]
        sex = "female" if rng.random() < 0.5 else "male"
        given = rng.choice(heritage.female if sex == "female" else heritage.male)
        family = rng.choice(heritage.surnames)
        name = username(given, family)
        guardians = []
        for _ in range(guardians_per_arrival[k]):
            n_guardians += 1
            gid = f"usr-{stamp}-g{n_guardians:05d}"
            g_sex = "female" if not guardians else "male"
            g_given = rng.choice(heritage.female if g_sex == "female" else heritage.male)
            g_name = username(g_given, family)
            phone = f"{rng.choice(('404', '470', '678', '770'))}-555-{rng.randint(100, 199):04d}"
            user_rows.append(
                [
                    gid,
                    "active",
                    dlm,
                    "true",
                    g_name,
                    "",
                    g_given,
                    family,
                    "",
                    "",
                    f"{g_name}@example.com",
                    phone,
                    phone,
                    uid,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    school,
                    "",
                ]
            )
            role = "parent" if rng.random() < _PARENT_ROLE_SHARE else "guardian"
            role_rows.append([gid, "primary", role, school])
            guardians.append(gid)
        gtid = f"7{stamp[2:8]}{k + 1:03d}"
        user_rows.insert(
            len(user_rows) - len(guardians),
            [
                uid,
                "active",
                dlm,
                "true",
                name,
                f"{{GTID:{gtid}}}",
                given,
                family,
                "",
                f"N{stamp}{k + 1:04d}",
                f"{name}@{STAFF_DOMAIN}",
                "",
                "",
                ",".join(guardians),
                grade,
                "",
                gtid,
                "",
                "",
                "",
                school,
                "",
            ],
        )
        role_rows.insert(len(role_rows) - len(guardians), [uid, "primary", "student", school])
        demo_rows.append(
            _demographics_row(
                rng,
                uid,
                dlm,
                heritage,
                sex,
                GRADES.index(grade),
                rng.random() < heritage.free_lunch,
                school_year - 1,
                residence_values,
                residence_cum,
            )
        )

    # -- users, roles, demographics ------------------------------------------------------------
    with (out / "users.csv").open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle, lineterminator="\n")
        w.writerow(HEADERS["users.csv"])
        col, reader = _read(src / "users.csv")
        for row in reader:
            uid = row[col["sourcedId"]]
            if uid in withdrawn:
                row[col["status"]] = "tobedeleted"
                row[col["dateLastModified"]] = dlm
            elif uid in edits:
                kind, value = edits[uid]
                if kind == "grade":
                    row[col["grades"]] = value
                    counts["grades_changed"] += 1
                elif kind == "family":
                    row[col["familyName"]] = value
                    counts["users_renamed"] += 1
                else:
                    row[col["email"]] = value
                    counts["emails_changed"] += 1
                row[col["dateLastModified"]] = dlm
            w.writerow(row)
        w.writerows(user_rows)

    with (out / "roles.csv").open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle, lineterminator="\n")
        w.writerow(HEADERS["roles.csv"])
        col, reader = _read(src / "roles.csv")
        for row in reader:
            if row[col["userSourcedId"]] in withdrawn:
                row[col["status"]] = "tobedeleted"
                row[col["dateLastModified"]] = dlm
            w.writerow(row)
        for i, (user, kind, role, org) in enumerate(role_rows, start=1):
            w.writerow([f"rol-{stamp}-{i:05d}", "active", dlm, user, kind, role, year_start, "", org, ""])

    with (out / "demographics.csv").open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle, lineterminator="\n")
        w.writerow(HEADERS["demographics.csv"])
        col, reader = _read(src / "demographics.csv")
        w.writerows(reader)
        w.writerows(demo_rows)
    return counts
