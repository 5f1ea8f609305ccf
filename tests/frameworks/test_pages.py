"""The framework pages: who may open and change what, and what each page shows and does.

Maple Valley (tests/conftest.py) has written a "Portrait of a Graduate" framework: Collaboration
(POG.COL) with Listening (POG.COL.1) under it, on a 4-point scale with a rubric, assessed in North's
Math 7 course. It has also imported a publisher's small framework (MarkdownFramework.json), which it
may not edit. Sue leads South, the other school.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.frameworks import services
from pathmaker.frameworks.case.export import package_json
from pathmaker.frameworks.models import (
    Association,
    CaseImport,
    Competency,
    CompetencyVersion,
    CourseCompetency,
    Framework,
    ProficiencyScale,
    Rubric,
    RubricCriterion,
    RubricLevel,
    ScaleAssignment,
    ScaleLevel,
)
from pathmaker.frameworks.services import CriterionSpec, LevelSpec
from pathmaker.rostering.models import Course
from tests import factories as f
from tests.conftest import SHARED_DATA
from tests.personas import persona_table

CASE = SHARED_DATA / "case"


@dataclass
class Catalogue:
    portrait: Framework
    collaboration: Competency
    listening: Competency
    published: Framework
    published_item: Competency
    scale: ProficiencyScale
    case_record: CaseImport


@pytest.fixture
def catalogue(district) -> Catalogue:
    dana = district.user("district_admin")
    portrait = services.framework_create(
        title="Portrait of a Graduate", description="What every graduate can do.", actor=Actor.for_user(dana)
    )
    collaboration = services.competency_create(
        framework=portrait,
        full_statement="Works with others toward a shared goal.",
        human_coding_scheme="POG.COL",
        kind=Competency.Kind.CROSS_CURRICULAR_SKILL,
        actor=Actor.for_user(dana),
    )
    listening = services.competency_create(
        framework=portrait,
        full_statement="Listens to understand before responding.",
        human_coding_scheme="POG.COL.1",
        parent=collaboration,
        actor=Actor.for_user(dana),
    )
    record = services.case_import(
        raw=(CASE / "MarkdownFramework.json").read_bytes(),
        source_name="MarkdownFramework.json",
        actor=Actor.for_user(dana),
    )
    scale = services.scale_create(
        name="District 4-point",
        mastery_value=Decimal(3),
        actor=Actor.for_user(dana),
        levels=[
            LevelSpec(Decimal(1), "Beginning"),
            LevelSpec(Decimal(2), "Developing"),
            LevelSpec(Decimal(3), "Proficient", "Meets the standard"),
            LevelSpec(Decimal(4), "Advanced"),
        ],
    )
    services.scale_assign(scale=scale, framework=portrait, actor=Actor.for_user(dana))
    services.rubric_create(
        title="Collaboration rubric",
        framework=portrait,
        actor=Actor.for_user(dana),
        criteria=[
            CriterionSpec(
                "Shares the work",
                collaboration,
                [
                    (1, "Beginning", "Waits to be told what to do"),
                    (4, "Advanced", "Organises the group's work"),
                ],
            )
        ],
    )
    services.course_competency_add(
        course=district.math.course, competency=collaboration, actor=Actor.for_user(dana)
    )
    sue = f.person("Sue", "Stone")
    f.role(sue, district.south, "principal")
    district.accounts["other_school_principal"] = f.account(sue)
    return Catalogue(
        portrait,
        collaboration,
        listening,
        record.framework,
        record.framework.competencies.get(human_coding_scheme="MD.Math"),
        scale,
        record,
    )


def course_link(catalogue: Catalogue) -> CourseCompetency:
    return CourseCompetency.objects.get(competency=catalogue.collaboration)


# Spelled out, never "all personas": a new persona is in no row until someone places it.
EVERYONE = [
    "student",
    "other_student",
    "guardian",
    "other_guardian",
    "teacher",
    "co_teacher",
    "other_school_teacher",
    "teacher_parent",
    "advisor",
    "principal",
    "other_school_principal",
    "district_admin",
    "unrostered",
]
ALIGNERS = ["district_admin", "principal"]


def framework_table(title: str, rows: list[tuple]) -> list[tuple]:
    """A persona table over Maple Valley and Sue, the other school's principal (added by `catalogue`)."""
    return persona_table(title, rows, extra_personas={"other_school_principal"})


def others_than(*allowed: str) -> list[str]:
    return [persona for persona in EVERYONE if persona not in allowed]


# (url name, its arguments, personas who get the page, personas who get a 404)
FRAMEWORK_PAGES = framework_table(
    "framework pages",
    [
        # The catalogue of frameworks is the district's public curriculum: every signed-in user reads it.
        ("framework_list", lambda d, c: {}, EVERYONE, []),
        ("framework_detail", lambda d, c: {"framework_id": c.portrait.pk}, EVERYONE, []),
        ("framework_export", lambda d, c: {"framework_id": c.published.pk}, EVERYONE, []),
        ("competency_detail", lambda d, c: {"competency_id": c.listening.pk}, EVERYONE, []),
        ("scale_list", lambda d, c: {}, EVERYONE, []),
        ("rubric_new", lambda d, c: {}, ["district_admin"], others_than("district_admin")),
        ("case_import_page", lambda d, c: {}, ["district_admin"], others_than("district_admin")),
        (
            "case_import_detail",
            lambda d, c: {"import_id": c.case_record.pk},
            ["district_admin"],
            others_than("district_admin"),
        ),
        (
            "course_competencies",
            lambda d, c: {"course_id": d.math.course.pk},
            ALIGNERS,
            others_than(*ALIGNERS),
        ),
    ],
)

NEVER_EDITORS = others_than("district_admin")


def north_added_listening(district, catalogue) -> dict:
    """The arguments of a course alignment North's principal made, and so may undo."""
    services.course_competency_add(
        course=district.math.course,
        competency=catalogue.listening,
        school=district.north,
        actor=Actor.system("test"),
    )
    return {"course_id": district.math.course.pk, "competency_id": catalogue.listening.pk}


def upload(name: str = "Ordering.json", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content if content is not None else (CASE / name).read_bytes(), content_type="application/json"
    )


# (url name, its arguments, the form, personas whose POST changes something, personas whose POST gets a 404)
FRAMEWORK_ACTIONS = framework_table(
    "framework actions",
    [
        (
            "framework_list",
            lambda d, c: {},
            lambda c: {"title": "Habits of Work"},
            ["district_admin"],
            NEVER_EDITORS,
        ),
        (
            "framework_detail",
            lambda d, c: {"framework_id": c.portrait.pk},
            lambda c: {"new-full_statement": "Asks for help when stuck.", "new-kind": "habit_of_work"},
            ["district_admin"],
            NEVER_EDITORS,
        ),
        (
            "competency_detail",
            lambda d, c: {"competency_id": c.listening.pk},
            lambda c: {
                "edit-full_statement": "Listens closely.",
                "edit-human_coding_scheme": "POG.COL.1",
                "edit-kind": "graduation_competency",
            },
            ["district_admin"],
            NEVER_EDITORS,
        ),
        (
            "competency_retire",
            lambda d, c: {"competency_id": c.listening.pk},
            lambda c: {},
            ["district_admin"],
            NEVER_EDITORS,
        ),
        (
            "competency_link_add",
            lambda d, c: {"competency_id": c.listening.pk},
            lambda c: {"link-association_type": "isRelatedTo", "link-other": "MD.Math"},
            ["district_admin"],
            NEVER_EDITORS,
        ),
        (
            "case_import_page",
            lambda d, c: {},
            lambda c: {"file": upload()},
            ["district_admin"],
            NEVER_EDITORS,
        ),
        (
            "scale_list",
            lambda d, c: {},
            lambda c: {
                "scale-name": "Three steps",
                "scale-levels": "1 | Not yet\n2 | Yes\n3 | Beyond",
                "scale-mastery_value": "2",
            },
            ["district_admin"],
            NEVER_EDITORS,
        ),
        (
            "scale_assign",
            lambda d, c: {},
            lambda c: {"assign-scale": c.scale.pk, "assign-framework": c.published.pk},
            ["district_admin"],
            NEVER_EDITORS,
        ),
        (
            "framework_edit",
            lambda d, c: {"framework_id": c.portrait.pk},
            lambda c: {
                "details-title": "Portrait of a Maple Valley Graduate",
                "details-adoption_status": "Adopted",
            },
            ["district_admin"],
            NEVER_EDITORS,
        ),
        (
            "rubric_new",
            lambda d, c: {},
            lambda c: {
                "title": "Listening rubric",
                "criteria": f"{c.listening.pk} | Listens to understand",
                "levels": "1 | Beginning\n2 | Developing\n3 | Proficient",
            },
            ["district_admin"],
            NEVER_EDITORS,
        ),
        (
            "course_competencies",
            lambda d, c: {"course_id": d.math.course.pk},
            lambda c: {"competency": "POG.COL.1"},
            ALIGNERS,
            others_than(*ALIGNERS),
        ),
        (
            "course_competency_remove",
            north_added_listening,
            lambda c: {},
            ALIGNERS,
            others_than(*ALIGNERS),
        ),
    ],
)

MODELS = (
    Framework,
    Competency,
    CompetencyVersion,
    Association,
    ProficiencyScale,
    ScaleLevel,
    ScaleAssignment,
    Rubric,
    RubricCriterion,
    RubricLevel,
    CourseCompetency,
    CaseImport,
    AuditEvent,
)


def snapshot() -> list[list[dict]]:
    return [list(model.objects.order_by("pk").values()) for model in MODELS]


def page_text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def follow(response, client) -> str:
    assert response.status_code == 302, response.status_code
    return page_text(client.get(response["Location"]))


def audit_actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


# Who may open and change what


@pytest.mark.parametrize(
    ("name", "kwargs", "allowed", "refused"), FRAMEWORK_PAGES, ids=[case[0] for case in FRAMEWORK_PAGES]
)
def test_each_framework_page_opens_for_the_right_personas_and_not_for_the_wrong_ones(
    district, catalogue, login, name, kwargs, allowed, refused
):
    url = reverse(name, kwargs=kwargs(district, catalogue))
    answers = {persona: login(district.user(persona)).get(url).status_code for persona in allowed + refused}
    assert answers == {persona: 200 if persona in allowed else 404 for persona in allowed + refused}


@pytest.mark.parametrize(
    ("name", "kwargs", "data", "allowed", "refused"),
    FRAMEWORK_ACTIONS,
    ids=[f"post-{case[0]}" for case in FRAMEWORK_ACTIONS],
)
def test_each_change_is_refused_to_the_wrong_personas_without_changing_anything(
    district, catalogue, login, name, kwargs, data, allowed, refused
):
    url = reverse(name, kwargs=kwargs(district, catalogue))
    before = snapshot()
    answers = {
        persona: login(district.user(persona)).post(url, data(catalogue)).status_code for persona in refused
    }
    assert answers == dict.fromkeys(refused, 404)
    assert snapshot() == before
    for persona in allowed:
        with transaction.atomic():  # each allowed persona changes the same starting state
            response = login(district.user(persona)).post(url, data(catalogue))
            assert response.status_code == 302, (persona, response.content.decode()[:2000])
            assert snapshot() != before, persona
            transaction.set_rollback(True)


@pytest.mark.parametrize("name", [case[0] for case in FRAMEWORK_PAGES])
def test_framework_pages_send_anonymous_visitors_to_the_login_page(district, catalogue, client, name):
    kwargs = next(case[1] for case in FRAMEWORK_PAGES if case[0] == name)(district, catalogue)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_action_addresses_answer_only_to_post(district, catalogue, login):
    client = login(district.user("district_admin"))
    for url in (
        reverse("competency_retire", args=[catalogue.listening.pk]),
        reverse("scale_assign"),
        reverse("competency_link_add", args=[catalogue.listening.pk]),
    ):
        assert client.get(url).status_code == 405, url
    assert not Competency.objects.get(pk=catalogue.listening.pk).is_retired


# The framework list


def test_the_list_shows_each_framework_with_its_publisher_item_count_and_a_district_badge(
    district, catalogue, login
):
    page = page_text(login(district.user("teacher")).get(reverse("framework_list")))
    assert "Portrait of a Graduate" in page and "Test Markdown Framework" in page
    assert "2 competencies" in page and "By OpenSALT Testing" in page
    assert page.count('class="badge">district<') == 1
    assert page.index("Portrait of a Graduate") < page.index("Test Markdown Framework")


def test_only_a_district_admin_is_offered_the_create_form_and_the_case_upload(district, catalogue, login):
    teacher = page_text(login(district.user("teacher")).get(reverse("framework_list")))
    admin = page_text(login(district.user("district_admin")).get(reverse("framework_list")))
    assert "Create a district framework" not in teacher and reverse("case_import_page") not in teacher
    assert "Create a district framework" in admin and reverse("case_import_page") in admin


def test_a_district_admin_creates_a_district_framework(district, catalogue, login):
    client = login(district.user("district_admin"))
    response = client.post(
        reverse("framework_list"), {"title": "Habits of Work", "description": "How we work."}
    )
    framework = Framework.objects.get(title="Habits of Work")
    assert response["Location"] == reverse("framework_detail", args=[framework.pk])
    assert framework.is_district_owned and framework.description == "How we work."
    assert AuditEvent.objects.filter(
        action="framework.create", object_id=framework.identifier, actor_username="dana.dunn"
    ).exists()
    assert "Habits of Work was created" in page_text(client.get(response["Location"]))


def test_a_framework_without_a_title_is_refused_naming_the_field(district, catalogue, login):
    before = snapshot()
    page = page_text(login(district.user("district_admin")).post(reverse("framework_list"), {"title": " "}))
    assert 'role="alert"' in page and "Title</a>: This field is required." in page
    assert snapshot() == before


# A framework's page


def test_the_framework_page_shows_its_facts_and_its_tree_in_a_labelled_region(district, catalogue, login):
    page = page_text(
        login(district.user("student")).get(reverse("framework_detail", args=[catalogue.portrait.pk]))
    )
    assert "Portrait of a Graduate" in page and "What every graduate can do." in page
    assert "<dt>Adoption status</dt><dd>Draft</dd>" in page
    assert 'aria-labelledby="tree-heading"' in page and "<details open><summary>" in page
    assert reverse("competency_detail", args=[catalogue.listening.pk]) in page
    assert reverse("framework_export", args=[catalogue.portrait.pk]) in page


def test_searching_a_framework_lists_the_matching_competencies_instead_of_the_tree(
    district, catalogue, login
):
    url = reverse("framework_detail", args=[catalogue.portrait.pk])
    page = page_text(login(district.user("teacher")).get(url, {"q": "listens"}))
    assert "1 match for “listens”" in page and "<details" not in page
    assert (
        f'<a href="{reverse("competency_detail", args=[catalogue.listening.pk])}"><span class="code">POG.COL.1'
        in page
    )
    assert "Works with others" not in page


def test_a_search_by_code_finds_the_competency_and_a_search_for_nothing_says_so(district, catalogue, login):
    client = login(district.user("teacher"))
    url = reverse("framework_detail", args=[catalogue.portrait.pk])
    assert "2 matches for “pog.col”" in page_text(client.get(url, {"q": "pog.col"}))
    assert "No competency in this framework matches “zebra”" in page_text(client.get(url, {"q": "zebra"}))


def test_the_add_competency_form_is_offered_only_to_a_district_admin_on_a_district_framework(
    district, catalogue, login
):
    admin = login(district.user("district_admin"))
    assert "Add a competency" in page_text(
        admin.get(reverse("framework_detail", args=[catalogue.portrait.pk]))
    )
    assert "Add a competency" not in page_text(
        admin.get(reverse("framework_detail", args=[catalogue.published.pk]))
    )
    teacher = login(district.user("teacher"))
    assert "Add a competency" not in page_text(
        teacher.get(reverse("framework_detail", args=[catalogue.portrait.pk]))
    )


def test_a_district_admin_adds_a_competency_under_a_parent(district, catalogue, login):
    client = login(district.user("district_admin"))
    url = reverse("framework_detail", args=[catalogue.portrait.pk])
    response = client.post(
        url,
        {
            "new-full_statement": "Builds on the ideas of others.",
            "new-human_coding_scheme": "POG.COL.2",
            "new-kind": "performance_indicator",
            "new-parent": catalogue.collaboration.pk,
        },
    )
    assert response["Location"] == url
    added = Competency.objects.get(human_coding_scheme="POG.COL.2")
    assert (added.parent, added.kind, added.framework) == (
        catalogue.collaboration,
        "performance_indicator",
        catalogue.portrait,
    )
    assert AuditEvent.objects.filter(action="competency.create", object_id=added.identifier).exists()
    assert "Added POG.COL.2 Builds on the ideas of others." in page_text(client.get(url))


def test_a_parent_from_another_framework_is_not_a_choice(district, catalogue, login):
    before = snapshot()
    page = page_text(
        login(district.user("district_admin")).post(
            reverse("framework_detail", args=[catalogue.portrait.pk]),
            {
                "new-full_statement": "Sneaks in.",
                "new-kind": "habit_of_work",
                "new-parent": catalogue.published_item.pk,
            },
        )
    )
    assert "Select a valid choice" in page
    assert snapshot() == before


def test_adding_to_a_published_framework_changes_nothing_and_says_why(district, catalogue, login):
    client = login(district.user("district_admin"))
    url = reverse("framework_detail", args=[catalogue.published.pk])
    before = snapshot()
    page = follow(client.post(url, {"new-full_statement": "Mine now.", "new-kind": "habit_of_work"}), client)
    assert snapshot() == before
    assert "Nothing was added. Test Markdown Framework is published by OpenSALT Testing" in page


def forget(framework: Framework) -> None:
    """Remove a framework and everything attached to it, as if this Pathmaker had never had it."""
    CourseCompetency.objects.filter(competency__framework=framework).delete()
    ScaleAssignment.objects.filter(framework=framework).delete()
    for model in (Rubric, Association):
        model.objects.filter(framework=framework).delete()
    # Children first: a competency's parent is protected.
    Competency.objects.filter(framework=framework, parent__isnull=False).delete()
    Competency.objects.filter(framework=framework).delete()
    framework.delete()


def test_the_export_is_the_case_package_as_a_json_attachment_named_for_the_framework(
    district, catalogue, login
):
    response = login(district.user("guardian")).get(reverse("framework_export", args=[catalogue.portrait.pk]))
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="portrait-of-a-graduate.json"'
    package = json.loads(response.content)
    assert package == json.loads(json.dumps(package_json(Framework.objects.get(pk=catalogue.portrait.pk))))
    assert {item["humanCodingScheme"] for item in package["CFItems"]} == {"POG.COL", "POG.COL.1"}


def test_an_exported_district_framework_imports_again_as_the_same_framework(district, catalogue, login):
    # Without its rubric: see the next test.
    Rubric.objects.filter(framework=catalogue.portrait).delete()
    raw = (
        login(district.user("teacher")).get(reverse("framework_export", args=[catalogue.portrait.pk])).content
    )
    forget(catalogue.portrait)
    record = services.case_import(
        raw=raw, source_name="portrait-of-a-graduate.json", actor=Actor.system("test")
    )
    assert record.status == "succeeded", record.errors
    assert record.summary["items"]["created"] == 2
    listening = Competency.objects.get(identifier=catalogue.listening.identifier)
    assert listening.parent.identifier == catalogue.collaboration.identifier
    assert json.loads(raw)["CFItems"] == package_json(record.framework)["CFItems"]


def test_an_exported_district_framework_with_a_rubric_imports_again(district, catalogue, login):
    raw = (
        login(district.user("teacher")).get(reverse("framework_export", args=[catalogue.portrait.pk])).content
    )
    forget(catalogue.portrait)
    record = services.case_import(
        raw=raw, source_name="portrait-of-a-graduate.json", actor=Actor.system("test")
    )
    assert record.status == "succeeded", record.errors


# A competency's page


def test_the_competency_page_shows_where_it_sits_its_scale_rubric_courses_and_history(
    district, catalogue, login
):
    page = page_text(
        login(district.user("teacher")).get(reverse("competency_detail", args=[catalogue.collaboration.pk]))
    )
    assert 'aria-label="Breadcrumb"' in page and "Portrait of a Graduate" in page
    assert "Works with others toward a shared goal." in page and "Cross-curricular skill" in page
    assert "Proficiency scale: District 4-point" in page
    assert (
        '<li class="mastery">' in page and '3 Proficient</strong> <span class="badge badge-mastery">' in page
    )
    assert "Collaboration rubric: Shares the work" in page and "Organises the group&#x27;s work" in page
    assert "<h3>North Middle School</h3>" in page and "Math 7 course" in page
    assert "Chosen by the district unless marked" in page
    assert "Listens to understand" in page  # its child
    assert "Version 1" in page and "written in Pathmaker by dana.dunn" in page
    # A teacher may not change the course's competencies, so the course is not a link for them.
    assert reverse("course_competencies", args=[district.math.course.pk]) not in page
    assert "Save a new version" not in page and "Retire this competency" not in page


def test_the_competency_page_shows_its_ancestors_in_the_breadcrumb(district, catalogue, login):
    page = page_text(
        login(district.user("teacher")).get(reverse("competency_detail", args=[catalogue.listening.pk]))
    )
    crumbs = page[
        page.index('aria-label="Breadcrumb"') : page.index("</nav>", page.index('aria-label="Breadcrumb"'))
    ]
    assert reverse("competency_detail", args=[catalogue.collaboration.pk]) in crumbs and "POG.COL<" in crumbs


def test_the_course_list_links_to_the_alignment_page_for_those_who_may_change_it(district, catalogue, login):
    url = reverse("competency_detail", args=[catalogue.collaboration.pk])
    course_url = reverse("course_competencies", args=[district.math.course.pk])
    assert course_url in page_text(login(district.user("principal")).get(url))
    assert course_url in page_text(login(district.user("district_admin")).get(url))
    assert course_url not in page_text(login(district.user("other_school_principal")).get(url))


def test_an_imported_competency_shows_its_prerequisites_crosswalks_and_exemplars(district, login):
    services.case_import(
        raw=(CASE / "wscb.json").read_bytes(), source_name="wscb.json", actor=Actor.system("test")
    )
    ratio = Competency.objects.get(human_coding_scheme="CCSS.Math.Content.6.RP.A.1")
    unit_rate = Competency.objects.get(human_coding_scheme="CCSS.Math.Content.6.RP.A.2")
    page = page_text(login(district.user("teacher")).get(reverse("competency_detail", args=[unit_rate.pk])))
    progression = page[page.index("progression-heading") : page.index("crosswalks-heading")]
    assert reverse("competency_detail", args=[ratio.pk]) in progression.split("Leads to")[0]
    assert "Leads to" in progression and "None recorded." not in progression
    cluster = Competency.objects.get(human_coding_scheme="CCSS.Math.Content.6.RP.A")
    cluster_page = page_text(
        login(district.user("teacher")).get(reverse("competency_detail", args=[cluster.pk]))
    )
    assert (
        '<span class="badge">exemplar</span> <a href="http://opensalt-staging.opened.com/uri/https://www.'
        "illustrativemathematics.org" in cluster_page
    )
    assert '<span class="badge">exact match</span>' in cluster_page


def test_a_link_to_a_script_address_is_shown_as_text_not_as_a_link(district, catalogue, login):
    Association.objects.create(
        framework=catalogue.portrait,
        identifier="a0000000-0000-0000-0000-000000000001",
        association_type="exemplar",
        origin=catalogue.listening,
        origin_identifier=catalogue.listening.identifier,
        destination_identifier="x",
        destination_uri="javascript:alert(1)",
        destination_title="A trap",
    )
    page = page_text(
        login(district.user("teacher")).get(reverse("competency_detail", args=[catalogue.listening.pk]))
    )
    assert "A trap" in page and "javascript:" not in page


def test_a_district_admin_edits_a_competency_into_a_new_version_and_the_old_wording_stays(
    district, catalogue, login
):
    client = login(district.user("district_admin"))
    url = reverse("competency_detail", args=[catalogue.listening.pk])
    response = client.post(
        url,
        {
            "edit-full_statement": "Listens to understand, then responds.",
            "edit-human_coding_scheme": "POG.COL.L",
            "edit-kind": "habit_of_work",
        },
    )
    page = follow(response, client)
    listening = Competency.objects.get(pk=catalogue.listening.pk)
    assert (listening.version, listening.full_statement, listening.human_coding_scheme, listening.kind) == (
        2,
        "Listens to understand, then responds.",
        "POG.COL.L",
        "habit_of_work",
    )
    assert list(listening.versions.order_by("version").values_list("full_statement", flat=True)) == [
        "Listens to understand before responding.",
        "Listens to understand, then responds.",
    ]
    event = AuditEvent.objects.get(action="competency.edit")
    assert event.detail == {"changed": ["full_statement", "human_coding_scheme", "kind"], "version": 2}
    assert "Saved as version 2" in page and "Listens to understand before responding." in page


def test_an_edit_that_changes_nothing_makes_no_new_version(district, catalogue, login):
    client = login(district.user("district_admin"))
    before = snapshot()
    page = follow(
        client.post(
            reverse("competency_detail", args=[catalogue.listening.pk]),
            {
                "edit-full_statement": "Listens to understand before responding.",
                "edit-human_coding_scheme": "POG.COL.1",
                "edit-kind": "graduation_competency",
            },
        ),
        client,
    )
    assert snapshot() == before and "Nothing was changed" in page


def test_an_edit_without_a_statement_is_refused_naming_the_field(district, catalogue, login):
    before = snapshot()
    page = page_text(
        login(district.user("district_admin")).post(
            reverse("competency_detail", args=[catalogue.listening.pk]),
            {"edit-full_statement": "", "edit-kind": "habit_of_work"},
        )
    )
    assert '<a href="#id_edit-full_statement">Statement</a>: This field is required.' in page
    assert 'aria-invalid="true"' in page
    assert snapshot() == before


def test_a_published_competency_offers_no_editing_and_refuses_an_edit(district, catalogue, login):
    client = login(district.user("district_admin"))
    url = reverse("competency_detail", args=[catalogue.published_item.pk])
    assert "Save a new version" not in page_text(client.get(url))
    before = snapshot()
    page = follow(client.post(url, {"edit-full_statement": "Changed.", "edit-kind": "habit_of_work"}), client)
    assert snapshot() == before and "Nothing was changed. Test Markdown Framework is published by" in page


def test_retiring_a_competency_keeps_it_and_its_page_says_it_is_retired(district, catalogue, login):
    client = login(district.user("district_admin"))
    response = client.post(reverse("competency_retire", args=[catalogue.listening.pk]))
    listening = Competency.objects.get(pk=catalogue.listening.pk)
    assert listening.is_retired and listening.retired_at is not None
    assert AuditEvent.objects.filter(action="competency.retire", object_id=listening.identifier).exists()
    page = follow(response, client)
    assert "Retired on" in page and "Evidence already recorded against it stays attached." in page
    assert "Save a new version" not in page
    tree = page_text(client.get(reverse("framework_detail", args=[catalogue.portrait.pk])))
    assert reverse("competency_detail", args=[listening.pk]) not in tree


def test_a_district_admin_adds_a_prerequisite_by_its_code(district, catalogue, login):
    client = login(district.user("district_admin"))
    url = reverse("competency_link_add", args=[catalogue.collaboration.pk])
    page = follow(
        client.post(url, {"link-association_type": "precededBy", "link-other": "pog.col.1"}), client
    )
    link = Association.objects.get(association_type="precedes")
    assert (link.origin, link.destination, link.framework) == (
        catalogue.listening,
        catalogue.collaboration,
        catalogue.portrait,
    )
    assert AuditEvent.objects.filter(action="association.create", object_id=link.identifier).exists()
    prerequisites = page[page.index("Prerequisites") : page.index("Leads to")]
    assert reverse("competency_detail", args=[catalogue.listening.pk]) in prerequisites


def test_a_crosswalk_to_a_published_standard_by_id_shows_on_both_pages(district, catalogue, login):
    client = login(district.user("district_admin"))
    follow(
        client.post(
            reverse("competency_link_add", args=[catalogue.listening.pk]),
            {"link-association_type": "exactMatchOf", "link-other": str(catalogue.published_item.pk)},
        ),
        client,
    )
    assert Association.objects.filter(
        association_type="exactMatchOf", origin=catalogue.listening, destination=catalogue.published_item
    ).exists()
    standard = page_text(client.get(reverse("competency_detail", args=[catalogue.published_item.pk])))
    crosswalks = standard[standard.index("crosswalks-heading") : standard.index("children-heading")]
    assert reverse("competency_detail", args=[catalogue.listening.pk]) in crosswalks


def test_a_link_to_an_unknown_code_is_refused_naming_the_code(district, catalogue, login):
    before = snapshot()
    page = page_text(
        login(district.user("district_admin")).post(
            reverse("competency_link_add", args=[catalogue.listening.pk]),
            {"link-association_type": "precedes", "link-other": "NOPE.1"},
        )
    )
    assert "No competency has the code or id &#x27;NOPE.1&#x27;" in page
    assert snapshot() == before


def test_a_code_two_frameworks_share_asks_for_the_id(district, catalogue, login):
    habits = services.framework_create(title="Habits of Work", description="", actor=Actor.system("test"))
    services.competency_create(
        framework=habits,
        full_statement="Also listens.",
        human_coding_scheme="POG.COL.1",
        actor=Actor.system("test"),
    )
    page = page_text(
        login(district.user("district_admin")).post(
            reverse("competency_link_add", args=[catalogue.collaboration.pk]),
            {"link-association_type": "precedes", "link-other": "POG.COL.1"},
        )
    )
    assert (
        "2 competencies have the code &#x27;POG.COL.1&#x27; (Habits of Work, Portrait of a Graduate)" in page
    )
    assert "enter the id number" in page


def test_linking_a_competency_to_itself_is_refused_with_the_reason(district, catalogue, login):
    before = snapshot()
    page = page_text(
        login(district.user("district_admin")).post(
            reverse("competency_link_add", args=[catalogue.listening.pk]),
            {"link-association_type": "isRelatedTo", "link-other": "POG.COL.1"},
        )
    )
    assert "A competency cannot be linked to itself." in page
    assert snapshot() == before


# CASE upload


def test_a_district_admin_uploads_a_case_package_and_sees_what_it_created(district, catalogue, login):
    client = login(district.user("district_admin"))
    response = client.post(reverse("case_import_page"), {"file": upload("Ordering.json")})
    record = CaseImport.objects.latest("pk")
    assert response["Location"] == reverse("case_import_detail", args=[record.pk])
    assert record.status == "succeeded" and record.started_by == district.user("district_admin")
    assert record.framework.competencies.count() == 28
    assert AuditEvent.objects.filter(
        action="framework.import", object_id=record.framework.identifier
    ).exists()
    page = follow(response, client)
    assert "Ordering.json was imported." in page
    assert '<th scope="row">Competencies (CASE items)</th><td>28</td><td>0</td><td>0</td>' in page
    assert reverse("framework_detail", args=[record.framework.pk]) in page


def test_a_broken_package_is_refused_and_the_result_says_nothing_was_changed(district, catalogue, login):
    client = login(district.user("district_admin"))
    package = json.loads((CASE / "Ordering.json").read_bytes())
    del package["CFItems"][2]["fullStatement"]
    before = [list(m.objects.order_by("pk").values()) for m in (Framework, Competency, Association)]
    page = follow(
        client.post(
            reverse("case_import_page"), {"file": upload("broken.json", json.dumps(package).encode())}
        ),
        client,
    )
    assert [list(m.objects.order_by("pk").values()) for m in (Framework, Competency, Association)] == before
    assert CaseImport.objects.latest("pk").status == "rejected"
    assert "Refused: nothing was changed" in page and "fullStatement" in page
    assert "broken.json was refused: nothing was changed." in page


def test_a_file_that_is_not_json_is_refused_before_any_import(district, catalogue, login):
    before = snapshot()
    page = page_text(
        login(district.user("district_admin")).post(
            reverse("case_import_page"), {"file": upload("standards.zip", b"PK\x03\x04")}
        )
    )
    assert "standards.zip is not a .json file." in page and 'role="alert"' in page
    assert snapshot() == before


def test_a_file_over_20_mb_is_refused_with_the_limit(district, catalogue, login):
    before = snapshot()
    page = page_text(
        login(district.user("district_admin")).post(
            reverse("case_import_page"),
            {"file": upload("huge.json", b" " * (settings.PATHMAKER_MAX_CASE_UPLOAD_BYTES + 1))},
        )
    )
    assert "huge.json is 20.0 MB; the limit is 20 MB." in page
    assert snapshot() == before


def test_the_upload_page_lists_recent_imports(district, catalogue, login):
    page = page_text(login(district.user("district_admin")).get(reverse("case_import_page")))
    assert (
        "MarkdownFramework.json" in page
        and reverse("case_import_detail", args=[catalogue.case_record.pk]) in page
    )


# Proficiency scales


def test_the_scales_page_shows_each_scale_its_levels_and_where_it_applies(district, catalogue, login):
    page = page_text(login(district.user("guardian")).get(reverse("scale_list")))
    assert "District 4-point" in page and '3 Proficient</strong> <span class="badge badge-mastery">' in page
    assert "Meets the standard" in page
    assert f'Framework <a href="{reverse("framework_detail", args=[catalogue.portrait.pk])}">' in page
    assert "Create a scale" not in page


def test_a_district_admin_creates_a_scale_from_one_level_a_line(district, catalogue, login):
    client = login(district.user("district_admin"))
    page = follow(
        client.post(
            reverse("scale_list"),
            {
                "scale-name": "Habits scale",
                "scale-description": "For habits of work.",
                "scale-levels": "1 | Rarely\n\n2 | Sometimes | With reminders\n3 | Consistently | On their own\n",
                "scale-mastery_value": "3",
            },
        ),
        client,
    )
    scale = ProficiencyScale.objects.get(name="Habits scale")
    assert scale.mastery_value == Decimal(3) and scale.description == "For habits of work."
    assert list(scale.levels.values_list("value", "label", "description")) == [
        (Decimal(1), "Rarely", ""),
        (Decimal(2), "Sometimes", "With reminders"),
        (Decimal(3), "Consistently", "On their own"),
    ]
    assert AuditEvent.objects.filter(action="scale.create", object_id=str(scale.pk)).exists()
    assert "The scale Habits scale was created." in page


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        (
            "1 | Rarely\n2 Sometimes",
            "Line 2 (&#x27;2 Sometimes&#x27;) needs a value and a label separated by |",
        ),
        ("1 | Rarely\n\nthree | Often", "Line 3: &#x27;three&#x27; is not a number"),
        ("1 | a | b | c", "Line 1 has more than three parts"),
    ],
)
def test_a_levels_line_that_cannot_be_read_is_refused_naming_the_line(
    district, catalogue, login, levels, message
):
    before = snapshot()
    page = page_text(
        login(district.user("district_admin")).post(
            reverse("scale_list"),
            {"scale-name": "Broken", "scale-levels": levels, "scale-mastery_value": "1"},
        )
    )
    assert message in page and 'role="alert"' in page
    assert snapshot() == before


def test_a_mastery_value_that_is_not_a_level_is_refused_with_the_reason(district, catalogue, login):
    before = snapshot()
    page = page_text(
        login(district.user("district_admin")).post(
            reverse("scale_list"),
            {"scale-name": "Two levels", "scale-levels": "1 | No\n2 | Yes", "scale-mastery_value": "5"},
        )
    )
    assert "The mastery level 5 is not one of the scale&#x27;s levels." in page
    assert snapshot() == before


def test_a_district_admin_puts_a_framework_on_a_scale_and_its_competencies_use_it(district, catalogue, login):
    client = login(district.user("district_admin"))
    page = follow(
        client.post(
            reverse("scale_assign"),
            {"assign-scale": catalogue.scale.pk, "assign-framework": catalogue.published.pk},
        ),
        client,
    )
    assert ScaleAssignment.objects.get(framework=catalogue.published).scale == catalogue.scale
    assert AuditEvent.objects.filter(
        action="scale.assign", detail={"framework": catalogue.published.pk}
    ).exists()
    assert "District 4-point now applies to Test Markdown Framework." in page
    competency = page_text(client.get(reverse("competency_detail", args=[catalogue.published_item.pk])))
    assert "Proficiency scale: District 4-point" in competency


# Course alignment


def test_the_course_page_lists_its_competencies_and_who_added_them(district, catalogue, login):
    page = page_text(
        login(district.user("principal")).get(reverse("course_competencies", args=[district.math.course.pk]))
    )
    assert "Competencies of Math 7 course" in page and "POG.COL" in page and "added by the district" in page
    # A principal may not remove what the district chose.
    assert (
        reverse("course_competency_remove", args=[district.math.course.pk, catalogue.collaboration.pk])
        not in page
    )


def test_a_district_admin_adds_a_competency_to_any_course_by_code(district, catalogue, login):
    client = login(district.user("district_admin"))
    url = reverse("course_competencies", args=[district.science.course.pk])
    page = follow(client.post(url, {"competency": "MD.Math", "framework": catalogue.published.pk}), client)
    link = CourseCompetency.objects.get(course=district.science.course)
    assert link.competency == catalogue.published_item and link.added_by_school is None
    assert AuditEvent.objects.filter(
        action="course.align", object_id=district.science.course.sourced_id
    ).exists()
    assert "is now assessed in Science 7 course" in page


def test_a_principal_adds_competencies_for_their_school_up_to_the_district_limit(
    district, catalogue, login, settings
):
    settings.PATHMAKER_MAX_SCHOOL_COMPETENCIES_PER_COURSE = 1
    client = login(district.user("principal"))
    url = reverse("course_competencies", args=[district.math.course.pk])
    follow(client.post(url, {"competency": str(catalogue.listening.pk)}), client)
    link = CourseCompetency.objects.get(competency=catalogue.listening)
    assert link.added_by_school == district.north
    assert (
        AuditEvent.objects.get(action="course.align", actor_username="pat.park").detail["school"]
        == district.north.pk
    )
    competency = page_text(client.get(reverse("competency_detail", args=[catalogue.listening.pk])))
    assert "(added by North Middle School)" in competency
    before = snapshot()
    page = page_text(client.post(url, {"competency": "MD.Math"}))
    assert (
        "North Middle School has already added 1 competencies to Math 7 course (the district allows 1)"
        in page
    )
    assert snapshot() == before


def test_a_principal_removes_what_their_school_added(district, catalogue, login):
    services.course_competency_add(
        course=district.math.course,
        competency=catalogue.listening,
        school=district.north,
        actor=Actor.system("test"),
    )
    client = login(district.user("principal"))
    page = follow(
        client.post(
            reverse("course_competency_remove", args=[district.math.course.pk, catalogue.listening.pk])
        ),
        client,
    )
    assert not CourseCompetency.objects.filter(competency=catalogue.listening).exists()
    assert AuditEvent.objects.filter(action="course.unalign", actor_username="pat.park").exists()
    assert "is no longer assessed in Math 7 course" in page


def test_a_principal_cannot_remove_what_the_district_chose(district, catalogue, login):
    client = login(district.user("principal"))
    before = snapshot()
    page = follow(
        client.post(
            reverse("course_competency_remove", args=[district.math.course.pk, catalogue.collaboration.pk])
        ),
        client,
    )
    assert snapshot() == before
    assert "was chosen by the district: only a district administrator can remove it" in page


def test_a_retired_competency_cannot_be_added_to_a_course(district, catalogue, login):
    services.competency_retire(competency=catalogue.listening, actor=Actor.system("test"))
    before = snapshot()
    page = page_text(
        login(district.user("district_admin")).post(
            reverse("course_competencies", args=[district.math.course.pk]),
            {"competency": str(catalogue.listening.pk)},
        )
    )
    assert "A retired competency cannot be added to a course." in page
    assert snapshot() == before


def test_searching_from_the_course_page_finds_competencies_in_every_framework_to_add(
    district, catalogue, login
):
    client = login(district.user("district_admin"))
    url = reverse("course_competencies", args=[district.science.course.pk])
    page = page_text(client.get(url, {"q": "markdown"}))
    assert "2 matches for “markdown”" in page and "MD.Math" in page and "MD.Table" in page
    assert f'name="competency" value="{catalogue.published_item.pk}"' in page
    only_portrait = page_text(client.get(url, {"q": "markdown", "framework": catalogue.portrait.pk}))
    assert "0 matches for “markdown”" in only_portrait
    follow(client.post(url, {"competency": str(catalogue.published_item.pk)}), client)
    assert CourseCompetency.objects.filter(
        course=district.science.course, competency=catalogue.published_item
    ).exists()


def test_a_course_search_with_an_unreadable_framework_looks_in_every_framework(district, catalogue, login):
    page = page_text(
        login(district.user("district_admin")).get(
            reverse("course_competencies", args=[district.science.course.pk]),
            {"q": "markdown", "framework": "x"},
        )
    )
    assert "2 matches for “markdown”" in page


def test_a_long_number_is_read_as_a_code_not_an_id(district, catalogue, login):
    page = page_text(
        login(district.user("district_admin")).post(
            reverse("course_competencies", args=[district.math.course.pk]), {"competency": "9" * 30}
        )
    )
    assert f"No competency has the code or id &#x27;{'9' * 30}&#x27;" in page


def test_a_competency_without_a_statement_is_refused_naming_the_field(district, catalogue, login):
    before = snapshot()
    page = page_text(
        login(district.user("district_admin")).post(
            reverse("framework_detail", args=[catalogue.portrait.pk]),
            {"new-full_statement": "", "new-kind": "habit_of_work"},
        )
    )
    assert '<a href="#id_new-full_statement">Statement</a>: This field is required.' in page
    assert snapshot() == before


def test_a_district_admin_puts_one_competency_and_one_course_on_their_own_scale(district, catalogue, login):
    client = login(district.user("district_admin"))
    follow(
        client.post(
            reverse("scale_assign"),
            {"assign-scale": catalogue.scale.pk, "assign-competency": str(catalogue.listening.pk)},
        ),
        client,
    )
    assert ScaleAssignment.objects.get(competency=catalogue.listening).scale == catalogue.scale
    course = district.math.course
    Course.objects.filter(pk=course.pk).update(course_code="MATH7")
    follow(
        client.post(reverse("scale_assign"), {"assign-scale": catalogue.scale.pk, "assign-course": "MATH7"}),
        client,
    )
    assert ScaleAssignment.objects.get(course=course).scale == catalogue.scale


def test_a_scale_assignment_must_name_exactly_one_target(district, catalogue, login):
    before = snapshot()
    page = page_text(
        login(district.user("district_admin")).post(
            reverse("scale_assign"),
            {
                "assign-scale": catalogue.scale.pk,
                "assign-framework": catalogue.published.pk,
                "assign-competency": str(catalogue.listening.pk),
            },
        )
    )
    assert "Choose exactly one: a framework, a competency or a course." in page
    assert snapshot() == before


def test_a_district_admin_writes_a_rubric_with_common_levels_for_each_criterion(district, catalogue, login):
    client = login(district.user("district_admin"))
    follow(
        client.post(
            reverse("rubric_new"),
            {
                "title": "Listening rubric",
                "criteria": f"{catalogue.listening.pk} | Listens to understand",
                "levels": "1 | Beginning | Rarely\n2 | Developing\n3 | Proficient | Consistently",
            },
        ),
        client,
    )
    rubric = Rubric.objects.get(title="Listening rubric")
    [criterion] = rubric.criteria.all()
    assert criterion.competency == catalogue.listening and criterion.description == "Listens to understand"
    assert [(lvl.score, lvl.quality) for lvl in criterion.levels.all()] == [
        (1.0, "Beginning"),
        (2.0, "Developing"),
        (3.0, "Proficient"),
    ]
    assert AuditEvent.objects.filter(action="rubric.create").exists()


def test_a_rubric_line_with_an_unknown_competency_names_the_line(district, catalogue, login):
    before = snapshot()
    page = page_text(
        login(district.user("district_admin")).post(
            reverse("rubric_new"), {"title": "R", "criteria": "NO.SUCH.CODE | x", "levels": "1 | a\n2 | b"}
        )
    )
    assert "Line 1: No competency has the code or id" in page
    assert snapshot() == before


def test_a_district_admin_renames_a_district_framework_and_the_change_is_audited(district, catalogue, login):
    client = login(district.user("district_admin"))
    follow(
        client.post(
            reverse("framework_edit", args=[catalogue.portrait.pk]),
            {
                "details-title": "Portrait of a Maple Valley Graduate",
                "details-description": "Every graduate.",
                "details-version": "2026-27",
                "details-adoption_status": "Adopted",
            },
        ),
        client,
    )
    catalogue.portrait.refresh_from_db()
    assert (catalogue.portrait.title, catalogue.portrait.adoption_status) == (
        "Portrait of a Maple Valley Graduate",
        "Adopted",
    )
    event = AuditEvent.objects.get(action="framework.edit")
    assert event.detail["after"]["title"] == "Portrait of a Maple Valley Graduate"


def test_a_published_framework_has_no_edit_form_and_refuses_edits(district, catalogue, login):
    client = login(district.user("district_admin"))
    assert "Edit this framework" not in page_text(
        client.get(reverse("framework_detail", args=[catalogue.published.pk]))
    )
    before = snapshot()
    follow(
        client.post(
            reverse("framework_edit", args=[catalogue.published.pk]),
            {"details-title": "Mine now", "details-adoption_status": "Adopted"},
        ),
        client,
    )
    assert snapshot() == before
