"""`{{ evidence.link|web_link }}`: a stored link only if it is an http(s) address, else nothing.

Links are checked where they enter (pathmaker.lib.links); this keeps a link stored before that check,
like `javascript:...`, from ever reaching an href. A builtin everywhere."""

from __future__ import annotations

from django import template

from pathmaker.lib.links import is_web_link

register = template.Library()


@register.filter
def web_link(value: object) -> str:
    text = str(value or "").strip()
    return text if is_web_link(text) else ""
