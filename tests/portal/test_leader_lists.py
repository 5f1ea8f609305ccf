"""Leaders find their school's students, sections and teachers by name; everyone finds their pages in the menu."""

from __future__ import annotations

from django.urls import reverse

from pathmaker.access.scope import viewer_for
from pathmaker.audit.models import AuditEvent
from pathmaker.portal import lists
from pathmaker.portal.menu import menu_for
from tests import factories as f


def names(response) -> list[str]:
    return [row[0].display_name for row in response.context["rows"]]


def test_a_principal_lists_only_the_students_of_their_school(district, login):
    response = login(district.user("principal")).get(reverse("leader_students"))
    assert sorted(names(response)) == ["Sam Garcia", "Tia Tran"]


def test_the_district_lists_every_student(district, login):
    response = login(district.user("district_admin")).get(reverse("leader_students"))
    assert sorted(names(response)) == ["Omar Ortiz", "Sam Garcia", "Tia Tran"]


def test_the_student_list_finds_a_student_by_any_words_of_their_name(district, login):
    response = login(district.user("principal")).get(reverse("leader_students"), {"q": "tr ti"})
    assert names(response) == ["Tia Tran"]


def test_the_student_list_links_each_student_to_their_page_and_profile(district, login):
    page = login(district.user("principal")).get(reverse("leader_students")).content.decode()
    assert reverse("student_detail", kwargs={"student_id": district.sam.pk}) in page
    assert reverse("student_profile", kwargs={"student_id": district.sam.pk}) in page


def test_the_student_list_audits_each_student_it_shows(district, login):
    login(district.user("principal")).get(reverse("leader_students"), {"q": "Sam"})
    assert list(AuditEvent.objects.filter(action="student.list").values_list("student_id", flat=True)) == [
        district.sam.pk
    ]


def test_a_principal_cannot_reach_another_school_by_its_filter(district, login):
    response = login(district.user("principal")).get(
        reverse("leader_students"), {"school": district.south.pk}
    )
    assert response.status_code == 200 and "Omar" not in response.content.decode()
    assert response.context["form"].errors["school"]


def test_the_district_filters_the_lists_by_school(district, login):
    response = login(district.user("district_admin")).get(
        reverse("leader_students"), {"school": district.south.pk}
    )
    assert names(response) == ["Omar Ortiz"]


def test_the_student_list_is_paginated(district, login, monkeypatch):
    monkeypatch.setattr(lists, "PAGE_SIZE", 1)
    client = login(district.user("principal"))
    first, second = (
        client.get(reverse("leader_students")),
        client.get(reverse("leader_students"), {"page": 2}),
    )
    assert names(first) == ["Sam Garcia"] and names(second) == ["Tia Tran"]
    assert "page=2" in first.content.decode()


def test_a_principal_lists_their_schools_sections_with_their_gradebooks(district, login):
    response = login(district.user("principal")).get(reverse("leader_sections"))
    assert [row[0].title for row in response.context["rows"]] == ["Art", "Math 7"]
    assert reverse("section_gradebook", kwargs={"section_id": district.math.pk}) in response.content.decode()


def test_the_section_list_finds_a_section_by_its_teachers_name(district, login):
    response = login(district.user("principal")).get(reverse("leader_sections"), {"q": "Chen"})
    assert [row[0].title for row in response.context["rows"]] == ["Math 7"]


def test_a_principal_lists_their_schools_teachers_with_their_sections(district, login):
    response = login(district.user("principal")).get(reverse("leader_teachers"))
    rows = {row[0].display_name: [s.title for s in row[2]] for row in response.context["rows"]}
    assert rows == {
        "Alice Adams": ["Art", "Math 7"],
        "Carol Chen": ["Math 7"],
        "Hank Hill": [],
        "Ada Okafor": [],
    }


def test_the_teacher_list_finds_a_teacher_by_name(district, login):
    response = login(district.user("district_admin")).get(reverse("leader_teachers"), {"q": "dave"})
    assert names(response) == ["Dave Diaz"]


def test_an_over_long_search_is_refused_with_the_field_named_not_a_server_error(district, login):
    response = login(district.user("principal")).get(reverse("leader_sections"), {"q": "x" * 500})
    assert response.status_code == 200 and "q" in response.context["form"].errors


def test_the_principals_home_links_its_numbers_to_the_lists(district, login):
    page = login(district.user("principal")).get(reverse("home")).content.decode()
    assert f"{reverse('leader_students')}?school={district.north.pk}" in page


def menu(district, persona) -> set[str]:
    return {link.url for link in menu_for(viewer_for(district.user(persona)))}


def test_each_persona_gets_the_pages_they_may_use_in_their_menu(district):
    assert {reverse("leader_students"), reverse("leader_sections"), reverse("profile_sections")} <= menu(
        district, "principal"
    )
    assert reverse("audit_log") not in menu(district, "principal")
    assert {
        reverse(n)
        for n in (
            "framework_list",
            "case_import_page",
            "mastery_rules",
            "import_list",
            "audit_log",
            "inventory_list",
            "leader_teachers",
        )
    } <= menu(district, "district_admin")
    assert reverse("advising") in menu(district, "advisor") and reverse("advising") not in menu(
        district, "teacher"
    )
    assert reverse("student_profile", kwargs={"student_id": district.sam.pk}) in menu(district, "student")
    assert menu(district, "guardian") == {reverse("home"), reverse("password_change")}


def test_every_menu_link_opens_for_its_persona(district, login):
    for persona in ("principal", "district_admin", "advisor", "teacher", "student", "guardian"):
        client = login(district.user(persona))
        for url in menu(district, persona):
            assert client.get(url).status_code == 200, (persona, url)


def test_the_menu_marks_the_current_page(district, login):
    page = login(district.user("principal")).get(reverse("leader_sections")).content.decode()
    assert f'href="{reverse("leader_sections")}" aria-current="page"' in page


def test_every_page_links_the_favicon_and_the_icon_exists(district, login, client):
    page = login(district.user("teacher")).get(reverse("home")).content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    assert client.get("/favicon.ico").status_code == 301


def test_a_teacher_in_another_school_is_not_listed(district, login):
    f.role(f.person("Zed", "Zimmer"), district.south, "teacher")
    response = login(district.user("principal")).get(reverse("leader_teachers"), {"q": "Zed"})
    assert names(response) == []
