"""Personas, in one place. Every page and endpoint is tested with every persona: those who may see it and
those who must not (the persona tables, checked by tests/test_persona_tables.py). Their names are listed
once, in tests/personas.py (ALL_PERSONAS), and `district` builds exactly those.

Maple Valley district has two schools. At North: Alice teaches Math 7 (co-taught by
Carol) and Art; Sam and Tia are in Math 7, Sam also in Art; Gina is Sam's guardian;
Pat is North's principal. At South: Dave teaches Science, where Omar sits; Olga is
Omar's guardian. Dana administers the district. Hank teaches at North and is also
Omar's father (a teacher who is a parent). Ada teaches at North but not Sam's classes: she is
Sam's advisor, so she sees his profile through the advisorship alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import translation

from pathmaker.accounts.models import User
from pathmaker.audit.actor import Actor
from pathmaker.rostering.models import Advisorship, Org, Person, Section
from tests import factories as f

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@dataclass
class District:
    district: Org
    north: Org
    south: Org
    math: Section
    art: Section
    science: Section
    sam: Person
    tia: Person
    omar: Person
    accounts: dict[str, User]

    def user(self, persona: str) -> User:
        return self.accounts[persona]

    def actor(self, persona: str) -> Actor:
        """The persona acting through a service, as a request would make them (no address in tests)."""
        return Actor.for_user(self.accounts[persona])


@pytest.fixture
def district(db) -> District:
    maple = f.org("Maple Valley Schools", "district")
    north, south = f.org("North Middle School", parent=maple), f.org("South Middle School", parent=maple)
    math, art, science = f.section("Math 7", north), f.section("Art", north), f.section("Science 7", south)

    alice, carol, hank = f.person("Alice", "Adams"), f.person("Carol", "Chen"), f.person("Hank", "Hill")
    dave, pat, dana = f.person("Dave", "Diaz"), f.person("Pat", "Park"), f.person("Dana", "Dunn")
    gina, olga = f.person("Gina", "Garcia"), f.person("Olga", "Ortiz")
    sam = f.person("Sam", "Garcia", grades="07")
    tia = f.person("Tia", "Tran", grades="07")
    omar = f.person("Omar", "Ortiz", grades="07")
    ada = f.person("Ada", "Okafor")
    for teacher, school in ((alice, north), (carol, north), (hank, north), (dave, south), (ada, north)):
        f.role(teacher, school, "teacher")
    f.role(pat, north, "principal")
    f.role(dana, maple, "districtAdministrator")
    for student, school in ((sam, north), (tia, north), (omar, south)):
        f.role(student, school, "student")
    f.role(gina, north, "guardian")
    f.role(olga, south, "guardian")
    f.role(hank, south, "parent", primary=False)
    f.enroll(alice, math, "teacher", primary=True)
    f.enroll(carol, math, "teacher")
    f.enroll(alice, art, "teacher", primary=True)
    f.enroll(dave, science, "teacher", primary=True)
    f.enroll(sam, math)
    f.enroll(tia, math)
    f.enroll(sam, art)
    f.enroll(omar, science)
    f.link(gina, sam)
    f.link(olga, omar)
    f.link(hank, omar)
    Advisorship.objects.create(advisor=ada, student=sam, started_on="2026-08-15")
    f.demographics(sam, english_learner=True, free_reduced_lunch=True, hispanic_or_latino=True)
    accounts = {
        "student": f.account(sam),
        "other_student": f.account(omar),
        "guardian": f.account(gina),
        "other_guardian": f.account(olga),
        "teacher": f.account(alice),
        "co_teacher": f.account(carol),
        "other_school_teacher": f.account(dave),
        "teacher_parent": f.account(hank),
        "advisor": f.account(ada),
        "principal": f.account(pat),
        "district_admin": f.account(dana),
        "unrostered": f.account(username="visitor"),
    }
    return District(maple, north, south, math, art, science, sam, tia, omar, accounts)


@pytest.fixture
def login(client):
    def as_persona(user: User):
        client.force_login(user)
        return client

    return as_persona


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request in Spanish leaves Spanish active in the thread (LocaleMiddleware never switches back), so
    each test starts in the site's language whatever the test before it asked for."""
    yield
    translation.activate("en")
