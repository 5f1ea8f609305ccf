"""`{{ step|step_words }}` and `{{ credit|credit_lines }}`: in the reader's language (mastery/step_words.py)."""

from __future__ import annotations

from django import template

from pathmaker.mastery.explain import Step
from pathmaker.mastery.rollup import Credit, Rollup
from pathmaker.mastery.step_words import credit_lines as credit_words
from pathmaker.mastery.step_words import rollup_lines as rollup_words
from pathmaker.mastery.step_words import step_words as write

register = template.Library()


@register.filter
def step_words(step: Step) -> str:
    return write(step)


@register.filter
def credit_lines(credit: Credit) -> list[str]:
    return credit_words(credit)


@register.filter
def rollup_lines(rollup: Rollup) -> list[str]:
    return rollup_words(rollup)
