"""Forms for the conference pages. They check what a person typed; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pathmaker.components.fields import BoundedDateField
from pathmaker.conferences.services import (
    MAX_NOTES_CHARS,
    MAX_TITLE_CHARS,
    MAX_WORDS_CHARS,
    AttendeeSpec,
    ConferenceError,
    parse_attendees,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PlanForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=MAX_TITLE_CHARS, help_text=_("For example: Fall conference.")
    )
    scheduled_on = BoundedDateField(label=_("Date"), widget=DateInput())


class PacketForm(forms.Form):
    """The student's words; the items to present come as checkboxes named "include" (see the template)."""

    opening = forms.CharField(
        label=_("Opening words"),
        required=False,
        max_length=MAX_WORDS_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("How you will start: what you want your family to know first."),
    )
    closing = forms.CharField(
        label=_("Closing words"),
        required=False,
        max_length=MAX_WORDS_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How you will finish: what you are proud of, what you will do next."),
    )


class RecordForm(forms.Form):
    held_on = BoundedDateField(label=_("Day it was held"), widget=DateInput())
    attendees = forms.CharField(
        label=_("Who attended"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One person a line: name | role (student, guardian, advisor, teacher or other)."),
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=MAX_NOTES_CHARS, widget=forms.Textarea(attrs={"rows": 6})
    )
    next_steps = forms.CharField(
        label=_("Agreed next steps"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One next step a line."),
    )

    def clean_attendees(self) -> list[AttendeeSpec]:
        try:
            return parse_attendees(self.cleaned_data["attendees"])
        except ConferenceError as error:
            raise forms.ValidationError(str(error)) from None


class AddendumForm(forms.Form):
    text = forms.CharField(
        label=_("Add to the notes"),
        max_length=MAX_WORDS_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dated and signed with your name; the record itself stays as it was."),
    )
