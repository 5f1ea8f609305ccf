"""Forms for the flex pages. They check what a person typed; the services check the scheduling rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pathmaker.frameworks.models import Competency
from pathmaker.rostering.models import Person
from pathmaker.scheduling.models import FlexAttendance, FlexBlock, Room, Workshop

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
MAX_FEATURES = 10


def competency_label(competency: Competency) -> str:
    code = f"{competency.human_coding_scheme} " if competency.human_coding_scheme else ""
    return f"{code}{competency.abbreviated_statement or competency.full_statement}"[:160]


def features_of(text: str) -> list[str]:
    """Features typed as words separated by commas: "lab bench, computers" -> ["lab_bench", "computers"]."""
    found = []
    for part in (text or "").split(","):
        code = "_".join(part.strip().lower().split())
        if code and code not in found:
            found.append(code)
    return found


class FeaturesField(forms.CharField):
    """Room features as words separated by commas; cleaned into a list of short codes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 400)
        kwargs.setdefault("help_text", _("Separated by commas, for example: lab bench, computers."))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(v).replace("_", " ") for v in value)
        return value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        features = features_of(text)
        if len(features) > MAX_FEATURES:
            raise forms.ValidationError(_("Name at most %(count)s features.") % {"count": MAX_FEATURES})
        return features


class SettingsForm(forms.Form):
    threshold = forms.DecimalField(
        label=_("Threshold"),
        min_value=0,
        max_value=10,
        decimal_places=2,
        help_text=_("A competency below this level is a need."),
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )
    study_hall_capacity = forms.IntegerField(
        label=_("Study hall seats in one block"),
        required=False,
        min_value=1,
        max_value=10000,
        help_text=_("Leave empty when the study hall has room for everyone."),
    )


class BlockForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Day"), coerce=int, choices=FlexBlock.Weekday.choices)
    starts_at = forms.TimeField(label=_("Starts at"), widget=TIME)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=5, max_value=240, initial=45)
    label = forms.CharField(label=_("Name"), required=False, max_length=60)


class RoomForm(forms.Form):
    name = forms.CharField(label=_("Room"), max_length=120)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=1000)
    features = FeaturesField(label=_("Features"))

    @classmethod
    def for_room(cls, room: Room) -> RoomForm:
        return cls(
            prefix=f"room-{room.pk}",
            initial={"name": room.name, "capacity": room.capacity, "features": room.features},
        )


class AvailabilityForm(forms.Form):
    """The availability grid: one checkbox per staff member and block, named `a-<person>-<block>`.

    Plain checkboxes in a table, so the grid works without JavaScript; only ticked boxes are sent."""

    def __init__(
        self, *args: Any, staff: Sequence[Person], blocks: Sequence[FlexBlock], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.staff, self.blocks = list(staff), list(blocks)

    @staticmethod
    def name(person_id: int, block_id: int) -> str:
        return f"a-{person_id}-{block_id}"

    def chosen(self) -> dict[int, list[int]]:
        """For every staff member on the grid, the blocks ticked (an empty list frees them in every block)."""
        return {
            person.pk: [b.pk for b in self.blocks if self.data.get(self.name(person.pk, b.pk))]
            for person in self.staff
        }


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What students will do"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Workshop.Kind.choices, initial=Workshop.Kind.INTERVENTION
    )
    competencies = forms.TypedMultipleChoiceField(
        label=_("Competencies it works on"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    leader = forms.TypedChoiceField(label=_("Led by"), coerce=int)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500, initial=15)
    room_features = FeaturesField(label=_("Room features it needs"))
    blocks = forms.TypedMultipleChoiceField(
        label=_("Blocks it may run in"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any block its leader is free."),
    )
    required_below = forms.DecimalField(
        label=_("Required below level"),
        required=False,
        min_value=0,
        max_value=10,
        decimal_places=2,
        help_text=_("Students below this level on one of its competencies must attend. Empty: nobody must."),
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        coerce=int,
        initial=2,
        choices=[(1, _("1 (placed first)")), (2, "2"), (3, "3")],
    )

    def __init__(
        self,
        *args: Any,
        competencies: Sequence[Competency],
        leaders: Sequence[Person],
        blocks: Sequence[FlexBlock],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competencies"].choices = [(c.pk, competency_label(c)) for c in competencies]
        self.fields["leader"].choices = [(p.pk, p.display_name) for p in leaders]
        self.fields["blocks"].choices = [(b.pk, str(b)) for b in blocks]


class PreferencesForm(forms.Form):
    """A student's ranked enrichment choices: a rank box per workshop (1 first), blank for "not for me"."""

    def __init__(self, *args: Any, workshops: Sequence[Workshop], ranks: dict[int, int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.workshops = list(workshops)
        for workshop in self.workshops:
            self.fields[f"rank_{workshop.pk}"] = forms.IntegerField(
                label=workshop.title,
                required=False,
                min_value=1,
                max_value=len(self.workshops),
                initial=ranks.get(workshop.pk),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def ranked(self) -> list[int]:
        """The workshops given a rank, in rank order (ties keep the page's order)."""
        given = [
            (rank, i, w.pk)
            for i, w in enumerate(self.workshops)
            if (rank := self.cleaned_data.get(f"rank_{w.pk}")) is not None
        ]
        return [pk for _, _, pk in sorted(given)]

    def rank_fields(self) -> list[tuple[Workshop, forms.BoundField]]:
        return [(w, self[f"rank_{w.pk}"]) for w in self.workshops]


class MoveForm(forms.Form):
    workshop = forms.TypedChoiceField(label=_("Move to"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, workshops: Sequence[Workshop], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workshop"].choices = [("", _("Study hall")), *((w.pk, w.title) for w in workshops)]


class RequireForm(forms.Form):
    student = forms.TypedChoiceField(label=_("Student"), coerce=int)
    note = forms.CharField(label=_("Why"), required=False, max_length=2000)

    def __init__(self, *args: Any, students: Sequence[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["student"].choices = [(s.pk, s.display_name) for s in students]


MARKS = FlexAttendance.Mark.choices
