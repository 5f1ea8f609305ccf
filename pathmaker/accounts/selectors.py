"""Reads for the account pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from pathmaker.accounts.models import ApiToken, User
from pathmaker.rostering.models import Enrollment, Person, PersonRole

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class PersonLogin:
    person: Person
    user: User | None
    live_tokens: int

    @property
    def status(self) -> str:
        if self.user is None:
            return "none"
        if not self.user.is_active:
            return "disabled"
        return "active" if self.user.has_usable_password() else "no_password"


def people_with_logins(match: Q) -> list[PersonLogin]:
    """Active rostered people matching a search, with their login (if any); at most SEARCH_LIMIT."""
    people = list(
        Person.objects.filter(match, is_active=True).order_by("family_name", "given_name", "pk")[
            :SEARCH_LIMIT
        ]
    )
    users = {u.person_id: u for u in User.objects.filter(person__in=people)}
    tokens: dict[int, int] = {}
    for user_id in ApiToken.objects.filter(user__in=users.values(), revoked_at__isnull=True).values_list(
        "user_id", flat=True
    ):
        tokens[user_id] = tokens.get(user_id, 0) + 1
    return [
        PersonLogin(p, users.get(p.pk), tokens.get(users[p.pk].pk, 0) if p.pk in users else 0) for p in people
    ]


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def students_among(people: list[Person]) -> list[int]:
    """The ids of the people who are students (a student role or a student enrollment)."""
    ids = [p.pk for p in people]
    return sorted(
        set(PersonRole.objects.filter(person_id__in=ids, role="student").values_list("person_id", flat=True))
        | set(
            Enrollment.objects.filter(person_id__in=ids, role="student").values_list("person_id", flat=True)
        )
    )
