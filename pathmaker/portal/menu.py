"""The main menu: every page a persona may use, decided once from the viewer's personas.

To add a page, add one `MenuEntry` to `MENU` (in the order it should appear) with who it shows for.
A persona that reaches a page only through another (a gradebook through its section) needs no entry.
The access rule still guards each page: the menu only avoids offering a page that would answer 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pathmaker.access.scope import Viewer
from pathmaker.reports.access import may_split_by_demographics


def staff(viewer: Viewer) -> bool:
    return viewer.is_district_admin or viewer.is_school_leader or viewer.is_teacher or viewer.is_advisor


def leaders(viewer: Viewer) -> bool:
    return viewer.is_district_admin or viewer.is_school_leader


def district(viewer: Viewer) -> bool:
    return viewer.is_district_admin


def teachers(viewer: Viewer) -> bool:
    return viewer.is_teacher


def advisors(viewer: Viewer) -> bool:
    return viewer.is_advisor


def students(viewer: Viewer) -> bool:
    return viewer.is_student


def _own_record(viewer: Viewer) -> dict[str, Any]:
    return {"student_id": viewer.person_id}


@dataclass(frozen=True)
class MenuEntry:
    url_name: str
    label: str | Promise
    shows_for: Callable[[Viewer], bool]
    kwargs: Callable[[Viewer], dict[str, Any]] | None = None


@dataclass(frozen=True)
class MenuLink:
    url: str
    label: str | Promise
    current: bool


MENU: list[MenuEntry] = [
    MenuEntry("home", _("Home"), lambda viewer: True),
    MenuEntry("student_profile", _("My profile"), students, kwargs=_own_record),
    MenuEntry("plan_list", _("My learning plans"), students, kwargs=_own_record),
    MenuEntry("pacing_student", _("My deadlines"), students, kwargs=_own_record),
    MenuEntry("student_groups", _("My groups"), students, kwargs=_own_record),
    MenuEntry("flex_week", _("My flex week"), students, kwargs=_own_record),
    MenuEntry("leader_students", _("Students"), leaders),
    MenuEntry("leader_sections", _("Sections"), leaders),
    MenuEntry("leader_teachers", _("Teachers"), leaders),
    MenuEntry("flex_home", _("Flex schedule"), leaders),
    MenuEntry("reports_subgroups", _("Results by subgroup"), may_split_by_demographics),
    MenuEntry("flex_teaching", _("My flex workshops"), teachers),
    MenuEntry("advising", _("Advising"), advisors),
    MenuEntry("framework_list", _("Frameworks"), staff),
    MenuEntry("resource_library", _("Resource library"), staff),
    MenuEntry("resource_flags", _("Resource flags"), leaders),
    MenuEntry("case_import_page", _("Framework imports"), district),
    MenuEntry("scale_list", _("Scales"), district),
    MenuEntry("mastery_rules", _("Mastery rules"), district),
    MenuEntry("profile_sections", _("Profile sections"), leaders),
    MenuEntry("pacing_days_off", _("Days off"), leaders),
    MenuEntry("inventory_list", _("Habits inventories"), district),
    MenuEntry("import_list", _("Roster imports"), district),
    MenuEntry("audit_log", _("Audit log"), district),
    MenuEntry("account_admin", _("Accounts"), district),
    MenuEntry("api_tokens", _("API tokens"), staff),
    MenuEntry("password_change", _("Change password"), lambda viewer: True),
]


def menu_for(viewer: Viewer, *, current_path: str = "") -> list[MenuLink]:
    links = []
    for entry in MENU:
        if not entry.shows_for(viewer):
            continue
        url = reverse(entry.url_name, kwargs=entry.kwargs(viewer) if entry.kwargs else None)
        links.append(MenuLink(url, entry.label, current=url == current_path))
    return links
