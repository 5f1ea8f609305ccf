"""The shared page components: one form field, one error summary, one breadcrumb trail, one status pill,
one chart with its numbers, and one way a refused action's reason becomes a sentence."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.template.loader import render_to_string

from pathmaker.components.text import sentence
from pathmaker.lib import charts


class _Form(forms.Form):
    title = forms.CharField(label="Title", help_text="A few words.")
    note = forms.CharField(label="Note", required=False)
    days = forms.MultipleChoiceField(
        label="Days", choices=[("mon", "Monday"), ("tue", "Tuesday")], widget=forms.CheckboxSelectMultiple
    )
    shared = forms.BooleanField(label="Share it", required=False, help_text="Others see it.")


def _field(form: forms.Form, name: str, **context: object) -> str:
    return render_to_string("components/_field.html", {"field": form[name], **context})


def test_a_reason_becomes_one_capitalized_sentence_with_one_full_stop():
    assert sentence(ValueError("the scale has no mastery level")) == "The scale has no mastery level."
    assert sentence(ValueError("the scale has no mastery level.")) == "The scale has no mastery level."
    assert sentence(ValueError("is this the right file?")) == "Is this the right file?"
    assert sentence(ValidationError(["too long", "too late"])) == "Too long. Too late."


def test_a_field_names_its_help_and_error_for_screen_readers():
    form = _Form({})
    html = _field(form, "title")
    assert '<label for="id_title">Title</label>' in html
    assert '<p class="meta" id="id_title_helptext">A few words.</p>' in html
    assert '<p class="field-error" id="id_title_error">' in html
    assert 'aria-describedby="id_title_helptext id_title_error"' in html and 'aria-invalid="true"' in html


def test_an_optional_field_says_so_except_in_a_search_form():
    form = _Form()
    assert "(optional)" in _field(form, "note")
    assert "(optional)" not in _field(form, "note", all_optional=True)
    assert "(optional)" not in _field(form, "title")


def test_a_group_of_choices_is_a_fieldset_described_by_its_error():
    html = _field(_Form({}), "days")
    assert re.search(
        r'<fieldset class="field field-choices field-invalid" aria-describedby="id_days_error">', html
    )
    assert "<legend>Days</legend>" in html and 'id="id_days_0"' in html


def test_a_group_without_choices_says_what_is_missing():
    form = _Form()
    form.fields["days"].choices = []
    html = _field(form, "days", empty="No days yet.")
    assert '<p class="meta">No days yet.</p>' in html


def test_a_checkbox_sits_inside_its_label():
    html = _field(_Form(), "shared")
    assert re.search(r'<label for="id_shared"><input type="checkbox"[^>]*> Share it</label>', html)


def test_the_error_summary_links_each_error_to_its_widget():
    html = render_to_string("components/_errors.html", {"form": _Form({})})
    assert 'role="alert"' in html and "Nothing was saved. Please fix:" in html
    assert '<a href="#id_title">Title</a>: This field is required.' in html
    assert '<a href="#id_days_0">Days</a>: This field is required.' in html  # a group: its first choice


def test_the_error_summary_says_nothing_without_errors_and_can_say_what_else_is_true():
    assert render_to_string("components/_errors.html", {"form": _Form()}).strip() == ""
    html = render_to_string("components/_errors.html", {"form": _Form({}), "heading": "Nothing was changed."})
    assert "Nothing was changed." in html and "Nothing was saved" not in html


def test_the_last_crumb_is_the_current_page_even_when_a_crumb_is_left_out():
    html = Template(
        '{% breadcrumbs %}{% crumb "Home" "home" %}{% if more %}{% crumb "More" href="/more/" %}{% endif %}'
        '{% crumb title href="/here/" %}{% endbreadcrumbs %}'
    ).render(Context({"more": False, "title": "Here & now"}))
    assert '<nav aria-label="Breadcrumb" class="breadcrumb">' in html
    assert re.findall(r'<a href="([^"]+)"( aria-current="page")?>', html) == [
        ("/", ""),
        ("/here/", ' aria-current="page"'),
    ]
    assert "Here &amp; now" in html and "More" not in html


def test_a_status_is_a_pill_in_words():
    html = render_to_string("components/_status.html", {"status": "succeeded", "label": "Succeeded"})
    assert '<span class="status-pill status-succeeded">Succeeded</span>' in html


def test_a_chart_always_carries_its_numbers_in_a_table():
    chart = charts.Chart(
        id="c",
        title="Open goals",
        desc="Ann: 2 on track.",
        plot=charts.bar_chart([("Ann", (2, 1))], keys=("a", "b")),
        table=charts.Table(
            "Open goals by student", ["Student", "Open"], [("Ann", [charts.Cell("3"), charts.Cell()])]
        ),
        legend=[("a", "On track"), ("b", "Late")],
    )
    html = render_to_string("components/_chart.html", {"chart": chart})
    assert 'role="img"' in html and 'aria-labelledby="c-title c-desc"' in html
    assert len(re.findall(r'<rect [^>]*class="chart-seg chart-seg-', html)) == 2
    assert "<caption>Open goals by student</caption>" in html and '<th scope="row">Ann</th>' in html
    assert '<span aria-label="none">–</span>' in html  # an empty cell reads "none"
    assert '<span class="chart-swatch chart-seg-b" aria-hidden="true"></span>Late' in html


def test_a_line_chart_draws_each_series_in_its_own_shape():
    plot = charts.line_chart(
        [
            charts.Series("own", "Self", [(dt.date(2026, 9, 1), 2.0)]),
            charts.Series("staff", "Teachers", [(dt.date(2026, 9, 2), 3.0)], shape="square"),
        ],
        low=1,
        high=4,
        start=dt.date(2026, 9, 1),
        end=dt.date(2026, 9, 30),
    )
    chart = charts.Chart(id="l", title="t", desc="d", plot=plot, table=charts.Table("c", ["Date"], []))
    html = render_to_string("components/_chart.html", {"chart": chart})
    assert '<circle class="mark mark-own"' in html and '<rect class="mark mark-staff"' in html
    assert "<details" not in html  # no numbers, no table
