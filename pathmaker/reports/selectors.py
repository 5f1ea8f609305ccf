"""Reads for reports: the subgroup table, built from mastery summaries and roster demographics, suppressed
and audited before anyone sees it (`suppression.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pathmaker.components import display
from pathmaker.frameworks.models import Competency
from pathmaker.mastery.models import MasterySummary
from pathmaker.reports import access
from pathmaker.reports.suppression import (
    CodedPercent,
    Published,
    Recovered,
    code_percent,
    publish,
    suppress,
    suppression_audit,
    two_way_with_subcounts,
)
from pathmaker.rostering.models import PersonRole, StudentDemographics

NOT_REPORTED = "not_reported"
YES_NO: list[tuple[str, Promise]] = [("yes", _("Yes")), ("no", _("No")), (NOT_REPORTED, _("Not reported"))]
RACE_ETHNICITY: list[tuple[str, Promise]] = [
    ("Hispanic or Latino", _("Hispanic or Latino")),
    ("American Indian or Alaska Native", _("American Indian or Alaska Native")),
    ("Asian", _("Asian")),
    ("Black or African American", _("Black or African American")),
    ("Native Hawaiian or Other Pacific Islander", _("Native Hawaiian or Other Pacific Islander")),
    ("White", _("White")),
    ("Two or more races", _("Two or more races")),
    ("Not reported", _("Not reported")),
]
# The demographic fields a table may be split by: (label, its values in column order).
FIELDS: dict[str, tuple[Promise, list[tuple[str, Promise]]]] = {
    "english_learner": (_("English learner"), YES_NO),
    "free_reduced_lunch": (_("Free or reduced-price lunch"), YES_NO),
    "iep": (_("Students with disabilities (IEP)"), YES_NO),
    "section_504": (_("Section 504 plan"), YES_NO),
    "gifted": (_("Gifted"), YES_NO),
    "race_ethnicity": (_("Race and ethnicity"), RACE_ETHNICITY),
}
PROFICIENT = (MasterySummary.Status.PROFICIENT, MasterySummary.Status.ADVANCED)


@dataclass(frozen=True)
class Cell:
    assessed: int | None  # None: withheld
    percent: str  # "47%", "<5%", ">95%"; "" when withheld or nobody was assessed (the CSV's and API's text)
    withheld: bool
    share: int | None = None  # the whole percentage, or the band's bound when coded
    coded: str = ""  # "" | "below" | "above"

    @property
    def shown(self) -> str:
        """The percentage in the reader's language ("47%", "47 %", "<5%"), for the page."""
        if self.share is None:
            return ""
        # Translators: a whole percentage ("47%"); write the sign as your language does ("47 %").
        text = gettext("%(number)s%%") % {"number": display.number(self.share, 0)}
        if self.coded == "below":
            # Translators: a percentage coded for a small group: under the given share ("<5%").
            return gettext("<%(percent)s") % {"percent": text}
        if self.coded == "above":
            # Translators: a percentage coded for a small group: over the given share (">95%").
            return gettext(">%(percent)s") % {"percent": text}
        return text


@dataclass(frozen=True)
class Row:
    label: str
    school_id: int | None  # None: the totals row
    cells: list[Cell]  # one per subgroup, then the row's total


@dataclass(frozen=True)
class SubgroupTable:
    field: str
    field_label: str
    competency: Competency
    columns: list[str]
    rows: list[Row]  # the schools, then the totals
    min_cell: int
    published: Published
    withheld: int
    recovered: list[Recovered]  # the audit's findings on what is shown: always empty when shown


def report_competencies() -> QuerySet[Competency]:
    """Competencies with at least one student's level (the choices of the report's form)."""
    assessed = MasterySummary.objects.filter(evidence_count__gt=0).values("competency_id")
    return Competency.objects.filter(pk__in=assessed).order_by("human_coding_scheme", "pk")


def _value(demographics: StudentDemographics | None, field: str) -> str:
    if demographics is None:
        return NOT_REPORTED if field != "race_ethnicity" else "Not reported"
    if field == "race_ethnicity":
        return demographics.race_ethnicity
    flag = getattr(demographics, field)
    return NOT_REPORTED if flag is None else ("yes" if flag else "no")


def _percent_ranges(
    values: tuple[int, ...], size: int, min_cell: int
) -> tuple[dict[int, tuple[int, int]], dict[int, CodedPercent]]:
    ranges: dict[int, tuple[int, int]] = {}
    shown: dict[int, CodedPercent] = {}
    for cell in range(size):
        if values[cell] >= min_cell:
            percent = code_percent(values[cell + size], values[cell])
            shown[cell] = percent
            if percent.coded:
                ranges[cell + size] = (percent.numerator_low, percent.numerator_high)
    return ranges, shown


def subgroup_table(*, user: Any, field: str, competency: Competency) -> SubgroupTable:
    """The schools of the user's scope x the field's values for one competency, suppressed and audited.
    The caller has checked `access.subgroups_or_404`."""
    field_label, values = FIELDS[field]
    min_cell = settings.PATHMAKER_MIN_CELL
    schools = list(access.report_schools(user).order_by("name", "pk"))
    row_of = {school.pk: i for i, school in enumerate(schools)}
    column_of = {value: j for j, (value, _label) in enumerate(values)}
    visible = access.report_students(user).values("pk")
    school_of: dict[int, int] = {}
    for person_id, org_id in (
        PersonRole.objects.filter(role="student", is_active=True, org_id__in=row_of, person_id__in=visible)
        .order_by("org_id")
        .values_list("person_id", "org_id")
    ):
        school_of.setdefault(person_id, org_id)  # a student of two schools counts once, at the first
    demographics = {d.person_id: d for d in StudentDemographics.objects.filter(person_id__in=school_of)}
    assessed = [[0] * len(values) for _ in schools]
    proficient = [[0] * len(values) for _ in schools]
    for student_id, status in MasterySummary.objects.filter(
        competency=competency, student_id__in=school_of, evidence_count__gt=0
    ).values_list("student_id", "status"):
        i, j = row_of[school_of[student_id]], column_of[_value(demographics.get(student_id), field)]
        assessed[i][j] += 1
        proficient[i][j] += status in PROFICIENT
    table, grid, _sub = two_way_with_subcounts(assessed, proficient)
    ranges, shown = _percent_ranges(table.values, grid.size, min_cell)
    result = suppress(table, min_cell=min_cell, ranges=ranges)
    withheld = set(result.withheld)
    published = publish(table, withheld, ranges)
    recovered = suppression_audit(published, min_cell=min_cell)
    if recovered:  # never expected (suppress audits its own answer); if ever, publish no count at all
        withheld = set(range(len(table.values)))
        published = publish(table, withheld, ranges)
        recovered = suppression_audit(published, min_cell=min_cell)

    def cell(at: int) -> Cell:
        if at in withheld:
            return Cell(None, "", True)
        percent = shown.get(at)
        if percent is None:
            return Cell(table.values[at], "", False)
        share = percent.bound if percent.coded else percent.percent
        return Cell(table.values[at], percent.text, False, share, percent.coded)

    labels = [*(school.name for school in schools), str(_("All schools shown"))]
    ids: list[int | None] = [*(school.pk for school in schools), None]
    rows = [
        Row(labels[i], ids[i], [cell(grid.cell(i, j)) for j in range(grid.columns + 1)])
        for i in range(grid.rows + 1)
    ]
    return SubgroupTable(
        field=field,
        field_label=str(field_label),
        competency=competency,
        columns=[*(str(label) for _value_, label in values), str(_("All students"))],
        rows=rows,
        min_cell=min_cell,
        published=published,
        withheld=sum(1 for c in withheld if c < grid.size),
        recovered=recovered,
    )
