from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pathmaker.reports import selectors


class SubgroupForm(forms.Form):
    """What to split: a competency and a demographic field (a GET form: the page is a report)."""

    competency = forms.ModelChoiceField(queryset=None, label=_("Competency"))
    field = forms.ChoiceField(label=_("Split by"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = selectors.report_competencies()
        self.fields["competency"].label_from_instance = lambda c: (
            f"{c.human_coding_scheme} {c.full_statement}".strip()[:120]
        )
        self.fields["field"].choices = [(name, label) for name, (label, _values) in selectors.FIELDS.items()]
