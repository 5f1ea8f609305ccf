"""Forms for the goal pages. They check what a person typed; the services check the goal rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pathmaker.components.fields import BoundedDateField
from pathmaker.frameworks.models import Competency
from pathmaker.goals.models import CheckIn, Goal
from pathmaker.goals.services import MAX_STEP_CHARS, MAX_STEPS, MAX_TEXT_CHARS, MAX_TITLE_CHARS, StepSpec

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def competency_label(competency: Competency) -> str:
    code = f"{competency.human_coding_scheme} " if competency.human_coding_scheme else ""
    return f"{code}{competency.short_statement} ({competency.framework.title})"


class GoalForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Kind of goal"), choices=Goal.Category.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("Goal"),
        max_length=MAX_TITLE_CHARS,
        help_text=_("What you want to do, in one sentence. For example: Turn in my science labs on time."),
    )
    why = forms.CharField(
        label=_("Why it matters"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    target_date = BoundedDateField(
        label=_("Target date"), widget=DATE, help_text=_("When you want to reach it.")
    )
    steps = forms.CharField(
        label=_("Steps"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One step a line. You can add more steps later."),
    )
    competencies = forms.TypedMultipleChoiceField(
        label=_("Competencies this goal works on"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("No competency has the id %(value)s.")},
    )
    search = forms.CharField(
        label=_("Find another competency"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words or a code, then press “Search competencies”."),
    )

    def __init__(self, *args, choices: list[Competency], proposing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if proposing:
            self.fields["title"].help_text = _(
                "What the student would do, in one sentence, in words they would "
                "use. The goal starts once the student accepts it."
            )
            self.fields["target_date"].help_text = _("When the student would reach it.")
            self.fields["steps"].help_text = _(
                "One step a line. You and the student can add more before they accept it."
            )
        self.fields["competencies"].choices = [(c.pk, competency_label(c)) for c in choices]
        if not choices:
            self.fields["competencies"].help_text = _(
                "No competencies are linked to the courses yet: search for one below."
            )

    def clean_steps(self) -> list[StepSpec]:
        lines = [line.strip(" \t-•*") for line in self.cleaned_data["steps"].splitlines()]
        lines = [" ".join(line.split()) for line in lines if line.strip()]
        if len(lines) > MAX_STEPS:
            raise forms.ValidationError(
                _("Write at most %(max)d steps (one a line); you wrote %(count)d.")
                % {"max": MAX_STEPS, "count": len(lines)}
            )
        for line in lines:
            if len(line) > MAX_STEP_CHARS:
                raise forms.ValidationError(
                    _("Keep each step to %(max)d characters; “%(start)s…” has %(count)d.")
                    % {"max": MAX_STEP_CHARS, "start": line[:40], "count": len(line)}
                )
        return [StepSpec(line) for line in lines]


class StepForm(forms.Form):
    text = forms.CharField(label=_("New step"), max_length=MAX_STEP_CHARS)
    due_on = BoundedDateField(label=_("Due"), required=False, widget=DATE)


class CheckInForm(forms.Form):
    progress = forms.TypedChoiceField(
        label=_("How is it going?"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        choices=[(v, f"{v}: {label}") for v, label in CheckIn.Progress.choices],
    )
    text = forms.CharField(
        label=_("Your reflection"),
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What went well? What got in the way? What will you try next?"),
    )
    advisor_only = forms.BooleanField(
        label=_("Only me and my advisor can see this"),
        required=False,
        help_text=_(
            "Your teachers, your school's leaders and your family will not see it, or any answer to it."
        ),
    )


class RespondForm(forms.Form):
    text = forms.CharField(
        label=_("Your response"), max_length=MAX_TEXT_CHARS, widget=forms.Textarea(attrs={"rows": 3})
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why not? (the adult who proposed it will see this)"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How did it end?"),
        widget=forms.RadioSelect,
        choices=[
            (Goal.Status.ACHIEVED, _("I achieved it")),
            (Goal.Status.SET_ASIDE, _("I am setting it aside")),
        ],
    )
    reflection = forms.CharField(
        label=_("Looking back"),
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What did you learn, about the goal or about yourself?"),
    )
