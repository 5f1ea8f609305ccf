"""Forms for the framework pages. They check what a person typed; the services check the framework rules."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pathmaker.frameworks.models import Association, Competency, Framework, ProficiencyScale
from pathmaker.frameworks.services import LevelSpec
from pathmaker.rostering.models import Course

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

REFERENCE_HELP = "Its code (as shown on its page, e.g. 6.RP.A.1) or its Pathmaker id number."
NO_REFERENCE = "Enter a competency's code (e.g. 6.RP.A.1) or its Pathmaker id number."
LEVELS_HELP = "One level a line, lowest first: value | label | description (the description is optional)."


def competency_from_reference(reference: str, framework: Framework | None = None) -> Competency:
    """The competency a person meant by a code, a Pathmaker id or a CASE identifier, or a ValidationError."""
    reference = reference.strip()
    if not reference:
        raise forms.ValidationError(NO_REFERENCE)
    scope = framework.competencies.all() if framework else Competency.objects.all()
    where = f" in {framework.title}" if framework else ""
    # An id is a bigint: longer digit strings can only be codes.
    if reference.isdigit() and len(reference) < 19 and (found := scope.filter(pk=int(reference)).first()):
        return found
    if UUID.match(reference) and (found := scope.filter(identifier=reference.lower()).first()):
        return found
    matches = list(
        scope.filter(human_coding_scheme__iexact=reference, is_retired=False).select_related("framework")[:10]
    )
    if not matches:
        raise forms.ValidationError(
            f"No competency has the code or id {reference!r}{where}. "
            "Check the code on the competency's page, or enter its id number."
        )
    if len(matches) > 1:
        titles = ", ".join(sorted({m.framework.title for m in matches}))
        raise forms.ValidationError(
            f"{len(matches)} competencies have the code {reference!r} ({titles}): "
            "choose the framework, or enter the id number shown on the competency's page."
        )
    return matches[0]


class FrameworkCreateForm(forms.Form):
    title = forms.CharField(max_length=500, help_text="For example: Portrait of a Graduate.")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FrameworkEditForm(forms.Form):
    title = forms.CharField(max_length=500)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.CharField(required=False, max_length=100, help_text="For example: 2026-27.")
    adoption_status = forms.ChoiceField(
        label="Adoption status",
        choices=[("Draft", "Draft"), ("Adopted", "Adopted"), ("Deprecated", "Deprecated")],
    )


class CompetencyCreateForm(forms.Form):
    full_statement = forms.CharField(
        label="Statement",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What a student knows or can do, in full.",
    )
    human_coding_scheme = forms.CharField(
        label="Code",
        max_length=255,
        required=False,
        help_text="A short code people can quote, e.g. POG.COL.1.",
    )
    kind = forms.ChoiceField(choices=Competency.Kind.choices, initial=Competency.Kind.GRADUATION_COMPETENCY)
    parent = forms.ModelChoiceField(
        queryset=Competency.objects.none(),
        required=False,
        empty_label="None: a top-level competency",
        help_text="The competency this one belongs under.",
    )

    def __init__(self, *args, framework: Framework, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = framework.competencies.filter(is_retired=False).order_by(
            "human_coding_scheme", "id"
        )


class CompetencyEditForm(forms.Form):
    full_statement = forms.CharField(
        label="Statement",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Saving a new wording keeps the old one in the version history.",
    )
    human_coding_scheme = forms.CharField(label="Code", max_length=255, required=False)
    kind = forms.ChoiceField(choices=Competency.Kind.choices)


# What a person picks, and how it maps onto a CASE association from this competency ("origin") or to it.
LINK_CHOICES = [
    ("precedes", "comes before (is a prerequisite of)"),
    ("precededBy", "comes after (needs first)"),
    (Association.Type.EXACT_MATCH_OF, "is an exact match of"),
    (Association.Type.IS_RELATED_TO, "is related to"),
]


class LinkForm(forms.Form):
    association_type = forms.ChoiceField(label="This competency", choices=LINK_CHOICES)
    other = forms.CharField(label="Other competency", max_length=255, help_text=REFERENCE_HELP)

    def clean_other(self) -> Competency:
        return competency_from_reference(self.cleaned_data["other"])


class CaseUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CASE package (.json)"),
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
        help_text=_(
            "A CASE 1.0 or 1.1 CFPackage, as a publisher's CASE server or OpenSALT exports it; up to 20 MB."
        ),
    )
    keep_first_duplicate = forms.BooleanField(
        required=False,
        label=_("When two different objects share an identifier, keep the first"),
        help_text=_(
            "Without this, such a package is refused and both objects are named. Identical copies "
            "are always imported once, with a warning."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".json"):
            raise forms.ValidationError(
                _(
                    "%(name)s is not a .json file. Upload the CASE package itself "
                    "(a .json file), not a zip or a document."
                )
                % {"name": upload.name}
            )
        if upload.size > settings.PATHMAKER_MAX_CASE_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "%(name)s is %(size)s MB; the limit is 20 MB. "
                    "Ask the publisher for the package of a single framework."
                )
                % {"name": upload.name, "size": f"{upload.size / 1024 / 1024:.1f}"}
            )
        return upload


def parse_levels(text: str) -> list[LevelSpec]:
    """`value | label | description` lines into levels; an error names the line to fix."""
    levels = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) < 2 or not parts[1]:
            raise forms.ValidationError(
                f"Line {number} ({line.strip()!r}) needs a value and a label separated "
                "by |, like: 3 | Proficient | Meets the standard"
            )
        if len(parts) > 3:
            raise forms.ValidationError(
                f"Line {number} has more than three parts; "
                "write value | label | description, with no | inside the description."
            )
        try:
            value = Decimal(parts[0])
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise forms.ValidationError(
                f"Line {number}: {parts[0]!r} is not a number; start the line with the "
                "level's value, like 3 | Proficient"
            )
        levels.append(LevelSpec(value=value, label=parts[1], description=parts[2] if len(parts) == 3 else ""))
    if not levels:
        raise forms.ValidationError("Write at least two levels, one a line.")
    return levels


class ScaleCreateForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="For example: District 4-point scale.")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    levels = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), help_text=LEVELS_HELP)
    mastery_value = forms.DecimalField(
        label="Mastery value",
        max_digits=6,
        decimal_places=2,
        help_text="The value of the lowest level that counts as mastery.",
    )

    def clean_levels(self) -> list[LevelSpec]:
        return parse_levels(self.cleaned_data["levels"])


class ScaleAssignForm(forms.Form):
    """A scale for one framework, one competency or one course (the most specific one applies)."""

    scale = forms.ModelChoiceField(queryset=ProficiencyScale.objects.order_by("name"))
    framework = forms.ModelChoiceField(
        queryset=Framework.objects.order_by("title"),
        required=False,
        help_text="The scale applies to every competency of this framework "
        "unless a competency or course has its own.",
    )
    competency = forms.CharField(
        required=False, max_length=255, label="or one competency", help_text=REFERENCE_HELP
    )
    course = forms.CharField(
        required=False, max_length=255, label="or one course", help_text="The course's code or its SIS id."
    )

    def clean_competency(self) -> Competency | None:
        text = self.cleaned_data["competency"].strip()
        return competency_from_reference(text) if text else None

    def clean_course(self) -> Course | None:
        text = self.cleaned_data["course"].strip()
        if not text:
            return None
        matches = list(Course.objects.filter(Q(course_code__iexact=text) | Q(sourced_id=text))[:2])
        if len(matches) != 1:
            raise forms.ValidationError(
                f"No single course has the code or SIS id {text!r}."
                if not matches
                else f"Several courses have the code {text!r}; enter the SIS id instead."
            )
        return matches[0]

    def clean(self) -> dict:
        data = super().clean()
        chosen = [name for name in ("framework", "competency", "course") if data.get(name)]
        if len(chosen) != 1 and not self.errors:
            raise forms.ValidationError("Choose exactly one: a framework, a competency or a course.")
        return data


class RubricCreateForm(forms.Form):
    """A rubric: one criterion per competency, all judged on the same levels (common scoring criteria)."""

    title = forms.CharField(max_length=500, help_text="For example: Collaboration rubric.")
    framework = forms.ModelChoiceField(
        queryset=Framework.objects.filter(is_district_owned=True).order_by("title"),
        required=False,
        help_text="The district framework it belongs to, if any.",
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    criteria = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One criterion a line: competency code or id | what is judged.",
    )
    levels = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One level a line, lowest first: score | quality | description.",
    )

    def clean_criteria(self) -> list[tuple[Competency, str]]:
        criteria = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            reference, _, text = (part.strip() for part in line.partition("|"))
            try:
                competency = competency_from_reference(reference)
            except forms.ValidationError as error:
                raise forms.ValidationError(f"Line {number}: {error.messages[0]}") from None
            criteria.append((competency, text or competency.full_statement))
        if not criteria:
            raise forms.ValidationError("Write at least one criterion.")
        return criteria

    def clean_levels(self) -> list[tuple[float, str, str]]:
        levels = parse_levels(self.cleaned_data["levels"])
        if len(levels) < 2:
            raise forms.ValidationError("Write at least two levels, one a line.")
        return [(float(level.value), level.label, level.description) for level in levels]


class CourseCompetencyForm(forms.Form):
    competency = forms.CharField(max_length=255, help_text=REFERENCE_HELP)
    framework = forms.ModelChoiceField(
        queryset=Framework.objects.order_by("title"),
        required=False,
        empty_label="Any framework",
        help_text="Where to look for the code.",
    )

    def clean(self):
        cleaned = super().clean()
        if "competency" in cleaned:
            try:
                cleaned["competency"] = competency_from_reference(
                    cleaned["competency"], cleaned.get("framework")
                )
            except forms.ValidationError as error:
                self.add_error("competency", error)
        return cleaned
