"""Forms for the plan and playlist pages. They check what a person typed; the services check the rules."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from pathmaker.components.fields import BoundedDateField
from pathmaker.frameworks.models import Competency
from pathmaker.paths.services import MAX_REASON_CHARS
from pathmaker.paths.words import code_of
from pathmaker.resources.models import Resource

FIRST = "first"


def _label(competency: Competency) -> str:
    code = competency.human_coding_scheme
    return f"{code} {competency.short_statement}" if code else competency.short_statement


class TeacherMoveForm(forms.Form):
    """A teacher moves one competency on one student's plan, with the reason the student will read."""

    competency = forms.TypedChoiceField(label=_("Competency to move"), coerce=int)
    after = forms.ChoiceField(label=_("Put it after"))
    reason = forms.CharField(
        label=_("Why"),
        max_length=MAX_REASON_CHARS,
        help_text=_("The student and their family read this beside the competency."),
    )

    def __init__(self, *args, order: Sequence[Competency], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [(c.pk, _label(c)) for c in order]
        self.fields["after"].choices = [(FIRST, _("The start of the plan"))] + [
            (str(c.pk), _label(c)) for c in order
        ]

    def clean_after(self) -> int | None:
        value = self.cleaned_data["after"]
        return None if value == FIRST else int(value)


class SequenceForm(forms.Form):
    """The course's default order: a position number for each competency."""

    def __init__(self, *args, competencies: Sequence[Competency], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for i, competency in enumerate(competencies, start=1):
            self.fields[f"c{competency.pk}"] = forms.IntegerField(
                label=f"{code_of(competency)}", min_value=1, max_value=999, initial=i
            )
        self.competencies = list(competencies)

    def order(self) -> list[int]:
        ranked = sorted(
            enumerate(self.competencies), key=lambda pair: (self.cleaned_data[f"c{pair[1].pk}"], pair[0])
        )
        return [c.pk for _, c in ranked]


class ModalityForm(forms.Form):
    modality = forms.ChoiceField(
        label=_("How do you want to learn this?"), choices=Resource.Modality.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, offered: Sequence[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if offered:
            self.fields["modality"].choices = [c for c in Resource.Modality.choices if c[0] in set(offered)]


class ScoreForm(forms.Form):
    score = forms.DecimalField(label=_("Score"), max_digits=6, decimal_places=2)
    demonstrated_on = BoundedDateField(
        label=_("Date shown"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class AddResourcesForm(forms.Form):
    resources = forms.TypedMultipleChoiceField(
        label=_("Resources to add"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, choices: Sequence[Resource], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resources"].choices = [
            (r.pk, f"{r.title} ({r.get_modality_display()})") for r in choices
        ]


class AssignForm(forms.Form):
    competency = forms.TypedChoiceField(label=_("Competency"), coerce=int)
    resources = forms.TypedMultipleChoiceField(
        label=_("Resources"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    students = forms.TypedMultipleChoiceField(
        label=_("Students"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, competencies, resources, students, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [(c.pk, _label(c)) for c in competencies]
        self.fields["resources"].choices = [
            (r.pk, f"{r.title} ({r.get_modality_display()})") for r in resources
        ]
        self.fields["students"].choices = [(s.pk, s.display_name) for s in students]
        self.offered = list(resources)

    def chosen_resources(self) -> list[Resource]:
        """The resources ticked, from those offered."""
        wanted = set(self.cleaned_data["resources"])
        return [r for r in self.offered if r.pk in wanted]
