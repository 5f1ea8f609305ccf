"""The synthetic district generator writes a coherent OneRoster 1.2 bulk export.

Plain pytest, no database: the generator is standard-library Python and these
checks read its CSV files back with the csv module.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from pathmaker.demo.district import (
    BULK_FILES,
    HEADERS,
    MANIFEST,
    GeneratedDistrict,
    bundle_zip,
    generate_district,
    mutate_district,
)

STUDENTS, SCHOOLS = 3000, 4
GUARDIAN_ROLES = {"guardian", "parent"}
ONEROSTER_12_ROLES = {
    "aide",
    "counselor",
    "districtAdministrator",
    "guardian",
    "parent",
    "principal",
    "proctor",
    "relative",
    "siteAdministrator",
    "student",
    "systemAdministrator",
    "teacher",
}


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def ids(value: str) -> list[str]:
    return [part for part in value.split(",") if part]


class Roster:
    """The files of one district, indexed the way the checks need them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.orgs = {r["sourcedId"]: r for r in rows(folder, "orgs.csv")}
        self.sessions = {r["sourcedId"]: r for r in rows(folder, "academicSessions.csv")}
        self.courses = {r["sourcedId"]: r for r in rows(folder, "courses.csv")}
        self.classes = {r["sourcedId"]: r for r in rows(folder, "classes.csv")}
        self.users = {r["sourcedId"]: r for r in rows(folder, "users.csv")}
        self.roles = rows(folder, "roles.csv")
        self.enrollments = rows(folder, "enrollments.csv")
        self.demographics = rows(folder, "demographics.csv")
        self.by_username = {u["username"]: u for u in self.users.values()}
        self.roles_of: dict[str, list[dict[str, str]]] = defaultdict(list)
        for role in self.roles:
            self.roles_of[role["userSourcedId"]].append(role)
        self.class_members: dict[str, list[dict[str, str]]] = defaultdict(list)
        self.classes_of: dict[str, list[dict[str, str]]] = defaultdict(list)
        for e in self.enrollments:
            self.class_members[e["classSourcedId"]].append(e)
            self.classes_of[e["userSourcedId"]].append(e)

    def with_role(self, *roles: str) -> set[str]:
        return {r["userSourcedId"] for r in self.roles if r["role"] in roles and r["status"] == "active"}

    def user(self, username: str) -> dict[str, str]:
        return self.by_username[username]

    def sections_taught(self, username: str, *, primary: bool) -> set[str]:
        uid = self.user(username)["sourcedId"]
        wanted = "true" if primary else "false"
        return {
            e["classSourcedId"]
            for e in self.classes_of[uid]
            if e["role"] == "teacher" and e["primary"] == wanted
        }


def assert_references_resolve(r: Roster) -> None:
    schools = {sid for sid, o in r.orgs.items() if o["type"] == "school"}
    for o in r.orgs.values():
        assert not o["parentSourcedId"] or o["parentSourcedId"] in r.orgs
    for s in r.sessions.values():
        assert not s["parentSourcedId"] or s["parentSourcedId"] in r.sessions
    for c in r.courses.values():
        assert c["orgSourcedId"] in r.orgs
        assert c["schoolYearSourcedId"] in r.sessions
    for c in r.classes.values():
        assert c["courseSourcedId"] in r.courses, c
        assert c["schoolSourcedId"] in schools, c
        assert ids(c["termSourcedIds"]) and all(t in r.sessions for t in ids(c["termSourcedIds"])), c
        assert r.courses[c["courseSourcedId"]]["orgSourcedId"] == c["schoolSourcedId"]
    for e in r.enrollments:
        assert e["classSourcedId"] in r.classes, e
        assert e["userSourcedId"] in r.users, e
        assert e["schoolSourcedId"] == r.classes[e["classSourcedId"]]["schoolSourcedId"], e
        assert r.users[e["userSourcedId"]]["status"] == "active", e
    for role in r.roles:
        assert role["userSourcedId"] in r.users, role
        assert role["orgSourcedId"] in r.orgs, role
    for uid, u in r.users.items():
        assert not u["primaryOrgSourcedId"] or u["primaryOrgSourcedId"] in r.orgs
        for agent in ids(u["agentSourcedIds"]):
            assert agent in r.users, (uid, agent)
            assert uid in ids(r.users[agent]["agentSourcedIds"]), f"{agent} does not list {uid} back"
    students = r.with_role("student") | {uid for uid, u in r.users.items() if u["status"] == "tobedeleted"}
    for d in r.demographics:
        assert d["sourcedId"] in students, d


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> GeneratedDistrict:
    return generate_district(tmp_path_factory.mktemp("district"), students=STUDENTS, schools=SCHOOLS)


@pytest.fixture(scope="module")
def roster(district: GeneratedDistrict) -> Roster:
    return Roster(district.path)


# -- files ----------------------------------------------------------------------------------------


def test_it_writes_every_file_the_manifest_marks_bulk(district: GeneratedDistrict) -> None:
    manifest = {r["propertyName"]: r["value"] for r in rows(district.path, "manifest.csv")}
    bulk = sorted(f"{k.removeprefix('file.')}.csv" for k, v in manifest.items() if v == "bulk")
    assert bulk == sorted(BULK_FILES)
    assert len(bulk) == 8
    for name in ["manifest.csv", *bulk]:
        first_line = (district.path / name).read_text(encoding="utf-8").split("\n", 1)[0]
        assert first_line == ",".join(HEADERS[name]), name


def test_the_manifest_declares_oneroster_1_2_and_the_generator_as_source(district: GeneratedDistrict) -> None:
    manifest = [(r["propertyName"], r["value"]) for r in rows(district.path, "manifest.csv")]
    assert manifest == list(MANIFEST)
    values = dict(manifest)
    assert values["oneroster.version"] == "1.2"
    assert values["file.results"] == "absent"
    assert values["source.systemCode"] == "pathmaker-demo"


def test_the_counts_it_reports_match_the_rows_on_disk(district: GeneratedDistrict) -> None:
    for name, count in district.counts.items():
        assert len(rows(district.path, name)) == count, name
    assert set(district.counts) == {"manifest.csv", *BULK_FILES}


def test_sourced_ids_are_unique_in_every_file(district: GeneratedDistrict) -> None:
    for name in BULK_FILES:
        found = Counter(r["sourcedId"] for r in rows(district.path, name))
        assert found, name
        assert found.most_common(1)[0][1] == 1, name


def test_every_row_is_active_and_stamped_in_iso_8601(district: GeneratedDistrict) -> None:
    for name in BULK_FILES:
        for r in rows(district.path, name):
            assert r["status"] == "active"
            assert r["dateLastModified"] == "2025-08-01T12:00:00.000Z"


def test_every_reference_resolves(roster: Roster) -> None:
    assert_references_resolve(roster)


def test_passwords_are_never_written(roster: Roster) -> None:
    assert all(u["password"] == "" for u in roster.users.values())


def test_usernames_are_unique_and_plain_ascii(roster: Roster) -> None:
    usernames = [u["username"] for u in roster.users.values()]
    assert len(set(usernames)) == len(usernames)
    assert all(name.isascii() and name == name.lower() and " " not in name for name in usernames)


def test_staff_and_students_use_the_district_domain_and_guardians_their_own(roster: Roster) -> None:
    guardians_only = roster.with_role(*GUARDIAN_ROLES) - roster.with_role("teacher")
    for uid, u in roster.users.items():
        if uid in guardians_only:
            assert u["email"] == "" or u["email"].endswith(("@example.com", "@example.net"))
        else:
            assert u["email"].endswith("@maplevalley.example.org")


# -- district shape ----------------------------------------------------------------------------------


def test_the_district_has_elementary_middle_and_high_schools_under_it(roster: Roster) -> None:
    districts = [o for o in roster.orgs.values() if o["type"] == "district"]
    schools = [o for o in roster.orgs.values() if o["type"] == "school"]
    assert len(districts) == 1 and len(schools) == SCHOOLS
    assert all(s["parentSourcedId"] == districts[0]["sourcedId"] for s in schools)
    names = [s["name"] for s in schools]
    assert len(set(names)) == len(names)
    kinds = Counter(name.rsplit(" ", 2)[-2] for name in names)
    assert kinds == {"Elementary": 2, "Middle": 1, "High": 1}


def test_the_school_year_has_two_semesters_of_two_grading_periods(roster: Roster) -> None:
    by_type = defaultdict(list)
    for s in roster.sessions.values():
        by_type[s["type"]].append(s)
        assert s["schoolYear"] == "2026"
        assert s["startDate"] < s["endDate"]
    (year,) = by_type["schoolYear"]
    assert (year["startDate"][:7], year["endDate"][:7]) == ("2025-08", "2026-05")
    semesters = by_type["semester"]
    assert len(semesters) == 2 and all(s["parentSourcedId"] == year["sourcedId"] for s in semesters)
    periods = Counter(p["parentSourcedId"] for p in by_type["gradingPeriod"])
    assert periods == {s["sourcedId"]: 2 for s in semesters}


def test_course_grades_use_oneroster_codes(roster: Roster) -> None:
    codes = {"KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"}
    for c in roster.courses.values():
        assert ids(c["grades"]) and set(ids(c["grades"])) <= codes
    titles = {c["title"] for c in roster.courses.values()}
    assert {"Grade 3 Mathematics", "Algebra I", "English 10", "Biology", "Physical Education"} <= titles
    assert any("," in c["grades"] for c in roster.courses.values())


def test_every_class_has_one_primary_teacher_from_its_school_and_a_sensible_size(roster: Roster) -> None:
    teacher_school = {
        r["userSourcedId"]: r["orgSourcedId"]
        for r in roster.roles
        if r["role"] == "teacher" and r["roleType"] == "primary"
    }
    for cid, c in roster.classes.items():
        members = roster.class_members[cid]
        leads = [e for e in members if e["role"] == "teacher" and e["primary"] == "true"]
        assert len(leads) == 1, cid
        for e in members:
            if e["role"] == "teacher":
                assert teacher_school[e["userSourcedId"]] == c["schoolSourcedId"]
        students = sum(e["role"] == "student" for e in members)
        assert 1 <= students <= 35, (cid, students)
        assert c["classType"] in {"homeroom", "scheduled"}


def test_no_one_sits_in_two_classes_in_the_same_period_and_term(roster: Roster) -> None:
    for uid, enrolled in roster.classes_of.items():
        slots = [
            (
                roster.classes[e["classSourcedId"]]["periods"],
                roster.classes[e["classSourcedId"]]["termSourcedIds"],
            )
            for e in enrolled
            if roster.classes[e["classSourcedId"]]["periods"]
        ]
        assert len(slots) == len(set(slots)), uid


def test_roles_use_the_oneroster_1_2_vocabulary_with_one_primary_role_each(roster: Roster) -> None:
    assert {r["role"] for r in roster.roles} <= ONEROSTER_12_ROLES
    assert {r["roleType"] for r in roster.roles} == {"primary", "secondary"}
    primaries = Counter(r["userSourcedId"] for r in roster.roles if r["roleType"] == "primary")
    assert set(primaries) == set(roster.users)
    assert set(primaries.values()) == {1}


def test_each_school_has_a_principal_an_assistant_and_counselors(
    district: GeneratedDistrict, roster: Roster
) -> None:
    schools = [sid for sid, o in roster.orgs.items() if o["type"] == "school"]
    assert sorted(district.principals) == sorted(schools)
    for school in schools:
        held = Counter(r["role"] for r in roster.roles if r["orgSourcedId"] == school)
        assert held["principal"] == 1 and held["siteAdministrator"] == 1
        assert 1 <= held["counselor"] <= 2
    for school, username in district.principals.items():
        (role,) = roster.roles_of[roster.user(username)["sourcedId"]]
        assert (role["role"], role["orgSourcedId"]) == ("principal", school)
    admin = roster.roles_of[roster.user(district.district_admin)["sourcedId"]]
    assert [(r["role"], roster.orgs[r["orgSourcedId"]]["type"]) for r in admin] == [
        ("districtAdministrator", "district")
    ]


def test_guardians_hold_one_role_per_school_their_children_attend(roster: Roster) -> None:
    student_school = {r["userSourcedId"]: r["orgSourcedId"] for r in roster.roles if r["role"] == "student"}
    for uid in roster.with_role(*GUARDIAN_ROLES):
        children = ids(roster.users[uid]["agentSourcedIds"])
        held = [r["orgSourcedId"] for r in roster.roles_of[uid] if r["role"] in GUARDIAN_ROLES]
        assert sorted(held) == sorted({student_school[c] for c in children})
    shares = Counter(r["role"] for r in roster.roles if r["role"] in GUARDIAN_ROLES)
    assert 0.10 < shares["parent"] / sum(shares.values()) < 0.20


def test_every_student_has_a_grade_a_guardian_and_a_birth_date_that_fits(roster: Roster) -> None:
    students = roster.with_role("student")
    birth = {d["sourcedId"]: date.fromisoformat(d["birthDate"]) for d in roster.demographics}
    assert set(birth) == students
    for uid in students:
        u = roster.users[uid]
        assert ids(u["agentSourcedIds"]), uid
        grade = 0 if u["grades"] == "KG" else int(u["grades"])
        age_on_sept_1 = (date(2025, 9, 1) - birth[uid]).days / 365.25
        assert 4.9 + grade <= age_on_sept_1 <= 7.1 + grade, (uid, u["grades"], birth[uid])


def test_demographics_use_oneroster_vocabularies(roster: Roster) -> None:
    flags = [k for k in HEADERS["demographics.csv"][5:12]] + [
        k for k in HEADERS["demographics.csv"] if "pathmaker" in k
    ]
    for d in roster.demographics:
        assert d["sex"] in {"male", "female", "other", "unspecified"}
        assert all(d[k] in {"true", "false"} for k in flags)
        assert d["countryOfBirthCode"].isalpha() and len(d["countryOfBirthCode"]) == 2


# -- personas --------------------------------------------------------------------------------------


def assert_personas_hold(district: GeneratedDistrict, r: Roster) -> None:
    schools = sorted(sid for sid, o in r.orgs.items() if o["type"] == "school")
    first, second = schools[0], schools[1]

    def primary_role(username: str) -> tuple[str, str]:
        (role,) = [x for x in r.roles_of[r.user(username)["sourcedId"]] if x["roleType"] == "primary"]
        return role["role"], role["orgSourcedId"]

    assert primary_role(district.teacher) == ("teacher", first)
    taught = r.sections_taught(district.teacher, primary=True)
    assert len(taught) >= 2

    assert primary_role(district.co_teacher)[0] == "teacher"
    assert district.co_teacher != district.teacher
    assert r.sections_taught(district.co_teacher, primary=False) & taught

    assert primary_role(district.other_school_teacher) == ("teacher", second)
    other_taught = r.sections_taught(district.other_school_teacher, primary=True)
    assert other_taught and not other_taught & taught

    student = r.user(district.student)
    assert primary_role(district.student)[0] == "student"
    assert {e["classSourcedId"] for e in r.classes_of[student["sourcedId"]]} & taught
    guardian = r.user(district.guardian)
    assert guardian["sourcedId"] in ids(student["agentSourcedIds"])
    assert student["sourcedId"] in ids(guardian["agentSourcedIds"])
    assert primary_role(district.guardian)[0] in GUARDIAN_ROLES

    other = r.user(district.other_guardian)
    assert other["sourcedId"] not in ids(student["agentSourcedIds"])
    assert primary_role(district.other_guardian)[0] in GUARDIAN_ROLES
    other_children = ids(other["agentSourcedIds"])
    assert any(r.users[c]["primaryOrgSourcedId"] == second for c in other_children)
    assert student["sourcedId"] not in other_children

    parent = r.roles_of[r.user(district.teacher_parent)["sourcedId"]]
    assert ("primary", "teacher") in {(x["roleType"], x["role"]) for x in parent}
    assert ("secondary", "guardian") in {(x["roleType"], x["role"]) for x in parent}
    assert ids(r.user(district.teacher_parent)["agentSourcedIds"])


def test_the_personas_have_the_relationships_they_promise(
    district: GeneratedDistrict, roster: Roster
) -> None:
    assert_personas_hold(district, roster)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_smallest_allowed_district_still_has_every_persona(tmp_path: Path, seed: int) -> None:
    small = generate_district(tmp_path, students=40, schools=2, seed=seed)
    r = Roster(small.path)
    assert_references_resolve(r)
    assert_personas_hold(small, r)


def test_it_refuses_too_few_schools_or_students(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="schools"):
        generate_district(tmp_path, students=1000, schools=1)
    with pytest.raises(ValueError, match="20 per school"):
        generate_district(tmp_path, students=99, schools=5)


# -- determinism and size ---------------------------------------------------------------------------


def test_the_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    a = generate_district(tmp_path / "a", students=500, schools=3, seed=5)
    b = generate_district(tmp_path / "b", students=500, schools=3, seed=5)
    c = generate_district(tmp_path / "c", students=500, schools=3, seed=6)
    for name in a.counts:
        assert (a.path / name).read_bytes() == (b.path / name).read_bytes(), name
    assert a == GeneratedDistrict(**{**b.__dict__, "path": a.path})
    assert (a.path / "users.csv").read_bytes() != (c.path / "users.csv").read_bytes()
    zips = [bundle_zip(d.path, tmp_path / f"{d.path.name}.zip") for d in (a, b)]
    assert zips[0].read_bytes() == zips[1].read_bytes()


def within(actual: float, target: float, tolerance: float = 0.15) -> bool:
    return abs(actual - target) <= tolerance * target


def test_sizes_follow_the_district_ratios(district: GeneratedDistrict, roster: Roster) -> None:
    n = STUDENTS
    students = roster.with_role("student")
    assert len(students) == n
    teachers = roster.with_role("teacher")
    guardians = roster.with_role(*GUARDIAN_ROLES)
    student_rows = sum(e["role"] == "student" for e in roster.enrollments)
    assert within(len(teachers), n / 15), len(teachers)
    assert within(len(roster.classes), n * 12_000 / 42_000), len(roster.classes)
    assert within(len(roster.enrollments), n * 300_000 / 42_000), len(roster.enrollments)
    assert within(len(guardians), n * 1.43), len(guardians)
    assert 6.5 <= student_rows / n <= 7.0, student_rows / n
    assert 0 < len(roster.with_role("aide")) < len(teachers) / 20
    guardian_counts = Counter(len(ids(roster.users[s]["agentSourcedIds"])) for s in students)
    assert guardian_counts[1] > 0 and guardian_counts[2] > guardian_counts[1]
    co_taught = sum(e["role"] == "teacher" and e["primary"] == "false" for e in roster.enrollments)
    assert 0 < co_taught < len(roster.classes) / 10


def test_demographic_shares_look_like_a_diverse_suburban_georgia_district(roster: Roster) -> None:
    n = len(roster.demographics)

    def share(column: str) -> float:
        return sum(d[column] == "true" for d in roster.demographics) / n

    assert within(share("metadata.pathmaker.englishLearner"), 0.12)
    assert within(share("metadata.pathmaker.freeReducedLunch"), 0.55)
    assert within(share("metadata.pathmaker.iep"), 0.14)
    assert within(share("metadata.pathmaker.gifted"), 0.08)
    assert within(share("hispanicOrLatinoEthnicity"), 0.32)
    assert within(share("blackOrAfricanAmerican"), 0.33)
    assert within(share("asian"), 0.11)
    sexes = Counter(d["sex"] for d in roster.demographics)
    assert (sexes["male"] + sexes["female"]) / n > 0.95


# -- the next night's export ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def mutated(
    district: GeneratedDistrict, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("mutated")
    return out, mutate_district(district.path, out, share=0.02, seed=11)


def changed_rows(before: list[dict[str, str]], after: list[dict[str, str]]) -> int:
    old = {r["sourcedId"]: r for r in before}
    new = {r["sourcedId"]: r for r in after}
    return sum(old.get(k) != v for k, v in new.items()) + len(old.keys() - new.keys())


def test_mutate_changes_about_share_of_the_users_and_enrollments(
    district: GeneratedDistrict, mutated: tuple[Path, dict[str, int]]
) -> None:
    out, counts = mutated
    users = changed_rows(rows(district.path, "users.csv"), rows(out, "users.csv"))
    assert within(users / district.counts["users.csv"], 0.02, 0.5), users
    enrollments = changed_rows(rows(district.path, "enrollments.csv"), rows(out, "enrollments.csv"))
    assert within(enrollments / district.counts["enrollments.csv"], 0.02, 0.5), enrollments
    for kind in (
        "users_renamed",
        "emails_changed",
        "grades_changed",
        "students_withdrawn",
        "students_added",
        "enrollments_dropped",
        "enrollments_added",
    ):
        assert counts[kind] > 0, kind
    assert (
        abs(counts["enrollments_dropped"] - counts["enrollments_added"])
        <= counts["enrollments_dropped"] * 0.2
    )
    assert users == (
        counts["users_renamed"]
        + counts["emails_changed"]
        + counts["grades_changed"]
        + counts["students_withdrawn"]
        + counts["students_added"]
        + counts["guardians_added"]
    )
    for name in ("orgs.csv", "academicSessions.csv", "courses.csv", "classes.csv", "manifest.csv"):
        assert (out / name).read_bytes() == (district.path / name).read_bytes()


def test_mutate_keeps_every_reference_valid_and_withdraws_at_most_two_percent_per_school(
    district: GeneratedDistrict, mutated: tuple[Path, dict[str, int]]
) -> None:
    out, counts = mutated
    r = Roster(out)
    assert_references_resolve(r)
    withdrawn = {uid for uid, u in r.users.items() if u["status"] == "tobedeleted"}
    assert len(withdrawn) == counts["students_withdrawn"]
    assert not any(e["userSourcedId"] in withdrawn for e in r.enrollments)
    assert all(role["status"] == "tobedeleted" for uid in withdrawn for role in r.roles_of[uid])
    per_school = Counter(r.users[uid]["primaryOrgSourcedId"] for uid in withdrawn)
    source = Roster(district.path)
    size = Counter(source.users[uid]["primaryOrgSourcedId"] for uid in source.with_role("student"))
    assert all(per_school[s] <= 0.02 * size[s] for s in per_school)
    for name in BULK_FILES:
        found = Counter(x["sourcedId"] for x in rows(out, name))
        assert found.most_common(1)[0][1] == 1, name


def test_mutate_gives_new_students_a_role_demographics_guardians_and_a_schedule(
    district: GeneratedDistrict, mutated: tuple[Path, dict[str, int]]
) -> None:
    out, counts = mutated
    before = set(Roster(district.path).users)
    r = Roster(out)
    arrivals = [uid for uid in r.with_role("student") if uid not in before]
    assert len(arrivals) == counts["students_added"]
    demographics = {d["sourcedId"] for d in r.demographics}
    for uid in arrivals:
        u = r.users[uid]
        assert uid in demographics
        assert ids(u["agentSourcedIds"])
        assert len(r.classes_of[uid]) >= 5
        assert {e["schoolSourcedId"] for e in r.classes_of[uid]} == {u["primaryOrgSourcedId"]}
        assert u["password"] == ""
    latest = max(u["dateLastModified"] for u in r.users.values())
    assert latest == "2025-08-02T12:00:00.000Z"


def test_mutate_is_deterministic_and_refuses_to_overwrite_its_source(
    district: GeneratedDistrict, mutated: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    out, counts = mutated
    again = mutate_district(district.path, tmp_path, share=0.02, seed=11)
    assert again == counts
    for name in BULK_FILES:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name
    with pytest.raises(ValueError):
        mutate_district(district.path, district.path)
