"""The demo district's subgroup table shows real numbers: a generated district imported through the real
importer, its frameworks and the reports demo's collaboration scores; split by race and ethnicity, the district
sees published percentages and withheld cells, and the suppression audit works out none of them."""

from __future__ import annotations

from django.utils import timezone

from pathmaker.audit.actor import Actor
from pathmaker.demo.district import generate_district
from pathmaker.demo.frameworks import build_demo_frameworks
from pathmaker.demo.reports import build_demo_reports, demo_report_competency
from pathmaker.mastery.models import MasterySummary
from pathmaker.reports import selectors
from pathmaker.reports.suppression import suppression_audit
from pathmaker.rostering.models import ImportRun, Org, PersonRole
from pathmaker.rostering.services import roster_import
from tests import factories as f


def test_the_demo_districts_subgroup_table_has_published_and_withheld_cells(db, tmp_path, settings):
    today = timezone.localdate()
    generate_district(
        tmp_path, students=360, schools=2, school_year=today.year + 1 if today.month >= 8 else today.year
    )
    assert roster_import(path=tmp_path, actor=Actor.system("test")).status == ImportRun.Status.SUCCEEDED
    build_demo_frameworks()

    recorded = build_demo_reports()

    competency = demo_report_competency()
    students = (
        PersonRole.objects.filter(role="student", is_active=True).values("person_id").distinct().count()
    )
    assert recorded == students  # every student of every school, once
    assert MasterySummary.objects.filter(competency=competency, evidence_count__gt=0).count() == students
    assert build_demo_reports() == 0  # a second run scores nobody twice

    table = selectors.subgroup_table(
        user=f.account(username="district", district_admin=True),
        field="race_ethnicity",
        competency=competency,
    )
    cells = [cell for row in table.rows for cell in row.cells]
    published = [cell for cell in cells if not cell.withheld and cell.assessed]
    assert len(table.rows) == Org.objects.filter(org_type=Org.Type.SCHOOL).count() + 1
    assert table.rows[-1].cells[-1].assessed == students
    assert all(cell.assessed >= settings.PATHMAKER_MIN_CELL and cell.percent for cell in published)
    assert table.withheld > 0 and len(published) > table.withheld
    assert table.recovered == []
    assert suppression_audit(table.published, min_cell=settings.PATHMAKER_MIN_CELL) == []
