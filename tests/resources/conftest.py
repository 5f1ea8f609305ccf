"""The library in Maple Valley: a math framework, and resources owned by the district and by North.

The staff of North (Alice, Carol, Hank, Ada, Pat) see North's shared resources; Dave at South does not;
students, families and the unrostered see no library at all.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pathmaker.audit.actor import Actor
from pathmaker.audit.models import AuditEvent
from pathmaker.frameworks import services as frameworks
from pathmaker.frameworks.models import Competency
from pathmaker.resources import services
from pathmaker.resources.models import Alignment, Flag, Rating, Resource
from pathmaker.resources.services import ResourceSpec

SYSTEM = Actor.system("test")

STAFF = [
    "teacher",
    "co_teacher",
    "other_school_teacher",
    "teacher_parent",
    "advisor",
    "principal",
    "district_admin",
]
NOT_STAFF = ["student", "other_student", "guardian", "other_guardian", "unrostered"]
# North's staff and the district see North's shared resources; Dave teaches at South.
SEES_NORTH = ["teacher", "co_teacher", "teacher_parent", "advisor", "principal", "district_admin"]
NOT_NORTH = ["other_school_teacher", *NOT_STAFF]


@pytest.fixture(autouse=True)
def resource_dir(settings, tmp_path):
    settings.PATHMAKER_RESOURCE_DIR = tmp_path / "resources"
    return settings.PATHMAKER_RESOURCE_DIR


@pytest.fixture
def ratios(db) -> list[Competency]:
    framework = frameworks.framework_create(title="Math 7", description="", actor=SYSTEM)
    return [
        frameworks.competency_create(
            framework=framework, full_statement=text, human_coding_scheme=code, actor=SYSTEM
        )
        for code, text in (
            ("7.RP.1", "Compute unit rates associated with ratios of fractions"),
            ("7.RP.2", "Recognize and represent proportional relationships"),
            ("7.NS.1", "Add and subtract rational numbers"),
        )
    ]


def spec(competency: Competency, **changes) -> ResourceSpec:
    values = {
        "title": "Unit rates with recipes",
        "kind": "link",
        "modality": "watch",
        "url": "https://example.org/unit-rates",
        "alignments": [(competency.pk, "teaches")],
        "grade_low": "06",
        "grade_high": "08",
    } | changes
    return ResourceSpec(**values)


def district_resource(competency: Competency, **changes) -> Resource:
    return services.resource_create(spec=spec(competency, **changes), org=None, actor=SYSTEM, publish=True)


def own_resource(district, competency: Competency, **changes) -> Resource:
    """Alice's own resource at North: private until she shares it."""
    return services.resource_create(
        spec=spec(competency, **changes), org=district.north, actor=district.actor("teacher")
    )


def shared_resource(district, competency: Competency, **changes) -> Resource:
    resource = own_resource(district, competency, **changes)
    return services.resource_share(resource=resource, actor=district.actor("teacher"))


def text_upload(name: str = "notes.txt", body: bytes = b"Ratios are comparisons.\n") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="text/plain")


def snapshot() -> tuple[int, ...]:
    """Counts of everything a library service may write, to show a refusal changed nothing."""
    return (
        Resource.objects.count(),
        Resource.objects.filter(visibility="published").count(),
        Resource.objects.filter(visibility="school").count(),
        Resource.objects.filter(is_active=False).count(),
        Alignment.objects.count(),
        Rating.objects.count(),
        Flag.objects.filter(resolved_at__isnull=True).count(),
        AuditEvent.objects.filter(action__startswith="resource.").count(),
    )
