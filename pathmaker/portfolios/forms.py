"""Forms for the portfolio pages. They check what a person typed; the services check the portfolio's rules
(file limits, links, tags, who may write)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pathmaker.components.fields import BoundedDateField
from pathmaker.frameworks.models import Competency
from pathmaker.portfolios import files
from pathmaker.portfolios.selectors import Level


class CompetencyChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Competency) -> str:
        return str(obj)


def _tags_field() -> CompetencyChoice:
    return CompetencyChoice(
        queryset=Competency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("What it shows"),
        help_text=_("The competencies of your courses this work is evidence of."),
    )


class ItemFields(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What it is"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "A sentence about the work. For a picture, it is read aloud in its "
            "place to people who cannot see it."
        ),
    )
    reflection = forms.CharField(
        label=_("My reflection"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What does this work show about your learning? What would you do differently next time?"),
    )
    competencies = _tags_field()
    featured = forms.BooleanField(
        label=_("Feature this work"),
        required=False,
        help_text=_(
            "Featured work is shown first on your profile, to your family and in your conference packet."
        ),
    )

    def __init__(self, *args, competencies: QuerySet[Competency], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = competencies


class ItemAddForm(ItemFields):
    file = forms.FileField(
        label=_("File"), required=False, allow_empty_file=True, max_length=1000, widget=forms.FileInput
    )
    url = forms.CharField(
        label=_("Or a link to your work"),
        required=False,
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("A video, a website or a document that lives somewhere else."),
    )

    field_order = ["title", "file", "url", "description", "reflection", "competencies", "featured"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ",".join(files.allowed_extensions())
        self.fields["file"].help_text = _("Up to %(size)s: %(kinds)s.") % {
            "size": files.human_size(settings.PATHMAKER_PORTFOLIO_MAX_BYTES),
            "kinds": files.allowed_summary(),
        }


class ItemEditForm(ItemFields):
    pass


class EvidenceForm(forms.Form):
    competency = forms.TypedChoiceField(label=_("Competency"), coerce=int, choices=())
    score = forms.ChoiceField(label=_("Score"), choices=())
    demonstrated_on = BoundedDateField(
        label=_("Date the student showed it"), widget=forms.DateInput(attrs={"type": "date"})
    )
    feedback = forms.CharField(
        label=_("Feedback to the student"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args, tagged: list[Competency], others: list[Competency], levels: list[Level], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        groups = []
        if tagged:
            groups.append((_("Tagged by the student"), [(c.pk, str(c)) for c in tagged]))
        if others:
            groups.append(
                (_("Other competencies of the student's courses"), [(c.pk, str(c)) for c in others])
            )
        self.fields["competency"].choices = groups
        self.competencies = {c.pk: c for c in tagged + others}
        self.fields["score"].choices = [
            (
                str(level.value),
                f"{float(level.value):g} · {level.label}" if level.label else f"{float(level.value):g}",
            )
            for level in levels
        ]
        today = timezone.localdate()
        self.fields["demonstrated_on"].initial = today
        self.fields["demonstrated_on"].widget.attrs["max"] = today.isoformat()
