"""One bad value never breaks a page: numbers and dates are bounded where they enter, and pages survive
bad values already stored (issue 10, item 5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from pathmaker.evidence.models import Evidence
from pathmaker.inventories.services import ItemSpec, inventory_define
from pathmaker.profiles.models import ReadinessItem, ReadinessRecord
from tests.api.test_api import bearer
from tests.api.test_mastery_api import evidence, post, ratios  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def readiness_url(district):
    return reverse("profile_readiness_record", kwargs={"student_id": district.sam.pk, "key": "psat"})


@pytest.mark.parametrize("score", ["99999999", "1E+30", "NaN", "Infinity", "-Infinity", "sNaN"])
def test_it_refuses_a_readiness_score_outside_what_is_stored_and_the_profile_still_opens(
    district, login, score
):
    client = login(district.user("student"))
    response = client.post(readiness_url(district), {"status": "done", "score": score}, follow=True)
    assert response.status_code == 200
    assert not ReadinessRecord.objects.exists()
    assert client.get(reverse("student_profile", kwargs={"student_id": district.sam.pk})).status_code == 200


def test_the_profile_survives_an_out_of_range_score_already_stored(district, login):
    item = ReadinessItem.objects.get(key="psat")
    record = ReadinessRecord.objects.create(
        student=district.sam,
        item=item,
        status="done",
        score=Decimal("5"),
        recorded_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC),
        is_current=True,
    )
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL refuses to store the value at all")
    with connection.cursor() as cursor:  # what an older Pathmaker let in on SQLite
        cursor.execute("UPDATE profiles_readinessrecord SET score = 99999999 WHERE id = %s", [record.pk])
    for persona in ("student", "teacher", "guardian"):
        page = login(district.user(persona)).get(
            reverse("student_profile", kwargs={"student_id": district.sam.pk})
        )
        assert page.status_code == 200, persona


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_it_refuses_a_rating_date_outside_the_window_and_the_habits_page_still_opens(district, login, day):
    habits = inventory_define(
        actor=district.actor("district_admin"),
        title="Habits",
        description="",
        items=[ItemSpec("Work", "I finish my work")],
    )
    client = login(district.user("teacher"))
    url = reverse("inventory_take", kwargs={"student_id": district.sam.pk, "inventory_id": habits.pk})
    item = habits.items.get()
    response = client.post(url, {"taken_on": day, f"item_{item.pk}": "2"})
    assert response.status_code == 400
    assert "taken_on" in response.context["form"].errors
    assert not habits.takings.exists()
    assert client.get(reverse("student_habits", kwargs={"student_id": district.sam.pk})).status_code == 200


def test_the_habits_page_opens_when_the_first_rating_is_this_month_after_the_first(district, login):
    habits = inventory_define(
        actor=district.actor("district_admin"),
        title="Habits",
        description="",
        items=[ItemSpec("Work", "I finish my work")],
    )
    with time_machine.travel(dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.UTC), tick=False):
        from tests.inventories.conftest import rate

        rate(district, "teacher", habits, [3], on=dt.date(2026, 11, 12))
        page = login(district.user("teacher")).get(
            reverse("student_habits", kwargs={"student_id": district.sam.pk})
        )
    assert page.status_code == 200


@pytest.mark.parametrize("what_if", ["99", "-7", "nan", "inf", "-inf", "1e400", "abc", "2.5"])
def test_the_explanation_page_and_api_answer_any_what_if(district, login, client, ratios, what_if):  # noqa: F811
    post(client, district.user("teacher"), evidence(district, ratios, 3))
    page = login(district.user("teacher")).get(
        reverse("mastery_explanation", kwargs={"student_id": district.sam.pk, "competency_id": ratios.pk}),
        {"what_if": what_if},
    )
    assert page.status_code == 200
    api = client.get(
        f"/api/v1/students/{district.sam.pk}/mastery/{ratios.pk}",
        {"what_if": what_if},
        **bearer(district.user("teacher")),
    )
    assert api.status_code in (200, 422), api.content


@pytest.mark.parametrize(
    "query",
    ["offset=99999999999999999999", "limit=99999999999999999999", "offset=-1", "limit=0", "offset=1e3"],
)
def test_the_list_endpoints_answer_any_offset_and_limit_without_a_server_error(district, client, query):
    for path in ("/api/v1/students", "/api/v1/sections", "/api/v1/enrollments", "/api/v1/schools"):
        response = client.get(f"{path}?{query}", **bearer(district.user("district_admin")))
        assert response.status_code == 422, (path, response.status_code)


@pytest.mark.parametrize(
    "changes",
    [
        {"score": "NaN"},
        {"score": "Infinity"},
        {"score": "1E+30"},
        {"score": 99999999},
        {"demonstrated_on": "0001-01-01"},
        {"section_id": 99999999999999999999},
        {"student_id": 99999999999999999999},
        {"competency_id": -1},
        {"kind": "x" * 10000},
    ],
)
def test_the_evidence_api_refuses_out_of_range_values_without_a_server_error(
    district,
    client,
    ratios,  # noqa: F811 - the fixture imported above
    changes,
):
    response = post(client, district.user("teacher"), {**evidence(district, ratios, 3), **changes})
    assert response.status_code in (400, 404, 422), response.content
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(2026, 11, 2)])
def test_the_habits_page_survives_a_rating_already_stored_on_any_day(district, login, day):
    from pathmaker.inventories.models import InventoryTaking

    habits = inventory_define(
        actor=district.actor("district_admin"),
        title="Habits",
        description="",
        items=[ItemSpec("Work", "I finish my work")],
    )
    with time_machine.travel(dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.UTC), tick=False):
        from tests.inventories.conftest import rate

        taking = rate(district, "teacher", habits, [3], on=dt.date(2026, 11, 12))
        InventoryTaking.objects.filter(pk=taking.pk).update(taken_on=day)  # as an older Pathmaker let in
        for years in ("", "all"):
            page = login(district.user("teacher")).get(
                reverse("student_habits", kwargs={"student_id": district.sam.pk}), {"years": years}
            )
            assert page.status_code == 200, years
