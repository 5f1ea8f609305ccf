"""The inventory pages: who opens and does what, what each page shows, and that nothing leaks to the wrong people.

Sam's habits are part of his learner profile: he, his guardian Gina (while the district shows habits to
families), his teachers Alice and Carol, his advisor Ada, North's principal Pat and the district's Dana
see them. Omar, Olga, Dave (South), Hank (North, but not Sam's teacher: Omar's father) and an account
with no roster get a 404. Sam rates himself; the adults who work with him rate him; Gina never does.
The district page is Dana's alone.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.frameworks import services as frameworks
from pathmaker.inventories import profile_part
from pathmaker.inventories.models import Inventory, InventoryRating, InventoryTaking
from pathmaker.inventories.services import inventory_retire
from pathmaker.profiles.access import profile_access_or_404
from pathmaker.profiles.models import ProfileSection
from pathmaker.profiles.parts import packet_sections, part_for, render_text
from tests.inventories.conftest import STATEMENTS, TODAY, rate

SEES_HABITS = ["student", "guardian", "teacher", "co_teacher", "advisor", "principal", "district_admin"]
WRONG = ["other_student", "other_guardian", "other_school_teacher", "teacher_parent", "unrostered"]
RATERS = ["student", "teacher", "co_teacher", "advisor", "principal", "district_admin"]
NOT_ADMINS = [
    "principal",
    "teacher",
    "advisor",
    "student",
    "guardian",
    "other_school_teacher",
    "teacher_parent",
    "unrostered",
]
SEP_14 = dt.date(2026, 9, 14)


@pytest.fixture
def rated(district, habits):
    """Sam rated himself in September and November; Alice rated him in September and wrote a note."""
    rate(district, "student", habits, [2, 2, 1], on=SEP_14)
    rate(
        district,
        "teacher",
        habits,
        [1, 2, 2],
        on=SEP_14 + dt.timedelta(days=2),
        note="Ask Sam about the robot.",
    )
    rate(district, "student", habits, [3, 3, 2], on=dt.date(2026, 11, 2))
    return habits


def _body(response) -> str:
    return unescape(response.content.decode())


def _family_sees_habits(visible: bool) -> None:
    ProfileSection.objects.filter(org__isnull=True, key="habits").update(family_visible=visible)


def _no_student_content(response) -> None:
    body = _body(response)
    for leak in ["Sam", "Garcia", *STATEMENTS, "robot", "Habits of work"]:
        assert leak not in body, leak


def _form(inventory: Inventory, values, **extra) -> dict[str, str]:
    data = {
        f"item_{item.pk}": str(value)
        for item, value in zip(inventory.items.all(), values, strict=True)
        if value is not None
    }
    return {"taken_on": TODAY.isoformat(), "note": "", **data, **extra}


def _reads(district) -> int:
    return AuditEvent.objects.filter(action="inventories.view", student_id=district.sam.pk).count()


# A student's habits page


@pytest.mark.parametrize("persona", SEES_HABITS)
def test_the_people_who_work_with_sam_and_his_family_see_his_habits(district, login, rated, persona):
    response = login(district.user(persona)).get(reverse("student_habits", args=[district.sam.pk]))
    assert response.status_code == 200
    body = _body(response)
    assert "Habits of work" in body and STATEMENTS[0] in body and "Ask Sam about the robot." in body
    assert (
        body.count('<path class="series series-own"') == 2
        and body.count('<path class="series series-staff"') == 2
    )
    event = AuditEvent.objects.get(action="inventories.view", student_id=district.sam.pk)
    assert event.actor == district.user(persona) and event.detail["page"] == "habits"


@pytest.mark.parametrize("persona", WRONG)
def test_everyone_else_gets_a_404_and_sees_nothing_of_sams_habits(district, login, rated, persona):
    response = login(district.user(persona)).get(reverse("student_habits", args=[district.sam.pk]))
    assert response.status_code == 404
    _no_student_content(response)
    assert _reads(district) == 0


def test_a_student_that_does_not_exist_looks_the_same(district, login, rated):
    assert (
        login(district.user("district_admin")).get(reverse("student_habits", args=[999999])).status_code
        == 404
    )


def test_a_family_sees_habits_only_when_the_district_shows_them_to_families(district, login, rated):
    guardian, student = login(district.user("guardian")), district.user("student")
    profile, habits_page = (
        reverse(name, args=[district.sam.pk]) for name in ("student_profile", "student_habits")
    )
    _family_sees_habits(True)
    assert guardian.get(habits_page).status_code == 200
    assert "Habits of work" in _body(guardian.get(profile))

    _family_sees_habits(False)
    response = guardian.get(habits_page)
    assert response.status_code == 404
    _no_student_content(response)
    page = guardian.get(profile)
    assert page.status_code == 200 and "Habits of work" not in _body(page)
    assert guardian.get(reverse("inventory_take", args=[district.sam.pk, rated.pk])).status_code == 404
    # Sam and his teachers still see them.
    assert login(student).get(habits_page).status_code == 200
    assert "Habits of work" in _body(login(district.user("teacher")).get(profile))


def test_the_page_shows_this_school_year_unless_asked_for_every_year(district, login, rated):
    rate(district, "student", rated, [1, 1, 1], on=dt.date(2026, 5, 1))
    client = login(district.user("student"))
    this_year = _body(client.get(reverse("student_habits", args=[district.sam.pk])))
    every_year = _body(client.get(reverse("student_habits", args=[district.sam.pk]) + "?years=all"))
    assert "May 1, 2026" not in this_year and "May 1, 2026" in every_year
    assert "Show every year" in this_year and "Show this school year only" in every_year


def test_a_retired_inventory_stays_in_the_students_history(district, login, rated):
    inventory_retire(actor=district.actor("district_admin"), inventory=rated)
    body = _body(login(district.user("student")).get(reverse("student_habits", args=[district.sam.pk])))
    assert "Habits of work" in body and "retired" in body
    assert reverse("inventory_take", args=[district.sam.pk, rated.pk]) not in body


# The profile part and the conference packet


def test_habits_are_a_registered_part_of_the_profile():
    part = part_for("habits")
    assert (
        part is not None and part.template == "inventories/part.html" and part.packet is profile_part.packet
    )


def _part(district, persona: str) -> str:
    """The habits section as the profile page draws it for this persona (the page prints the h2)."""
    user = district.user(persona)
    access = profile_access_or_404(user, district.sam.pk)
    request = RequestFactory().get(reverse("student_profile", args=[district.sam.pk]))
    request.user = user
    part = part_for("habits")
    return unescape(
        render_to_string(
            part.template,
            {"ctx": part.context(access, request), "student": access.student, "access": access},
            request=request,
        )
    )


@pytest.mark.parametrize(
    ("persona", "link"),
    [
        ("student", "Rate myself"),
        ("teacher", "Rate this student"),
        ("advisor", "Rate this student"),
        ("principal", "Rate this student"),
        ("guardian", None),
    ],
)
def test_the_profile_part_shows_the_trend_and_offers_rating_to_those_who_may(district, rated, persona, link):
    section = _part(district, persona)
    assert re.findall(r"<h(\d)", section) == ["3"]
    assert section.count('role="img"') == 2 and section.count("<path class=") == 4
    assert "Ask Sam about the robot." not in section  # notes are on the habits page, not in the profile
    take = reverse("inventory_take", args=[district.sam.pk, rated.pk])
    if link:
        assert f'href="{take}">{link}<span class="visually-hidden">: Habits of work</span>' in section
    else:
        assert take not in section and "Rate" not in section
    assert f'href="{reverse("student_habits", args=[district.sam.pk])}"' in section


def test_the_profile_part_says_when_there_is_nothing_to_show(district, habits):
    assert "No ratings yet this school year." in _part(district, "teacher")
    Inventory.objects.all().delete()
    assert "The district has not set up a habits inventory yet." in _part(district, "teacher")


def test_the_packet_gives_the_latest_ratings_per_dimension_in_plain_words(district, rated):
    rate(district, "co_teacher", rated, [3, 4, 3], on=dt.date(2026, 11, 3))
    rate(district, "teacher", rated, [2, 1, 3], on=dt.date(2026, 11, 3))
    access = profile_access_or_404(district.user("student"), district.sam.pk)
    section = next(s for s in packet_sections(access) if s.kind == "habits")
    assert render_text(section.title) == "Habits and dispositions"
    assert [(i.title, render_text(i.detail)) for i in section.items] == [
        ("Collaboration", "self 3.0 (Proficient), teachers 2.5"),
        ("Perseverance", "self 2.0 (Developing), teachers 3.0 (Proficient)"),
    ]
    assert all("robot" not in render_text(item.detail) for item in section.items)
    assert len({i.key for i in section.items}) == 2


# Rating a student


@pytest.mark.parametrize("persona", RATERS)
def test_sam_and_the_adults_who_work_with_him_open_the_rating_page(district, login, habits, persona):
    response = login(district.user(persona)).get(reverse("inventory_take", args=[district.sam.pk, habits.pk]))
    assert response.status_code == 200
    body = _body(response)
    assert body.count("<fieldset") == 3 and all(f"<legend>{s}</legend>" in body for s in STATEMENTS)
    assert ("Rate myself" if persona == "student" else "Rate Sam Garcia") in body
    assert _reads(district) == 1


@pytest.mark.parametrize("persona", ["guardian", *WRONG])
def test_a_family_and_the_wrong_personas_cannot_open_the_rating_page(district, login, habits, persona):
    response = login(district.user(persona)).get(reverse("inventory_take", args=[district.sam.pk, habits.pk]))
    assert response.status_code == 404
    _no_student_content(response)
    assert _reads(district) == 0


def test_each_level_is_a_labelled_radio_button(district, login, habits):
    body = _body(
        login(district.user("student")).get(reverse("inventory_take", args=[district.sam.pk, habits.pk]))
    )
    radios = re.findall(
        r'<label for="([^"]+)"><input type="radio" name="item_\d+" value="(\d)" id="([^"]+)"> '
        r"([^<]+)</label>",
        body,
    )
    assert len(radios) == 12 and all(label_for == input_id for label_for, _, input_id, _ in radios)
    assert [(value, text.strip()) for _, value, _, text in radios[:4]] == [
        ("1", "1 · Beginning"),
        ("2", "2 · Developing"),
        ("3", "3 · Proficient"),
        ("4", "4 · Advanced"),
    ]
    assert re.search(r'<label for="id_taken_on">Date of this rating</label>', body)


def test_sam_rates_himself_and_the_trend_shows_the_new_point(district, login, habits):
    client = login(district.user("student"))
    response = client.post(
        reverse("inventory_take", args=[district.sam.pk, habits.pk]),
        _form(habits, [3, 2, 4], note="I finished the hard proof."),
    )
    assert response.status_code == 302
    assert (
        response["Location"] == reverse("student_habits", args=[district.sam.pk]) + f"#inventory-{habits.pk}"
    )
    taking = InventoryTaking.objects.get()
    assert (taking.rater_role, taking.taken_on, taking.note) == ("self", TODAY, "I finished the hard proof.")
    assert sorted(taking.ratings.values_list("value", flat=True)) == [2, 3, 4]
    assert AuditEvent.objects.filter(action="inventory.take", student_id=district.sam.pk).count() == 1
    page = _body(client.get(response["Location"]))
    assert "Saved: the ratings of November 20, 2026 are on the chart below." in page
    assert re.search(r"<th scope=\"row\">Nov. 20, 2026</th>\s*<td>2.5</td>", page)


@pytest.mark.parametrize(
    ("persona", "role"), [("teacher", "teacher"), ("advisor", "advisor"), ("principal", "staff")]
)
def test_an_adult_rates_sam_on_an_earlier_day(district, login, habits, persona, role):
    response = login(district.user(persona)).post(
        reverse("inventory_take", args=[district.sam.pk, habits.pk]),
        _form(habits, [2, 2, 3], taken_on="2026-11-13"),
    )
    assert response.status_code == 302
    taking = InventoryTaking.objects.get()
    assert (taking.rater_role, taking.taken_on, taking.rater) == (
        role,
        dt.date(2026, 11, 13),
        district.user(persona),
    )


@pytest.mark.parametrize("persona", ["guardian", *WRONG])
def test_a_family_and_the_wrong_personas_cannot_rate_sam(district, login, habits, persona):
    response = login(district.user(persona)).post(
        reverse("inventory_take", args=[district.sam.pk, habits.pk]), _form(habits, [4, 4, 4])
    )
    assert response.status_code == 404
    _no_student_content(response)
    assert (
        not InventoryTaking.objects.exists()
        and not AuditEvent.objects.filter(action="inventory.take").exists()
    )


def test_a_statement_left_unrated_is_named_and_nothing_is_saved(district, login, habits):
    response = login(district.user("student")).post(
        reverse("inventory_take", args=[district.sam.pk, habits.pk]), _form(habits, [3, None, 4])
    )
    assert response.status_code == 400
    body = _body(response)
    second = habits.items.all()[1]
    assert "Choose a level for “I help the team settle disagreements”." in body
    assert (
        f'href="#id_item_{second.pk}_0"' in body and f'aria-describedby="id_item_{second.pk}_error"' in body
    )
    assert 'value="4" id="id_item_' in body and " checked>" in body  # what was chosen stays chosen
    assert not InventoryTaking.objects.exists() and not InventoryRating.objects.exists()


def test_a_level_off_the_scale_or_a_future_day_is_refused(district, login, habits):
    client = login(district.user("teacher"))
    url = reverse("inventory_take", args=[district.sam.pk, habits.pk])
    off = client.post(url, _form(habits, [3, 9, 4]))
    assert (
        off.status_code == 400
        and "Choose one of the levels for “I help the team settle disagreements”." in _body(off)
    )
    future = client.post(url, _form(habits, [3, 3, 4], taken_on="2026-11-21"))
    assert future.status_code == 400
    assert "The date of the rating (November 21, 2026) is in the future." in _body(future)
    assert not InventoryTaking.objects.exists()


def test_a_second_rating_the_same_day_is_refused_in_plain_words(district, login, habits):
    client = login(district.user("student"))
    url = reverse("inventory_take", args=[district.sam.pk, habits.pk])
    assert client.post(url, _form(habits, [2, 2, 2])).status_code == 302
    assert "You already rated this today." in _body(client.get(url))
    again = client.post(url, _form(habits, [4, 4, 4]))
    assert again.status_code == 400
    assert "You already rated yourself on “Habits of work” on November 20, 2026" in _body(again)
    assert list(InventoryRating.objects.values_list("value", flat=True)) == [2, 2, 2]


def test_a_retired_inventory_is_not_rated(district, login, habits):
    inventory_retire(actor=district.actor("district_admin"), inventory=habits)
    client = login(district.user("student"))
    url = reverse("inventory_take", args=[district.sam.pk, habits.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form(habits, [2, 2, 2])).status_code == 404
    assert not InventoryTaking.objects.exists()


# The district's inventories


def test_only_district_admins_open_the_inventory_page(district, login, rated):
    response = login(district.user("district_admin")).get(reverse("inventory_list"))
    assert response.status_code == 200
    body = _body(response)
    assert "Habits of work" in body and "rated 3 times (1 student)" in " ".join(body.split())
    for persona in NOT_ADMINS:
        assert login(district.user(persona)).get(reverse("inventory_list")).status_code == 404, persona


LINES = "Collaboration | I do my part on time | POG.2\nPerseverance|I keep going when it is hard\n\n"


def test_a_district_admin_defines_an_inventory_from_lines(district, login):
    portrait = frameworks.framework_create(title="Portrait", description="", actor=Actor.system("test"))
    skill = frameworks.competency_create(
        framework=portrait,
        full_statement="Collaboration",
        human_coding_scheme="POG.2",
        actor=Actor.system("test"),
    )
    response = login(district.user("district_admin")).post(
        reverse("inventory_list"),
        {
            "title": "Habits of success",
            "description": "",
            "levels": "Not yet\nSometimes\nUsually\nAlways",
            "items": LINES,
        },
    )
    inventory = Inventory.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inventories/#inventory-{inventory.pk}"
    assert inventory.levels == ["Not yet", "Sometimes", "Usually", "Always"]
    assert [(i.dimension, i.text, i.competency) for i in inventory.items.all()] == [
        ("Collaboration", "I do my part on time", skill),
        ("Perseverance", "I keep going when it is hard", None),
    ]
    assert (
        AuditEvent.objects.filter(action="inventory.define", actor=district.user("district_admin")).count()
        == 1
    )


@pytest.mark.parametrize("persona", NOT_ADMINS)
def test_nobody_else_defines_or_retires_an_inventory(district, login, habits, persona):
    client = login(district.user(persona))
    define = client.post(reverse("inventory_list"), {"title": "Mine", "levels": "A\nB", "items": LINES})
    retire = client.post(reverse("inventory_retire", args=[habits.pk]))
    assert define.status_code == retire.status_code == 404
    assert list(Inventory.objects.values_list("title", "is_active")) == [("Habits of work", True)]


def test_a_badly_written_line_is_named_and_nothing_is_created(district, login):
    response = login(district.user("district_admin")).post(
        reverse("inventory_list"),
        {
            "title": "Habits",
            "levels": "Low\nHigh",
            "items": "Collaboration | I do my part | NOPE.9\njust a statement\n | no dimension",
        },
    )
    assert response.status_code == 400
    body = _body(response)
    assert "Line 1: No competency has the code or id 'NOPE.9'" in body
    assert "Line 2: write it as Dimension | statement (| competency code)." in body
    assert "Line 3: write it as Dimension | statement" in body
    assert not Inventory.objects.exists()


def test_an_untaken_inventory_is_edited_and_a_taken_one_starts_a_new_one(district, login, habits):
    client = login(district.user("district_admin"))
    edit = _body(client.get(reverse("inventory_list") + f"?edit={habits.pk}"))
    assert "Edit “Habits of work”" in edit and f'name="inventory" value="{habits.pk}"' in edit
    assert "Collaboration | I do my part of the team" in edit
    saved = client.post(
        reverse("inventory_list"),
        {
            "inventory": habits.pk,
            "title": "Habits of work",
            "levels": "Low\nHigh",
            "items": "Grit | I keep going",
        },
    )
    assert saved.status_code == 302
    habits.refresh_from_db()
    assert habits.levels == ["Low", "High"] and [i.text for i in habits.items.all()] == ["I keep going"]

    rate(district, "student", habits, [2])
    copy = _body(client.get(reverse("inventory_list") + f"?edit={habits.pk}"))
    assert "A new inventory from “Habits of work”" in copy and 'name="inventory" value=' not in copy
    refused = client.post(
        reverse("inventory_list"),
        {"inventory": habits.pk, "title": "Changed", "levels": "Low\nHigh", "items": "Grit | I keep going"},
    )
    assert refused.status_code == 400 and "has already been taken, so it cannot change" in _body(refused)
    habits.refresh_from_db()
    assert habits.title == "Habits of work"
    new = client.post(
        reverse("inventory_list"),
        {"title": "Habits of work 2027", "levels": "Low\nHigh", "items": "Grit | I keep going"},
    )
    assert new.status_code == 302 and Inventory.objects.count() == 2


def test_a_district_admin_retires_an_inventory(district, login, rated):
    client = login(district.user("district_admin"))
    assert client.get(reverse("inventory_retire", args=[rated.pk])).status_code == 405
    assert "Retire Habits of work" in _body(client.get(reverse("inventory_list")))
    response = client.post(reverse("inventory_retire", args=[rated.pk]), follow=True)
    rated.refresh_from_db()
    assert not rated.is_active
    assert "Habits of work is retired: no one rates it any more" in _body(response)
    assert InventoryTaking.objects.count() == 3
    again = client.post(reverse("inventory_retire", args=[rated.pk]), follow=True)
    assert "Nothing was changed. “Habits of work” is already retired." in _body(again)


def test_the_rating_page_says_who_will_see_the_ratings(district, login, habits):
    url = reverse("inventory_take", args=[district.sam.pk, habits.pk])
    teacher, advisor, student = (login(district.user(p)).get(url) for p in ("teacher", "advisor", "student"))
    assert "Your rating is labelled “teacher”." in _body(teacher)
    assert "Your rating is labelled “advisor”." in _body(advisor)
    assert "the student's family see your ratings, your name and your note" in _body(teacher)
    assert "Your teachers, your advisor and your family see your ratings and your note." in _body(student)
    _family_sees_habits(False)
    assert "The student and the adults who work with them see your ratings" in _body(
        login(district.user("teacher")).get(url)
    )
    assert "Your teachers and your advisor see your ratings and your note." in _body(
        login(district.user("student")).get(url)
    )
