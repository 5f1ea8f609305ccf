"""Forms for the pacing pages. They check what a person typed; the services check the pacing rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pathmaker.components.fields import BoundedDateField
from pathmaker.frameworks.models import Competency
from pathmaker.pacing.services import MAX_NAME_CHARS, MAX_TEXT_CHARS
from pathmaker.rostering.models import AcademicSession, Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def competency_label(competency: Competency) -> str:
    code = f"{competency.human_coding_scheme} " if competency.human_coding_scheme else ""
    return f"{code}{competency.abbreviated_statement or competency.full_statement}"[:160]


def weeks_field_name(competency: Competency) -> str:
    return f"weeks_{competency.pk}"


class GuideForm(forms.Form):
    term = forms.TypedChoiceField(label=_("Term"), coerce=int)

    def __init__(
        self,
        *args: Any,
        terms: Sequence[AcademicSession],
        competencies: Sequence[Competency],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = [
            (t.pk, f"{t.title} ({t.start_date.isoformat()} – {t.end_date.isoformat()})") for t in terms
        ]
        self.competencies = list(competencies)
        for competency in self.competencies:
            self.fields[weeks_field_name(competency)] = forms.DecimalField(
                label=competency_label(competency),
                required=False,
                min_value=0.1,
                max_value=40,
                decimal_places=1,
                widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
            )

    def weeks(self) -> dict[int, Any]:
        return {c.pk: self.cleaned_data.get(weeks_field_name(c)) for c in self.competencies}

    def weeks_fields(self) -> list[forms.BoundField]:
        return [self[weeks_field_name(c)] for c in self.competencies]


class DayOffForm(forms.Form):
    on = BoundedDateField(label=_("Day"), widget=DATE)
    name = forms.CharField(
        label=_("What the day is"), max_length=MAX_NAME_CHARS, help_text=_("For example: Thanksgiving break.")
    )


class SoftDeadlineForm(forms.Form):
    competency = forms.TypedChoiceField(label=_("Competency"), coerce=int)
    due_on = BoundedDateField(label=_("My target date"), widget=DATE)

    def __init__(self, *args: Any, competencies: Sequence[Competency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [(c.pk, competency_label(c)) for c in competencies]


class HardDeadlineForm(forms.Form):
    competency = forms.TypedChoiceField(label=_("Competency"), coerce=int)
    due_on = BoundedDateField(label=_("Due date"), widget=DATE)
    student = forms.TypedChoiceField(
        label=_("For"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Leave as is for the whole section."),
    )

    def __init__(
        self, *args: Any, competencies: Sequence[Competency], students: Sequence[Person], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [(c.pk, competency_label(c)) for c in competencies]
        self.fields["student"].choices = [
            ("", _("The whole section")),
            *((s.pk, s.display_name) for s in students),
        ]


class ExtensionAskForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need more time?"),
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExtensionDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("grant", _("Grant more time")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    new_due_on = BoundedDateField(label=_("New date"), widget=DATE, required=False)
    note = forms.CharField(
        label=_("Note to the student"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when you decline."),
    )
