"""`{{ step|pacing_step }}`: a projection's step in the reader's language (pacing/step_words.py)."""

from __future__ import annotations

from django import template

from pathmaker.mastery.explain import Step
from pathmaker.pacing.step_words import STATUS_WORDS, step_words

register = template.Library()


@register.filter
def pacing_step(step: Step) -> str:
    return step_words(step)


@register.filter
def pacing_status(status: str) -> str:
    """An on-track status in words: "On track", "At risk", "Off track"..."""
    return str(STATUS_WORDS.get(str(status), status))
