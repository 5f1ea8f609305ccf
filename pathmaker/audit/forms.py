"""The audit-log search form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pathmaker.components.fields import BoundedDateField


class AuditSearchForm(forms.Form):
    actor = forms.CharField(required=False, max_length=150, label=_("Who (name or username)"))
    student = forms.CharField(required=False, max_length=150, label=_("Student (name)"))
    action = forms.CharField(required=False, max_length=64, label=_("Action"))
    since = BoundedDateField(required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    until = BoundedDateField(required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
