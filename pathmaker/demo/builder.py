"""The demo district: generate it, import it through the real importer, give each persona a login, serve it."""

from __future__ import annotations

import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from pathmaker.accounts.models import User
from pathmaker.accounts.services import account_provision
from pathmaker.audit.actor import Actor
from pathmaker.demo.conferences import build_demo_conferences
from pathmaker.demo.district import GeneratedDistrict, generate_district
from pathmaker.demo.evidence import build_demo_evidence, build_demo_requests
from pathmaker.demo.frameworks import build_demo_frameworks
from pathmaker.demo.goals import build_demo_goals
from pathmaker.demo.grouping import build_demo_grouping
from pathmaker.demo.inventories import build_demo_inventories
from pathmaker.demo.pacing import build_demo_pacing
from pathmaker.demo.paths import build_demo_paths
from pathmaker.demo.portfolios import build_demo_portfolio
from pathmaker.demo.profiles import build_demo_profile, pick_advisor
from pathmaker.demo.reports import build_demo_reports
from pathmaker.demo.resources import build_demo_resources
from pathmaker.demo.scheduling import build_demo_scheduling
from pathmaker.profiles.services import profile_defaults_install
from pathmaker.rostering.models import ImportRun, Person
from pathmaker.rostering.services import format_summary, roster_import

PERSONA_LABELS = {
    "district_admin": "District administrator",
    "principal": "Principal",
    "teacher": "Teacher",
    "co_teacher": "Co-teacher",
    "other_school_teacher": "Teacher at another school",
    "student": "Student",
    "guardian": "Guardian of that student",
    "other_guardian": "Another family's guardian",
    "teacher_parent": "Teacher who is also a parent",
    "advisor": "Advisor of that student",
}


@dataclass(frozen=True)
class DemoLogin:
    persona: str
    username: str
    name: str


def reset_database(*, allow_server_wipe: bool = False) -> None:
    """A fresh database for the demo: a new SQLite file, or (only when asked) an emptied PostgreSQL one."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        connections.close_all()
        shutil.rmtree(settings.PATHMAKER_PORTFOLIO_DIR, ignore_errors=True)  # files of an earlier demo
        path = Path(db["NAME"])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        call_command("migrate", verbosity=0)
        return
    if not allow_server_wipe:
        raise RuntimeError(
            "`pathmaker demo` empties its database. It builds a fresh SQLite file when DATABASE_URL "
            "is unset; to empty the PostgreSQL database DATABASE_URL names, add --reset-database"
        )
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    profile_defaults_install()  # flush also empties what data migrations installed


def build_demo(
    *, students: int, schools: int, password: str | None = None, allow_server_wipe: bool = False
) -> tuple[list[DemoLogin], str, ImportRun]:
    reset_database(allow_server_wipe=allow_server_wipe)
    roster_dir = Path(settings.DATA_DIR) / "demo-roster"
    # The school year under way today (it ends in the next calendar year from August on): the demo's evidence
    # is dated back from today, and its terms (pacing's projections) must contain today too.
    today = timezone.localdate()
    school_year = today.year + 1 if today.month >= 8 else today.year
    district = generate_district(roster_dir, students=students, schools=schools, school_year=school_year)
    run = roster_import(path=roster_dir, actor=Actor.system("demo"))
    if run.status != ImportRun.Status.SUCCEEDED:
        raise RuntimeError(format_summary(run))
    build_demo_frameworks()
    password = password or f"demo-{secrets.token_urlsafe(9)}"
    logins = _provision(district, password)
    build_demo_evidence(teacher_username=district.teacher)
    build_demo_resources(district)
    _build_learner_profile(logins)
    return logins, password, run


def _build_learner_profile(logins: list[DemoLogin]) -> None:
    """The demo student's rich profile: their words, advisor, goals, habits, portfolio, conferences."""
    users = {
        login.persona: User.objects.select_related("person").get(username=login.username) for login in logins
    }
    people = {
        "student": users["student"],
        "advisor": users["advisor"],
        "teacher": users["teacher"],
        "today": timezone.localdate(),
    }
    build_demo_profile(district_admin=users["district_admin"], **people)
    build_demo_goals(**people)
    build_demo_inventories(**people)
    build_demo_portfolio(**people)
    build_demo_conferences(**people)  # the packets gather what the other parts hold
    build_demo_requests(**people)  # after the portfolio, whose work scored as evidence would answer them
    build_demo_pacing(**people)  # after the evidence, which meets or misses its deadlines
    build_demo_paths(**people)  # after the evidence (levels place each plan) and the resource library
    build_demo_grouping(**people)  # after the evidence: the groups' reasons are today's levels
    build_demo_scheduling(**people)  # after the evidence: needs are read from the levels
    build_demo_reports(**people)  # last: every school's levels on one competency, for the subgroup table


def _provision(district: GeneratedDistrict, password: str) -> list[DemoLogin]:
    usernames = {
        "district_admin": district.district_admin,
        "principal": next(iter(district.principals.values())),
        "teacher": district.teacher,
        "co_teacher": district.co_teacher,
        "other_school_teacher": district.other_school_teacher,
        "student": district.student,
        "guardian": district.guardian,
        "other_guardian": district.other_guardian,
        "teacher_parent": district.teacher_parent,
    }
    student = Person.objects.get(username=district.student)
    usernames["advisor"] = pick_advisor(student, exclude=set(usernames.values())).username
    logins = []
    for persona, username in usernames.items():
        account_provision(username=username, password=password, actor=Actor.system("demo"))
        person = Person.objects.get(username=username)
        logins.append(DemoLogin(persona, username, person.display_name))
    return logins
