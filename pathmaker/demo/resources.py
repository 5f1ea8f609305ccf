"""The demo district's resource library: a few hundred resources across the demo frameworks' competencies
(every modality, depth of knowledge 1-4, English and Spanish), teachers' ratings, the demo teacher's own
resources (one shared with her school), and a few dead links flagged to the curator."""

from __future__ import annotations

import re

from django.utils import timezone

from pathmaker.accounts.models import User
from pathmaker.audit.actor import Actor
from pathmaker.demo.data.resources import ACCESSIBILITY, DEAD_LINKS, RATINGS, TEACHER_OWN, TEMPLATES, TOPICS
from pathmaker.demo.district import GeneratedDistrict
from pathmaker.frameworks.models import Competency
from pathmaker.resources import access, services
from pathmaker.resources.models import Resource
from pathmaker.resources.services import ResourceSpec

DEMO = Actor.system("demo")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


def build_demo_resources(district: GeneratedDistrict) -> dict[tuple[int, str], Resource]:
    """The library, published by the district; returns each resource by (template index, competency code)."""
    competencies = {
        c.human_coding_scheme: c
        for c in Competency.objects.filter(human_coding_scheme__in=TOPICS, is_retired=False)
    }
    made: dict[tuple[int, str], Resource] = {}
    for code, (topic, tema, low, high, contexts) in TOPICS.items():
        competency = competencies.get(code)
        if competency is None:
            continue
        for index, (kind, modality, dok, minutes, alignment, language, title, text) in enumerate(TEMPLATES):
            context = contexts[index % 3]
            words = {"topic": topic, "tema": tema, "context": context, "context2": contexts[(index + 1) % 3]}
            title_text, body = title.format(**words), text.format(**words)
            spec = ResourceSpec(
                title=title_text[:1].upper() + title_text[1:],
                kind=kind,
                modality=modality,
                alignments=[(competency.pk, alignment)],
                description=body if kind == "link" else "",
                instructions="" if kind == "link" else body,
                url=f"https://example.org/pathmaker-library/{code.lower()}/{_slug(title_text)}"
                if kind == "link"
                else "",
                language=language,
                grade_low=low,
                grade_high=high,
                dok=dok,
                minutes=minutes,
                accessibility=ACCESSIBILITY.get(modality, ""),
            )
            made[(index, code)] = services.resource_create(spec=spec, org=None, actor=DEMO, publish=True)
    _rate(district, made)
    _flag(made)
    _teacher_own(district, competencies)
    return made


def _rate(district: GeneratedDistrict, made: dict[tuple[int, str], Resource]) -> None:
    teacher = User.objects.get(username=district.teacher)
    co_teacher = User.objects.get(username=district.co_teacher)
    for index, code, by_teacher, by_co_teacher, review in RATINGS:
        resource = made.get((index, code))
        if resource is None:
            continue
        services.rating_set(resource=resource, stars=by_teacher, review=review, actor=Actor.for_user(teacher))
        services.rating_set(resource=resource, stars=by_co_teacher, actor=Actor.for_user(co_teacher))


def _flag(made: dict[tuple[int, str], Resource]) -> None:
    for index, code, detail in DEAD_LINKS:
        resource = made.get((index, code))
        if resource is not None:
            services.link_result_record(
                resource=resource, ok=False, detail=detail, checked_at=timezone.now(), actor=DEMO
            )


def _teacher_own(district: GeneratedDistrict, competencies: dict[str, Competency]) -> None:
    teacher = User.objects.get(username=district.teacher)
    actor = Actor.for_user(teacher)
    for number, (title, modality, code, instructions) in enumerate(TEACHER_OWN):
        if code not in competencies:
            continue
        resource = services.resource_create(
            spec=ResourceSpec(
                title=title,
                kind=Resource.Kind.ACTIVITY,
                modality=modality,
                alignments=[(competencies[code].pk, "practices")],
                instructions=instructions,
                dok=3,
                minutes=30,
                grade_low="07",
                grade_high="07",
            ),
            org=access.home_school_for(teacher),
            actor=actor,
        )
        if number == 0:
            services.resource_share(resource=resource, actor=actor)
