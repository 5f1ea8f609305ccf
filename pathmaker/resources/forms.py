"""Forms for the library pages. They check what a person typed; the services check the library's rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pathmaker.resources.models import Alignment, Resource
from pathmaker.resources.services import GRADES, LANGUAGES, MAX_TEXT_CHARS, MAX_TITLE_CHARS, ResourceSpec

ANY = [("", _("Any"))]
GRADE_CHOICES = [(g, _("Kindergarten") if g == "KG" else g) for g in GRADES]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("In the title or description, or a competency code such as 7.RP.1."),
    )
    competency = forms.TypedChoiceField(label=_("Competency"), required=False, coerce=int, empty_value=None)
    modality = forms.ChoiceField(
        label=_("How students learn"), required=False, choices=ANY + Resource.Modality.choices
    )
    grade = forms.ChoiceField(label=_("Grade"), required=False, choices=ANY + GRADE_CHOICES)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=ANY + list(LANGUAGES.items()))

    def __init__(self, *args: Any, competencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = ANY + competencies


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_CHARS)
    kind = forms.ChoiceField(label=_("Kind"), choices=Resource.Kind.choices, widget=forms.RadioSelect)
    modality = forms.ChoiceField(label=_("How students learn with it"), choices=Resource.Modality.choices)
    competencies = forms.TypedMultipleChoiceField(
        label=_("Competencies"),
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )
    alignment_type = forms.ChoiceField(
        label=_("It … these competencies"), choices=Alignment.Type.choices, initial=Alignment.Type.TEACHES
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    url = forms.CharField(
        label=_("Web address"), required=False, max_length=1000, help_text=_("For a link: https://...")
    )
    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("For a file: PDF, images, text, audio, video, Office documents."),
    )
    instructions = forms.CharField(
        label=_("Instructions"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For an activity, task or assessment: what the student does."),
    )
    dok = forms.TypedChoiceField(
        label=_("Depth of knowledge"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", "—"),
            (1, _("1 recall")),
            (2, _("2 skill or concept")),
            (3, _("3 strategic thinking")),
            (4, _("4 extended thinking")),
        ],
    )
    minutes = forms.IntegerField(label=_("Estimated minutes"), required=False, min_value=1, max_value=10_000)
    language = forms.ChoiceField(label=_("Language"), choices=list(LANGUAGES.items()), initial="en")
    grade_low = forms.ChoiceField(
        label=_("Lowest grade"), required=False, choices=[("", "—"), *GRADE_CHOICES]
    )
    grade_high = forms.ChoiceField(
        label=_("Highest grade"), required=False, choices=[("", "—"), *GRADE_CHOICES]
    )
    accessibility = forms.CharField(
        label=_("Accessibility notes"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Captions, transcripts, screen-reader support, large print..."),
    )

    def __init__(self, *args: Any, competencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competencies"].choices = competencies

    def spec(self) -> ResourceSpec:
        data = self.cleaned_data
        return ResourceSpec(
            title=data["title"],
            kind=data["kind"],
            modality=data["modality"],
            alignments=[(c, data["alignment_type"]) for c in data["competencies"]],
            description=data["description"],
            language=data["language"],
            grade_low=data["grade_low"],
            grade_high=data["grade_high"],
            url=data["url"],
            instructions=data["instructions"],
            dok=data["dok"],
            minutes=data["minutes"],
            accessibility=data["accessibility"],
        )

    @staticmethod
    def initial_for(resource: Resource) -> dict[str, Any]:
        alignments = list(resource.alignments.values_list("competency_id", "alignment_type"))
        return {
            **{
                name: getattr(resource, name)
                for name in (
                    "title",
                    "kind",
                    "modality",
                    "description",
                    "url",
                    "instructions",
                    "dok",
                    "minutes",
                    "language",
                    "grade_low",
                    "grade_high",
                    "accessibility",
                )
            },
            "competencies": [c for c, _t in alignments],
            "alignment_type": alignments[0][1] if alignments else Alignment.Type.TEACHES,
        }


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Stars"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    review = forms.CharField(
        label=_("Review"), required=False, max_length=MAX_TEXT_CHARS, widget=forms.Textarea(attrs={"rows": 3})
    )


class ImportForm(forms.Form):
    owner = forms.ChoiceField(label=_("Import for"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("A CSV file with the columns listed below, or LRMI JSON-LD (.json, .jsonld)."),
    )

    def __init__(self, *args: Any, owners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners
