"""The template filters for dates, numbers and role codes (see pathmaker.components.display); a builtin everywhere."""

from __future__ import annotations

from typing import Any

from django import template

from pathmaker.components import display

register = template.Library()


@register.filter(expects_localtime=False)
def day(value: Any) -> str:
    """`{{ goal.closed_at|day }}`: the day in the district's time zone, in the reader's date format."""
    return display.day(value)


@register.filter
def number(value: Any, places: int = 2) -> str:
    """`{{ level|number }}` or `{{ share|number:1 }}`: localized, no trailing zeros."""
    return display.number(value, int(places))


@register.filter
def role_name(code: str) -> str:
    """`{{ response.author_role|role_name }}`: a stored role code in the reader's language."""
    return display.role_name(code)
