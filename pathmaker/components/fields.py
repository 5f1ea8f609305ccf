"""Form fields for bounded input, shared by every app's forms: a date a person types is a school date
(1900..2100, pathmaker.lib.bounds), so a slip like 0001-01-01 gets a field error instead of being stored
and breaking date arithmetic on a page later."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from pathmaker.lib.bounds import EARLIEST_DATE, LATEST_DATE


class BoundedDateField(forms.DateField):
    default_error_messages = {
        "out_of_range": _("Enter a date between %(earliest)s and %(latest)s."),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        message = self.error_messages["out_of_range"] % {
            "earliest": EARLIEST_DATE.isoformat(),
            "latest": LATEST_DATE.isoformat(),
        }
        self.validators += [
            MinValueValidator(EARLIEST_DATE, message=message),
            MaxValueValidator(LATEST_DATE, message=message),
        ]
        self.widget.attrs.setdefault("min", EARLIEST_DATE.isoformat())
        self.widget.attrs.setdefault("max", LATEST_DATE.isoformat())
