"""Panels the layers above goals add to the advisor's page, which goals cannot import (the layers contract).

A panel function takes the viewer's `user`, the request's `actor`, the advisees the page shows and today,
and returns a `Panel` (a template and its context) or None; it decides what the viewer may see through the
access rule of its own app and audits the students it shows. `advising_panels.register` is called from
the contributing app's `AppConfig.ready` (paths adds the advisees behind pace); the page draws the
panels in the order they were registered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pathmaker.audit.actor import Actor


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelFn = Callable[..., Panel | None]


class Panels:
    def __init__(self) -> None:
        self._functions: list[PanelFn] = []

    def register(self, function: PanelFn) -> None:
        if function not in self._functions:
            self._functions.append(function)

    def for_advisor(
        self, *, user: Any, actor: Actor, student_ids: Sequence[int], today: dt.date
    ) -> list[Panel]:
        found = (fn(user=user, actor=actor, student_ids=student_ids, today=today) for fn in self._functions)
        return [panel for panel in found if panel is not None]


advising_panels = Panels()
