"""The district's own frameworks: versioned edits, links, scales, rubrics and course alignment rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.demo.frameworks import build_demo_frameworks
from pathmaker.frameworks import services
from pathmaker.frameworks.case.export import package_json
from pathmaker.frameworks.models import Association, Competency, CourseCompetency
from pathmaker.frameworks.selectors import competency_page, effective_scale
from pathmaker.frameworks.services import SCHOOL_CAP_REACHED, FrameworkError, LevelSpec

FOUR_LEVELS = [
    LevelSpec(Decimal(1), "Beginning"),
    LevelSpec(Decimal(2), "Developing"),
    LevelSpec(Decimal(3), "Proficient"),
    LevelSpec(Decimal(4), "Advanced"),
]


@pytest.fixture
def portrait(db):
    return services.framework_create(
        title="Portrait of a Graduate", description="", actor=Actor.system("test")
    )


def test_editing_a_competency_makes_a_new_version_and_keeps_the_old_wording(portrait, district):
    admin = district.user("district_admin")
    skill = services.competency_create(
        framework=portrait, full_statement="Works with others", actor=Actor.for_user(admin)
    )
    services.competency_edit(
        competency=skill, full_statement="Collaborates to reach shared goals", actor=Actor.for_user(admin)
    )
    skill.refresh_from_db()
    assert skill.version == 2
    assert [v.full_statement for v in skill.versions.order_by("version")] == [
        "Works with others",
        "Collaborates to reach shared goals",
    ]
    assert AuditEvent.objects.filter(action="competency.edit", actor=admin).exists()


def test_a_published_framework_cannot_be_edited_in_place(db):
    import json

    from pathmaker.demo.frameworks import state_math_package

    state = services.case_import(
        raw=json.dumps(state_math_package()).encode(), source_name="s.json", actor=Actor.system("test")
    ).framework
    with pytest.raises(FrameworkError, match="import a newer version"):
        services.competency_edit(
            competency=state.competencies.first(), full_statement="x", actor=Actor.system("test")
        )


def test_a_new_competency_is_part_of_the_exported_tree(portrait):
    parent = services.competency_create(
        framework=portrait, full_statement="Collaboration", actor=Actor.system("test")
    )
    services.competency_create(
        framework=portrait, full_statement="Shares the work", parent=parent, actor=Actor.system("test")
    )
    package = package_json(portrait)
    assert len(package["CFItems"]) == 2
    assert sorted(a["associationType"] for a in package["CFAssociations"]) == ["isChildOf", "isChildOf"]


def test_a_prerequisite_shows_on_both_competencies(portrait):
    ratio = services.competency_create(
        framework=portrait, full_statement="Ratios", actor=Actor.system("test")
    )
    proportion = services.competency_create(
        framework=portrait, full_statement="Proportions", actor=Actor.system("test")
    )
    services.association_create(
        origin=ratio, destination=proportion, association_type="precedes", actor=Actor.system("test")
    )
    assert [link.other for link in competency_page(proportion).prerequisites] == [ratio]
    assert [link.other for link in competency_page(ratio).leads_to] == [proportion]


def test_a_competency_cannot_be_its_own_prerequisite(portrait):
    ratio = services.competency_create(
        framework=portrait, full_statement="Ratios", actor=Actor.system("test")
    )
    with pytest.raises(FrameworkError):
        services.association_create(
            origin=ratio, destination=ratio, association_type="precedes", actor=Actor.system("test")
        )


def test_a_scale_needs_its_mastery_level_among_its_levels(db):
    with pytest.raises(FrameworkError, match="mastery level 5"):
        services.scale_create(
            name="Bad", levels=FOUR_LEVELS, mastery_value=Decimal(5), actor=Actor.system("test")
        )


def test_a_second_scale_with_a_taken_name_is_refused_by_the_database_with_a_code(db):
    actor = Actor.system("test")
    services.scale_create(name="4-point", levels=FOUR_LEVELS, mastery_value=Decimal(3), actor=actor)
    with pytest.raises(FrameworkError) as refused:
        services.scale_create(name="4-point", levels=FOUR_LEVELS, mastery_value=Decimal(3), actor=actor)
    assert (refused.value.code, refused.value.field) == ("frameworks.scale_name_taken", "name")
    assert AuditEvent.objects.filter(action="scale.create").count() == 1


def test_the_most_specific_scale_wins(portrait):
    skill = services.competency_create(
        framework=portrait, full_statement="Creativity", actor=Actor.system("test")
    )
    district_scale = services.scale_create(
        name="4-point", levels=FOUR_LEVELS, mastery_value=Decimal(3), actor=Actor.system("test")
    )
    services.scale_assign(scale=district_scale, framework=portrait, actor=Actor.system("test"))
    assert effective_scale(skill) == district_scale
    own = services.scale_create(
        name="3-point", levels=FOUR_LEVELS[:3], mastery_value=Decimal(2), actor=Actor.system("test")
    )
    services.scale_assign(scale=own, competency=skill, actor=Actor.system("test"))
    assert effective_scale(skill) == own


def test_a_school_may_add_only_as_many_competencies_as_the_district_allows(portrait, district, settings):
    settings.PATHMAKER_MAX_SCHOOL_COMPETENCIES_PER_COURSE = 1
    course = district.math.course
    first, second = (
        services.competency_create(framework=portrait, full_statement=t, actor=Actor.system("test"))
        for t in ("Communication", "Creativity")
    )
    services.course_competency_add(
        course=course, competency=first, school=district.north, actor=Actor.system("test")
    )
    with pytest.raises(FrameworkError, match="the district allows 1") as refused:
        services.course_competency_add(
            course=course, competency=second, school=district.north, actor=Actor.system("test")
        )
    assert refused.value.code == SCHOOL_CAP_REACHED
    services.course_competency_add(
        course=course, competency=second, actor=Actor.system("test")
    )  # the district itself may
    assert CourseCompetency.objects.filter(course=course).count() == 2


def test_a_retired_competency_cannot_be_added_to_a_course(portrait, district):
    skill = services.competency_create(
        framework=portrait, full_statement="Old skill", actor=Actor.system("test")
    )
    services.competency_retire(competency=skill, actor=Actor.system("test"))
    skill.refresh_from_db()
    with pytest.raises(FrameworkError):
        services.course_competency_add(
            course=district.math.course, competency=skill, actor=Actor.system("test")
        )


def test_the_demo_frameworks_have_crosswalks_prerequisites_a_scale_and_a_rubric(district):
    counts = build_demo_frameworks()
    assert counts["frameworks"] == 3 and counts["course_links"] > 0
    assert Association.objects.filter(association_type="exactMatchOf", destination__isnull=False).count() == 6
    assert Association.objects.filter(association_type="precedes").count() == 4
    collaboration = Competency.objects.get(full_statement="Collaboration")
    page = competency_page(collaboration.children.first())
    assert page.scale.name == "Maple Valley 4-point scale" and page.criteria
