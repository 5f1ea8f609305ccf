"""The subgroup table: leaders see their schools split by a demographic field, with small cells withheld and
enough others that the totals give nothing away; every export runs the suppression audit and is audited."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from pathmaker.audit.models import AuditEvent
from pathmaker.reports import selectors
from pathmaker.reports.suppression import (
    code_percent,
    primary_cells,
    publish,
    suppression_audit,
    two_way_with_subcounts,
)


def test_the_district_sees_every_school_with_the_small_cells_withheld(district, report):
    table = selectors.subgroup_table(
        user=district.user("district_admin"), field="english_learner", competency=report.competency
    )
    assert [row.label for row in table.rows] == [
        "North Middle School",
        "South Middle School",
        "All schools shown",
    ]
    assert table.columns[:2] == ["Yes", "No"]
    north, south, totals = table.rows
    # Each learners' cell is withheld with its row's cheaper partner (the others, not the larger total).
    assert north.cells[0].withheld and south.cells[0].withheld  # 3 and 2 English learners
    assert north.cells[1].withheld and south.cells[1].withheld  # their complements in the same columns
    assert (north.cells[-1].assessed, south.cells[-1].assessed) == (26, 15)  # the schools' totals are shown
    assert totals.cells[0].assessed is None or totals.cells[0].assessed >= 10
    assert table.recovered == []
    assert suppression_audit(table.published, min_cell=10) == []


def test_the_same_counts_published_naively_would_give_the_learners_away():
    assessed, proficient = [[3, 23], [2, 14]], [[1, 12], [1, 7]]
    table, grid, _ = two_way_with_subcounts(assessed, proficient)
    found = suppression_audit(publish(table, primary_cells(table, min_cell=10)), min_cell=10)
    assert {r.cell for r in found} >= {grid.cell(0, 0), grid.cell(1, 0)}


def test_a_principal_sees_only_their_school(district, report, login):
    response = login(district.user("principal")).get(reverse("reports_subgroups") + report.query())
    assert response.status_code == 200
    assert b"North Middle School" in response.content
    assert b"South Middle School" not in response.content


def test_a_teacher_gets_no_subgroup_split_unless_the_district_allows_it(district, report, login, settings):
    url = reverse("reports_subgroups") + report.query()
    assert login(district.user("teacher")).get(url).status_code == 404
    settings.PATHMAKER_DEMOGRAPHICS_ROLES = ["district_admin", "school_leader", "teacher"]
    response = login(district.user("teacher")).get(url)
    assert response.status_code == 200
    assert b"South Middle School" not in response.content
    table = response.context["table"]
    assert all(cell.withheld for row in table.rows for cell in row.cells if cell.assessed != 0)  # Sam and Tia


def test_the_page_without_a_choice_shows_the_form(district, report, login):
    response = login(district.user("district_admin")).get(reverse("reports_subgroups"))
    assert response.status_code == 200
    assert response.context["table"] is None


def test_the_export_is_audited_and_withholds_what_the_page_withholds(district, report, login):
    response = login(district.user("district_admin")).get(
        reverse("reports_subgroups_export") + report.query()
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(response.content.decode())))
    north_learners = next(r for r in lines if r["school"] == "North Middle School" and r["subgroup"] == "Yes")
    assert (north_learners["assessed"], north_learners["withheld"]) == ("", "yes")
    event = AuditEvent.objects.get(action="reports.subgroups.export")
    assert event.detail["channel"] == "csv"
    assert event.detail["recovered"] == 0
    assert event.object_id == str(report.competency.pk)


def test_an_export_without_a_choice_is_refused(district, report, login):
    response = login(district.user("district_admin")).get(reverse("reports_subgroups_export"))
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="reports.subgroups.export").exists()


def test_race_and_ethnicity_splits_into_its_columns(district, report):
    table = selectors.subgroup_table(
        user=district.user("district_admin"), field="race_ethnicity", competency=report.competency
    )
    assert table.columns[0] == "Hispanic or Latino" and table.columns[-2:] == ["Not reported", "All students"]
    assert table.rows[0].cells[0].withheld  # Sam, the one student of North whose ethnicity is on file
    assert table.rows[0].cells[-1].assessed == 26
    assert suppression_audit(table.published, min_cell=10) == []


def test_a_percentage_is_written_in_the_readers_number_format_and_coded_ones_name_their_bound():
    assert selectors.Cell(26, "47%", False, 47).shown == "47%"
    assert selectors.Cell(12, "<20%", False, 20, "below").shown == "<20%"
    assert selectors.Cell(40, ">95%", False, 95, "above").shown == ">95%"
    assert selectors.Cell(None, "", True).shown == ""
    assert selectors.Cell(0, "", False).shown == ""  # nobody assessed: no percentage
    coded = code_percent(1, 40)
    assert (coded.text, coded.bound) == ("<5%", 5)


def test_the_page_shows_the_key_to_withheld_cells_in_words(district, report, login):
    response = login(district.user("district_admin")).get(reverse("reports_subgroups") + report.query())
    page = response.content.decode()
    assert "withheld (see the key below the table)" in page
    assert 'aria-describedby="subgroups-key"' in page and 'id="subgroups-key"' in page
    assert "fewer than 10 students" in page
    table = response.context["table"]
    assert f"{table.withheld} cells of this table are withheld." in page
