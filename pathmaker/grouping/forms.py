"""Forms for the grouping pages. They check what a person typed; the services check the grouping rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pathmaker.components.fields import BoundedDateField
from pathmaker.frameworks.models import Competency
from pathmaker.grouping.models import Group, Grouping, Station
from pathmaker.grouping.services import MAX_GROUP_SIZE, MAX_MINUTES, MAX_NAME_CHARS, MAX_PURPOSE_CHARS
from pathmaker.rostering.models import Person, Section

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
PAIR_ROWS = 3
STATION_ROWS = 4


def competency_label(competency: Competency) -> str:
    code = f"{competency.human_coding_scheme} " if competency.human_coding_scheme else ""
    return f"{code}{competency.abbreviated_statement or competency.full_statement}"[:160]


def _student_choices(students: Sequence[Person]) -> list[tuple[Any, str]]:
    return [("", "—"), *((s.pk, s.display_name) for s in students)]


class AskForm(forms.Form):
    """What to group by: sent with GET, since proposing stores nothing."""

    competencies = forms.TypedMultipleChoiceField(
        label=_("Competencies"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    goal = forms.ChoiceField(label=_("Goal"), choices=Grouping.Goal.choices, widget=forms.RadioSelect)
    min_size = forms.IntegerField(label=_("Smallest group"), min_value=1, max_value=MAX_GROUP_SIZE, initial=3)
    max_size = forms.IntegerField(label=_("Largest group"), min_value=1, max_value=MAX_GROUP_SIZE, initial=5)
    also = forms.TypedMultipleChoiceField(
        label=_("Group these sections together with it"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Other sections of the same course that you teach: the grade team's groups."),
    )
    balance = forms.ChoiceField(
        label=_("Spread evenly across the groups"),
        required=False,
        help_text=_("Read from the district's demographic records, which you may see."),
    )
    keep_with_staff = forms.TypedChoiceField(
        label=_("Keep some students with the group taken by"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("A teacher or aide of these sections, such as a co-teacher."),
    )
    keep_with = forms.TypedMultipleChoiceField(
        label=_("Students who join that group"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    keep_with_flag = forms.ChoiceField(
        label=_("Also every student among"),
        required=False,
        help_text=_("Read from the district's demographic records, which you may see."),
    )

    def __init__(
        self,
        *args: Any,
        competencies: Sequence[Competency],
        students: Sequence[Person],
        other_sections: Sequence[Section],
        balance_choices: Sequence[tuple[str, str]] | None,
        staff: Sequence[Person] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competencies"].choices = [(c.pk, competency_label(c)) for c in competencies]
        self.fields["keep_with_staff"].choices = [("", "—"), *((p.pk, p.display_name) for p in staff)]
        self.fields["keep_with"].choices = [(s.pk, s.display_name) for s in students]
        if other_sections:
            self.fields["also"].choices = [(s.pk, s.title) for s in other_sections]
        else:
            del self.fields["also"]
        if balance_choices:
            self.fields["balance"].choices = [("", _("Nothing")), *balance_choices]
            self.fields["keep_with_flag"].choices = [("", _("Nobody else")), *balance_choices]
        else:
            del self.fields["balance"]  # not offered to someone who may not see demographics
            del self.fields["keep_with_flag"]
        for kind in ("together", "apart"):
            for row in range(PAIR_ROWS):
                for side in ("a", "b"):
                    label = _("Pair %(number)s: student") if side == "a" else _("Pair %(number)s: with")
                    self.fields[f"{kind}_{row}_{side}"] = forms.TypedChoiceField(
                        label=label % {"number": row + 1},
                        coerce=int,
                        required=False,
                        empty_value=None,
                        choices=_student_choices(students),
                    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("min_size"), data.get("max_size")
        if low is not None and high is not None and low > high:
            self.add_error("max_size", _("The largest group cannot be smaller than the smallest."))
        self._clean_pairs()
        asked = bool(data.get("keep_with") or data.get("keep_with_flag"))
        if asked and data.get("keep_with_staff") is None and "keep_with_staff" not in self.errors:
            self.add_error("keep_with_staff", _("Choose the staff person whose group these students join."))
        if data.get("keep_with_staff") is not None and not asked and "keep_with" not in self.errors:
            self.add_error("keep_with", _("Choose the students who join that staff person's group."))
        return data

    def _clean_pairs(self) -> None:
        """Each pair names two different students; a pair is not both together and apart."""
        seen: dict[frozenset[int], str] = {}
        for kind in ("together", "apart"):
            for row in range(PAIR_ROWS):
                a_name, b_name = f"{kind}_{row}_a", f"{kind}_{row}_b"
                if a_name in self.errors or b_name in self.errors:
                    continue
                a, b = self.cleaned_data.get(a_name), self.cleaned_data.get(b_name)
                if (a is None) != (b is None):
                    empty = b_name if b is None else a_name
                    self.add_error(empty, _("Choose the other student of this pair, or clear the pair."))
                elif a is not None and a == b:
                    self.add_error(b_name, _("Choose two different students."))
                elif a is not None and b is not None:
                    pair = frozenset((a, b))
                    if seen.get(pair, kind) != kind:
                        self.add_error(b_name, _("These two students are already asked to be together."))
                    seen.setdefault(pair, kind)

    def pairs(self, kind: str) -> list[tuple[int, int]]:
        found = []
        for row in range(PAIR_ROWS):
            a, b = self.cleaned_data.get(f"{kind}_{row}_a"), self.cleaned_data.get(f"{kind}_{row}_b")
            if a is not None and b is not None:
                found.append((a, b))
        return found

    def pair_rows(self, kind: str) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"{kind}_{row}_a"], self[f"{kind}_{row}_b"]) for row in range(PAIR_ROWS)]


def member_field_name(student_id: int) -> str:
    return f"student_{student_id}"


class PlacementForm(forms.Form):
    """A select per student naming their group: moving students works without JavaScript."""

    def __init__(
        self, *args: Any, students: Sequence[Person], groups: Sequence[tuple[Any, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.students = list(students)
        for student in self.students:
            self.fields[member_field_name(student.pk)] = forms.TypedChoiceField(
                label=student.display_name, coerce=int, choices=list(groups)
            )

    def placement(self) -> dict[int, int]:
        return {s.pk: self.cleaned_data[member_field_name(s.pk)] for s in self.students}


class SaveForm(PlacementForm):
    on = BoundedDateField(label=_("Date"), widget=DATE)
    purpose = forms.CharField(
        label=_("Purpose"),
        required=False,
        max_length=MAX_PURPOSE_CHARS,
        help_text=_("For example: reteach unit rates before Friday's check-in."),
    )


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME_CHARS)
    staff = forms.TypedChoiceField(label=_("Taken by"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, staff: Sequence[Person], group: Group, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"group-{group.pk}")
        kwargs.setdefault("initial", {"name": group.name, "staff": group.staff_id})
        super().__init__(*args, **kwargs)
        self.fields["staff"].choices = [("", "—"), *((p.pk, p.display_name) for p in staff)]


class RotationForm(forms.Form):
    competencies = forms.TypedMultipleChoiceField(
        label=_("Competencies"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    on = BoundedDateField(label=_("Date"), widget=DATE)
    starts_at = forms.TimeField(label=_("Starts at"), widget=TIME)
    minutes = forms.IntegerField(
        label=_("Minutes per rotation"), min_value=5, max_value=MAX_MINUTES, initial=15
    )
    rotations = forms.IntegerField(
        label=_("Rotations"),
        min_value=1,
        max_value=STATION_ROWS,
        initial=3,
        help_text=_(
            "With fewer rotations than stations, the groups with the least need do not reach the teacher."
        ),
    )

    def __init__(self, *args: Any, competencies: Sequence[Competency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competencies"].choices = [(c.pk, competency_label(c)) for c in competencies]
        defaults = [Station.Kind.TEACHER_LED, Station.Kind.ONLINE, Station.Kind.COLLABORATIVE, ""]
        for row in range(STATION_ROWS):
            self.fields[f"station_{row}_kind"] = forms.ChoiceField(
                label=_("Station %(number)s") % {"number": row + 1},
                required=False,
                choices=[("", _("No station")), *Station.Kind.choices],
                initial=defaults[row],
            )
            self.fields[f"station_{row}_name"] = forms.CharField(
                label=_("Station %(number)s: what happens there") % {"number": row + 1},
                required=False,
                max_length=MAX_NAME_CHARS,
            )

    def stations(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data[f"station_{row}_kind"], self.cleaned_data.get(f"station_{row}_name", ""))
            for row in range(STATION_ROWS)
            if self.cleaned_data.get(f"station_{row}_kind")
        ]

    def station_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"station_{row}_kind"], self[f"station_{row}_name"]) for row in range(STATION_ROWS)]
