"""The subgroup table in Debian's Chromium: the district administrator finds it in the menu, splits the demo's
collaboration levels by race and ethnicity, reads a captioned table whose withheld cells say so in words with
a key below it, and downloads the same table as CSV. Every page passes axe (WCAG 2.1 AA)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_the_district_reads_the_subgroup_table_with_its_key_and_downloads_it(page, demo_server):
    log_in(page, demo_server, "district_admin")
    page.get_by_role("link", name="Results by subgroup").click()
    page.wait_for_url(re.compile(r"/reports/subgroups/$"))
    assert_accessible(page)

    page.get_by_label("Competency").select_option(label="MV.POG.2 Collaboration")
    page.get_by_label("Split by").select_option(label="Race and ethnicity")
    page.get_by_role("button", name="Show the table").click()
    page.wait_for_url(re.compile(r"/reports/subgroups/\?"))
    table = page.get_by_role("table", name="Percent proficient by school and Race and ethnicity")
    assert table.get_by_role("columnheader", name="School").count() == 1
    assert table.get_by_role("columnheader", name="All students").count() == 1
    assert table.get_by_role("rowheader", name="All schools shown").count() == 1
    assert table.get_by_role("cell", name=re.compile(r"^\d+% \(\d+\)$")).count() > 0  # published figures
    withheld = table.get_by_role("cell", name="withheld (see the key below the table)")
    assert withheld.count() > 0
    assert table.get_attribute("aria-describedby") == "subgroups-key"
    key = page.locator("#subgroups-key")
    assert key.get_by_text(re.compile("fewer than 10 students")).is_visible()
    assert page.get_by_role("heading", name="Key").is_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download this table (CSV)").click()
    assert download.value.suggested_filename.startswith("subgroups-race_ethnicity-")
    lines = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert {line["withheld"] for line in lines} == {"yes", "no"}
    assert sum(line["withheld"] == "yes" for line in lines) == withheld.count()
