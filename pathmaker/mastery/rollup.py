"""Roll-ups and progression, pure: a parent competency from its children, and course credit.

- Parent from children, two district rules:
  - `all_children`: the parent is proficient once every child is; its level is the children's mean
    (not yet determined while any child is).
  - `points`: each child contributes its level as points; the parent is proficient once the points
    reach `points_needed` and every required child is proficient.
- Course credit: a student earns the course when at least `min_share` of its competencies are
  proficient and none is below `floor` (Henry County's example: 80% proficient, none below 2).
Each result carries the steps in words, like the engine's explanations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Part:
    name: str
    level: float | None
    proficient: bool
    required: bool = False


@dataclass(frozen=True)
class Rollup:
    level: float | None
    proficient: bool
    steps: list[str] = field(default_factory=list)  # in English, for the command line and logs
    # The same facts as data, for pages to word in the reader's language (mastery/step_words.py).
    values: dict[str, Any] = field(default_factory=dict)


def parent_all_children(children: list[Part]) -> Rollup:
    if not children:
        return Rollup(None, False, ["This competency has no parts to roll up."], {"rule": "none"})
    missing = [c.name for c in children if c.level is None]
    steps = [f"All {len(children)} parts must be proficient."]
    if missing:
        steps.append("Not yet determined: no level yet for " + ", ".join(missing) + ".")
        return Rollup(
            None, False, steps, {"rule": "all_children", "count": len(children), "missing": missing}
        )
    level = sum(c.level for c in children if c.level is not None) / len(children)
    not_yet = [c.name for c in children if not c.proficient]
    steps.append(f"Average of the parts: {level:.2f}.")
    steps.append(
        "Proficient: every part is." if not not_yet else "Not yet: " + ", ".join(not_yet) + " to go."
    )
    return Rollup(
        level,
        not not_yet,
        steps,
        {"rule": "all_children", "count": len(children), "missing": [], "level": level, "not_yet": not_yet},
    )


def parent_points(children: list[Part], points_needed: float) -> Rollup:
    points = sum(c.level or 0.0 for c in children)
    missing_required = [c.name for c in children if c.required and not c.proficient]
    steps = [
        f"Points from the parts: {' + '.join(f'{c.level or 0:g}' for c in children)} = {points:g}; "
        f"{points_needed:g} are needed."
    ]
    if missing_required:
        steps.append("Required and not yet proficient: " + ", ".join(missing_required) + ".")
    proficient = points >= points_needed and not missing_required
    steps.append("Proficient." if proficient else "Not yet proficient.")
    level = points / len(children) if children else None
    return Rollup(
        level,
        proficient,
        steps,
        {
            "rule": "points",
            "levels": [c.level or 0.0 for c in children],
            "points": points,
            "needed": points_needed,
            "missing_required": missing_required,
        },
    )


@dataclass(frozen=True)
class CreditRule:
    min_share: float = 0.8
    floor: float = 2.0


@dataclass(frozen=True)
class Credit:
    share: float
    lowest: float | None
    earned: bool
    steps: list[str]  # in English, for the command line and logs
    # The same facts as data (proficient, total, min_share, floor), for pages to word in the reader's language.
    values: dict[str, float | int | None] = field(default_factory=dict)


def course_credit(parts: list[Part], rule: CreditRule) -> Credit:
    if not parts:
        return Credit(0.0, None, False, ["This course has no competencies yet."])
    proficient = sum(1 for p in parts if p.proficient)
    share = proficient / len(parts)
    levels = [p.level for p in parts if p.level is not None]
    lowest = min(levels) if len(levels) == len(parts) else None
    steps = [
        f"{proficient} of {len(parts)} competencies proficient ({share:.0%}); "
        f"{rule.min_share:.0%} are needed."
    ]
    if lowest is None:
        steps.append("Some competencies have no level yet.")
    else:
        steps.append(f"Lowest level: {lowest:.2f}; none may be below {rule.floor:g}.")
    earned = share >= rule.min_share and lowest is not None and lowest >= rule.floor
    steps.append("Credit earned." if earned else "Credit not yet earned.")
    values: dict[str, float | int | None] = {
        "proficient": proficient,
        "total": len(parts),
        "min_share": rule.min_share,
        "floor": rule.floor,
    }
    return Credit(share, lowest, earned, steps, values)
