"""Frameworks for the demo district, written for Pathmaker (no publisher's text is copied).

- A sample state mathematics framework, built as a CASE package and imported through the real
  CASE importer, as a district would receive one.
- The district's own "Portrait of a Graduate" (the 4Cs and habits of work, with performance
  indicators) and district mathematics competencies, written through the services, with
  prerequisites (precedes) and crosswalks (exactMatchOf) to the state framework.
- A 4-level proficiency scale, a collaboration rubric, a team task rubric, and course alignment.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from pathmaker.audit.actor import Actor
from pathmaker.demo.data.frameworks import DISTRICT_MATH, PORTRAIT, STATE_MATH
from pathmaker.frameworks import services
from pathmaker.frameworks.models import Competency, Framework
from pathmaker.rostering.models import Course

NAMESPACE = uuid.UUID("6f1c2f0e-5d7a-4c55-9a51-0d3c9e1b2a10")
STATE_HOST = "https://standards.example.org/ims/case/v1p0"
MATH_TITLES = ("math", "algebra", "geometry", "calculus", "statistics")

SCALE_LEVELS = [
    services.LevelSpec(Decimal(1), "Beginning", "Shows the start of understanding with support."),
    services.LevelSpec(Decimal(2), "Developing", "Shows part of the target; some errors or gaps remain."),
    services.LevelSpec(Decimal(3), "Proficient", "Meets the target independently: mastery."),
    services.LevelSpec(Decimal(4), "Advanced", "Goes beyond the target and applies it in new situations."),
]


def _id(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, name))


def state_math_package() -> dict[str, Any]:
    """A small CASE 1.0 package, as a state's standards server would publish it."""
    doc_id = _id("state-math")
    link = {
        "title": "State Mathematics Standards (sample)",
        "identifier": doc_id,
        "uri": f"{STATE_HOST}/CFDocuments/{doc_id}",
    }
    items, associations = [], []
    for position, (code, statement, grade, parent) in enumerate(STATE_MATH, start=1):
        identifier = _id(code)
        items.append(
            {
                "identifier": identifier,
                "uri": f"{STATE_HOST}/CFItems/{identifier}",
                "fullStatement": statement,
                "humanCodingScheme": code,
                "educationLevel": [grade],
                "CFItemType": "Standard" if parent else "Domain",
                "language": "en",
                "lastChangeDateTime": "2026-06-01T00:00:00+00:00",
            }
        )
        destination = (
            {"title": parent, "identifier": _id(parent), "uri": f"{STATE_HOST}/CFItems/{_id(parent)}"}
            if parent
            else link
        )
        associations.append(
            {
                "identifier": _id(f"{code}-child"),
                "uri": f"{STATE_HOST}/CFAssociations/{_id(code + '-child')}",
                "associationType": "isChildOf",
                "sequenceNumber": position,
                "originNodeURI": {
                    "title": code,
                    "identifier": identifier,
                    "uri": f"{STATE_HOST}/CFItems/{identifier}",
                },
                "destinationNodeURI": destination,
                "lastChangeDateTime": "2026-06-01T00:00:00+00:00",
            }
        )
    return {
        "CFDocument": {
            "identifier": doc_id,
            "uri": link["uri"],
            "title": link["title"],
            "creator": "State Department of Education (sample)",
            "publisher": "Sample State",
            "adoptionStatus": "Adopted",
            "language": "en",
            "subject": ["Mathematics"],
            "lastChangeDateTime": "2026-06-01T00:00:00+00:00",
        },
        "CFItems": items,
        "CFAssociations": associations,
        "CFDefinitions": {},
    }


def build_demo_frameworks() -> dict[str, int]:
    import json

    state = services.case_import(
        raw=json.dumps(state_math_package()).encode(),
        source_name="state-math.json",
        actor=Actor.system("demo"),
    )
    if state.status != "succeeded":
        raise RuntimeError(f"the sample state package was refused: {state.errors}")
    state_items = {c.human_coding_scheme: c for c in state.framework.competencies.all()}

    portrait = services.framework_create(
        title="Maple Valley Portrait of a Graduate",
        description="The skills and habits every graduate shows, in every course.",
        actor=Actor.system("demo"),
    )
    skills: dict[str, Competency] = {}
    for number, (name, (kind, indicators)) in enumerate(PORTRAIT.items(), start=1):
        code = f"MV.POG.{number}"
        skill = services.competency_create(
            framework=portrait,
            full_statement=name,
            human_coding_scheme=code,
            kind=kind,
            actor=Actor.system("demo"),
        )
        skills[name] = skill
        for i, text in enumerate(indicators, start=1):
            services.competency_create(
                framework=portrait,
                full_statement=text,
                human_coding_scheme=f"{code}.{i}",
                kind=Competency.Kind.PERFORMANCE_INDICATOR,
                parent=skill,
                actor=Actor.system("demo"),
            )
    math = services.framework_create(
        title="Maple Valley Mathematics Competencies",
        description="The district's essential mathematics competencies, grades 6-8.",
        actor=Actor.system("demo"),
    )
    district: dict[str, Competency] = {}
    for code, statement, matches, _ in DISTRICT_MATH:
        # A district competency is taught in the grades of the state standards it matches (its grade band).
        grades = sorted(
            {grade for state_code in matches for grade in state_items[state_code].education_levels}
        )
        district[code] = services.competency_create(
            framework=math,
            full_statement=statement,
            human_coding_scheme=code,
            kind=Competency.Kind.CONTENT_STANDARD,
            education_levels=grades,
            actor=Actor.system("demo"),
        )
        for state_code in matches:
            services.association_create(
                origin=district[code],
                destination=state_items[state_code],
                association_type="exactMatchOf",
                actor=Actor.system("demo"),
            )
    for code, _, _, prerequisites in DISTRICT_MATH:
        for before in prerequisites:
            services.association_create(
                origin=district[before],
                destination=district[code],
                association_type="precedes",
                actor=Actor.system("demo"),
            )
    scale = services.scale_create(
        name="Maple Valley 4-point scale",
        levels=SCALE_LEVELS,
        mastery_value=Decimal(3),
        actor=Actor.system("demo"),
        description="Used for every district competency.",
    )
    for framework in (portrait, math, state.framework):
        services.scale_assign(scale=scale, framework=framework, actor=Actor.system("demo"))
    collaboration = [c for c in skills["Collaboration"].children.all()]
    services.rubric_create(
        title="Collaboration rubric",
        framework=portrait,
        actor=Actor.system("demo"),
        criteria=[
            services.CriterionSpec(
                indicator.full_statement,
                indicator,
                [
                    (1.0, "Beginning", "Rarely does this, even with reminders."),
                    (2.0, "Developing", "Does this sometimes, with reminders."),
                    (3.0, "Proficient", "Does this consistently on their own."),
                    (4.0, "Advanced", "Does this and helps the team do it too."),
                ],
            )
            for indicator in collaboration
        ],
    )
    # A task rubric teachers score a whole class with, criterion by criterion (the gradebook offers it
    # for the two skills every course assesses).
    levels = [
        (1.0, "Beginning", "Not yet, even with help."),
        (2.0, "Developing", "Partly, with help."),
        (3.0, "Proficient", "Yes, independently."),
        (4.0, "Advanced", "Yes, and goes beyond."),
    ]
    services.rubric_create(
        title="Team task rubric",
        framework=portrait,
        actor=Actor.system("demo"),
        criteria=[
            services.CriterionSpec(
                "Shares the work and builds on others' ideas", skills["Collaboration"], levels
            ),
            services.CriterionSpec(
                "Keeps the team on track to a shared product", skills["Collaboration"], levels
            ),
            services.CriterionSpec("Weighs evidence before deciding", skills["Critical thinking"], levels),
            services.CriterionSpec(
                "Checks whether the solution makes sense", skills["Critical thinking"], levels
            ),
        ],
    )
    aligned = _align_courses(district, skills)
    return {
        "frameworks": Framework.objects.count(),
        "competencies": Competency.objects.count(),
        "course_links": aligned,
    }


def course_grades(course: Course) -> set[str]:
    """The grades a course is for, as the roster writes them ("KG", "07"...)."""
    return {grade.strip() for grade in course.grades.split(",") if grade.strip()}


def _align_courses(math: dict[str, Competency], skills: dict[str, Competency]) -> int:
    """Each course gets the skills every course assesses; a mathematics course also gets the district's
    mathematics competencies of its own grade band (a first-grade course none of the grade 6-8 ones),
    matched on the competency's educationLevel against the course's grades."""
    links = 0
    for course in Course.objects.filter(is_active=True):
        chosen = [skills["Collaboration"], skills["Habits of work"], skills["Communication"]]
        if course.subjects == "Mathematics" or any(word in course.title.lower() for word in MATH_TITLES):
            in_band = [c for c in math.values() if set(c.education_levels) & course_grades(course)]
            chosen = [*in_band, skills["Critical thinking"], *chosen]
        for competency in chosen[:6]:  # the district keeps each course to its essential few
            services.course_competency_add(course=course, competency=competency, actor=Actor.system("demo"))
            links += 1
    return links
