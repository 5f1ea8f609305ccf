"""The breadcrumb trail, a builtin everywhere:

    {% breadcrumbs %}
      {% crumb _("Frameworks") "framework_list" %}
      {% crumb framework.title "framework_detail" framework.pk %}
      {% if here %}{% crumb here href=request.path %}{% endif %}
    {% endbreadcrumbs %}

Each `crumb` names a URL (and its arguments) or gives an `href`; the trail is drawn by
`components/_breadcrumbs.html`, and its last crumb is the current page (`aria-current="page"`), so a
crumb inside an `{% if %}` never leaves the trail without one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.template.base import Parser, Token
from django.template.context import Context
from django.template.loader import render_to_string
from django.urls import reverse

register = template.Library()

_TRAIL = "_components_breadcrumbs"  # the context key the crumbs are collected under while the block renders


@dataclass(frozen=True)
class Crumb:
    label: str
    href: str


class BreadcrumbsNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: Context) -> str:
        crumbs: list[Crumb] = []
        with context.push({_TRAIL: crumbs}):
            self.nodelist.render(context)
        return render_to_string("components/_breadcrumbs.html", {"crumbs": crumbs})


@register.tag
def breadcrumbs(parser: Parser, token: Token) -> BreadcrumbsNode:
    nodelist = parser.parse(("endbreadcrumbs",))
    parser.delete_first_token()
    return BreadcrumbsNode(nodelist)


@register.simple_tag(takes_context=True)
def crumb(context: Context, label: Any, viewname: str = "", *args: Any, href: str = "") -> str:
    """One step of the trail: `{% crumb label "url_name" arg ... %}` or `{% crumb label href=url %}`."""
    context[_TRAIL].append(Crumb(str(label), href or reverse(viewname, args=args)))
    return ""
