"""Forms for the inventory pages. They check what a person typed; the services check the inventory rules."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pathmaker.components.fields import BoundedDateField
from pathmaker.frameworks.forms import competency_from_reference
from pathmaker.inventories.models import DEFAULT_LEVELS, Inventory
from pathmaker.inventories.services import MAX_ITEMS, MAX_NOTE_CHARS, ItemSpec

ITEMS_HELP = _(
    "One statement a line: Dimension | statement, and optionally | the code of the competency it "
    "describes. For example: Collaboration | I do my part of the team's work on time | MV.POG.2"
)


class DefineForm(forms.Form):
    inventory = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For example: Habits of success."))
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the inventory is for; students and families read it."),
    )
    levels = forms.CharField(
        label=_("Levels of the scale"),
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="\n".join(DEFAULT_LEVELS),
        help_text=_("One level a line, lowest first: the first is 1, the next 2..."),
    )
    items = forms.CharField(
        label=_("Statements to rate"), widget=forms.Textarea(attrs={"rows": 10}), help_text=ITEMS_HELP
    )
    items_es = forms.CharField(
        label=_("The statements in Spanish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "lang": "es"}),
        help_text=_(
            "One line for each statement above, in the same order; write - to leave a statement in English. "
            "Spanish-speaking students and families read these."
        ),
    )

    def clean_levels(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["levels"].splitlines() if line.strip()]

    def clean_items(self) -> list[ItemSpec]:
        specs, errors = [], []
        lines = [
            (n, line.strip())
            for n, line in enumerate(self.cleaned_data["items"].splitlines(), start=1)
            if line.strip()
        ]
        if len(lines) > MAX_ITEMS:
            raise forms.ValidationError(
                _("An inventory has at most %(max)d statements; there are %(count)d.")
                % {"max": MAX_ITEMS, "count": len(lines)}
            )
        for number, line in lines:
            parts = [part.strip() for part in line.split("|")]
            if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
                errors.append(
                    _("Line %(n)d: write it as Dimension | statement (| competency code).") % {"n": number}
                )
                continue
            competency = None
            if len(parts) == 3 and parts[2]:
                try:
                    competency = competency_from_reference(parts[2])
                except forms.ValidationError as error:
                    errors.append(
                        _("Line %(n)d: %(error)s") % {"n": number, "error": " ".join(error.messages)}
                    )
                    continue
            specs.append(ItemSpec(parts[0], parts[1], competency))
        if errors:
            raise forms.ValidationError(errors)
        return specs

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        specs, spanish = cleaned.get("items"), (cleaned.get("items_es") or "").strip()
        if not specs or not spanish:
            return cleaned
        lines = [line.strip() for line in spanish.splitlines() if line.strip()]
        if len(lines) != len(specs):
            self.add_error(
                "items_es",
                _(
                    "There are %(statements)d statements and %(lines)d Spanish lines: write one "
                    "line for each statement (- keeps it in English)."
                )
                % {"statements": len(specs), "lines": len(lines)},
            )
            return cleaned
        cleaned["items"] = [
            replace(spec, text_es="" if line == "-" else line)
            for spec, line in zip(specs, lines, strict=True)
        ]
        return cleaned

    @staticmethod
    def initial_from(inventory: Inventory) -> dict[str, Any]:
        lines, spanish = [], []
        for item in inventory.items.all():
            spanish.append(item.text_es or "-")
            code = item.competency.human_coding_scheme if item.competency else ""
            lines.append(f"{item.dimension} | {item.text}" + (f" | {code}" if code else ""))
        return {
            "title": inventory.title,
            "description": inventory.description,
            "levels": "\n".join(inventory.levels),
            "items": "\n".join(lines),
            "items_es": "\n".join(spanish) if any(line != "-" for line in spanish) else "",
        }


class TakeForm(forms.Form):
    """One radio group per statement (`item_<id>`), the day rated and an optional note."""

    taken_on = BoundedDateField(
        label=_("Date of this rating"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("A note"), required=False, max_length=MAX_NOTE_CHARS, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, inventory: Inventory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inventory = inventory
        self.fields["taken_on"].initial = timezone.localdate()
        self.fields["taken_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        choices = [(str(value), f"{value} · {name}") for value, name in enumerate(inventory.levels, start=1)]
        self.items = list(inventory.items.all())
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=item.shown_text,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose a level for “%(text)s”.") % {"text": item.text},
                    "invalid_choice": _("Choose one of the levels for “%(text)s”.") % {"text": item.text},
                },
            )

    def groups(self) -> list[tuple[str, list[tuple[Any, forms.BoundField]]]]:
        """(dimension, [(item, its bound radio group)]) in the inventory's order."""
        grouped: dict[str, list[tuple[Any, forms.BoundField]]] = {}
        for item in self.items:
            grouped.setdefault(item.dimension, []).append((item, self[f"item_{item.pk}"]))
        return list(grouped.items())

    def ratings(self) -> dict[int, int]:
        return {item.pk: int(self.cleaned_data[f"item_{item.pk}"]) for item in self.items}
