""" "What next", as a pure function: per course, the next step on the plan and one recommendation, each with
a reason code and the values its one sentence needs (`paths/words.py` writes it in the reader's language).

No Django, no clock (today is an input), no database; mypy checks it strictly. The recommendation is the
first of these that applies, always on a competency whose prerequisites are all mastered (never one the
student cannot start):
1. **revise**: a teacher asked for a revision on it;
2. **overdue** / **due**: a deadline not yet met, missed or within `SOON_DAYS` days (hard before soft,
   then the earliest);
3. **next**: the next competency on the plan that is ready.
Then the resource to try for it: one that matches a word of the student's stated interests, else one in
a modality they chose before, else the first the playlist or library offers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

SOON_DAYS = 14
_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
_COMMON = frozenset(
    {"with", "that", "this", "what", "when", "from", "have", "like", "about", "them", "they", "their"}
)


@dataclass(frozen=True)
class Due:
    competency: int
    due_on: dt.date
    hard: bool
    met: bool = False


@dataclass(frozen=True)
class Option:
    resource: int
    competency: int
    modality: str
    words: str  # title and description, for matching interests
    on_playlist: bool = False


@dataclass(frozen=True)
class CourseState:
    plan: Sequence[int]  # the plan's order (not-yet-mastered competencies)
    prerequisites: Mapping[int, Iterable[int]]
    mastered: frozenset[int]
    deadlines: Sequence[Due] = ()
    revisions: frozenset[int] = frozenset()
    interests: str = ""
    modalities: Sequence[str] = ()  # the modalities the student chose, most recent first
    options: Sequence[Option] = ()
    today: dt.date = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class Recommendation:
    competency: int
    reason: str  # revise, overdue, due, next
    resource: int | None = None
    why_resource: str = ""  # interest, modality, playlist, library, or "" (none found)
    values: dict[str, str] = field(default_factory=dict)


def ready(competency: int, state: CourseState) -> bool:
    return all(p in state.mastered for p in state.prerequisites.get(competency, ()) if p != competency)


def next_step(state: CourseState) -> int | None:
    return next((c for c in state.plan if c not in state.mastered and ready(c, state)), None)


def recommend(state: CourseState) -> Recommendation | None:
    open_ready = [c for c in state.plan if c not in state.mastered and ready(c, state)]
    if not open_ready:
        return None
    rank = {c: i for i, c in enumerate(open_ready)}
    revise = [c for c in open_ready if c in state.revisions]
    if revise:
        return _with_resource(Recommendation(revise[0], "revise"), state)
    pressing = sorted(
        (
            d
            for d in state.deadlines
            if not d.met and d.competency in rank and (d.due_on - state.today).days <= SOON_DAYS
        ),
        key=lambda d: (d.due_on >= state.today, not d.hard, d.due_on, rank[d.competency]),
    )
    if pressing:
        due = pressing[0]
        reason = "overdue" if due.due_on < state.today else "due"
        values = {"due_on": due.due_on.isoformat(), "kind": "hard" if due.hard else "soft"}
        return _with_resource(Recommendation(due.competency, reason, values=values), state)
    return _with_resource(Recommendation(open_ready[0], "next"), state)


def interest_words(text: str) -> set[str]:
    return {w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in _COMMON}


def _with_resource(found: Recommendation, state: CourseState) -> Recommendation:
    options = [o for o in state.options if o.competency == found.competency]
    if not options:
        return found
    wanted = interest_words(state.interests)
    for option in options:
        matched = sorted(wanted & interest_words(option.words))
        if matched:
            return _picked(found, option, "interest", interest=matched[0])
    for modality in state.modalities:
        for option in options:
            if option.modality == modality:
                return _picked(found, option, "modality", modality=modality)
    first = next((o for o in options if o.on_playlist), options[0])
    return _picked(found, first, "playlist" if first.on_playlist else "library")


def _picked(found: Recommendation, option: Option, why: str, **values: str) -> Recommendation:
    return Recommendation(found.competency, found.reason, option.resource, why, {**found.values, **values})
