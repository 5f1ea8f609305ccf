"""Who sees which resource, who curates it, who rates it: decided here, on the scope's `Viewer`.

- **Seeing.** The library is staff's: every signed-in staff member (teacher, advisor, school leader, the
  district) sees the district's published resources; a school's published and shared resources are seen
  by that school's staff (its teachers and leaders) and the district; a private resource by its author
  alone. Students and families meet resources only through their own plans: the paths domain shows a
  playlist's resources after its own access check on the plan, so the library pages are a 404 to them.
- **Curating** (publishing, retiring, resolving flags, importing): the district's administrators for the
  district's resources, a school's leaders (and the district) for that school's. An author edits, shares
  and retires their own resource until a curator publishes it.
- **Rating**: teachers who see the resource, one rating each.
A resource outside someone's sight is a 404, exactly like one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from pathmaker.access.scope import TEACHING_ROLES, Viewer, viewer_for
from pathmaker.resources.models import Flag, Resource
from pathmaker.rostering.models import Org, PersonRole


def is_staff(viewer: Viewer) -> bool:
    return viewer.is_district_admin or viewer.is_school_leader or viewer.is_teacher or viewer.is_advisor


def staff_school_ids(viewer: Viewer) -> frozenset[int]:
    """The schools whose shared resources this viewer sees: where they teach (by role) and what they lead."""
    if viewer.person_id is None:
        return frozenset()
    taught = PersonRole.objects.filter(
        person_id=viewer.person_id, role__in=TEACHING_ROLES, is_active=True
    ).values_list("org_id", flat=True)
    return frozenset(taught) | viewer.led_org_ids


def home_school_for(user: Any) -> Org | None:
    """Where a teacher's own resources belong (and are shared): the first school they teach at."""
    viewer = viewer_for(user)
    if viewer.person_id is None:
        return None
    role = (
        PersonRole.objects.filter(person_id=viewer.person_id, role__in=TEACHING_ROLES, is_active=True)
        .select_related("org")
        .order_by("-is_primary", "org__name", "org_id")
        .first()
    )
    if role is not None:
        return role.org
    return Org.objects.filter(pk__in=viewer.led_org_ids).order_by("name", "pk").first()


def resources_visible_to(user: Any) -> QuerySet[Resource]:
    """Every resource (active or retired) this account sees in the library; none for students and families."""
    viewer = viewer_for(user)
    if not is_staff(viewer):
        return Resource.objects.none()
    own = Q(author_id=viewer.person_id) if viewer.person_id is not None else Q(pk__in=[])
    if viewer.is_district_admin:
        return Resource.objects.filter(~Q(visibility=Resource.Visibility.PRIVATE) | own)
    district = Q(org__isnull=True, visibility=Resource.Visibility.PUBLISHED)
    school = Q(
        org_id__in=staff_school_ids(viewer),
        visibility__in=[Resource.Visibility.PUBLISHED, Resource.Visibility.SCHOOL],
    )
    return Resource.objects.filter(district | school | own)


def resource_or_404(user: Any, resource_id: Any) -> Resource:
    try:
        pk = int(resource_id)
    except (TypeError, ValueError):
        raise Http404("No such resource") from None
    resource = resources_visible_to(user).filter(pk=pk).select_related("org", "author").first()
    if resource is None:
        raise Http404("No such resource")
    return resource


def may_add_resources(user: Any) -> bool:
    """Teachers add their own; curators add the district's or their school's."""
    viewer = viewer_for(user)
    return viewer.is_teacher or may_curate_somewhere(user)


def may_curate_somewhere(user: Any) -> bool:
    viewer = viewer_for(user)
    return viewer.is_district_admin or viewer.is_school_leader


def may_curate_for(user: Any, org: Org | None) -> bool:
    """Curating an owner's resources: the district's (org None) by district admins, a school's by its leaders."""
    viewer = viewer_for(user)
    if viewer.is_district_admin:
        return True
    return org is not None and org.pk in viewer.led_org_ids


def may_curate(user: Any, resource: Resource) -> bool:
    return may_curate_for(user, resource.org)


def is_author(user: Any, resource: Resource) -> bool:
    person_id = viewer_for(user).person_id
    return person_id is not None and resource.author_id == person_id


def may_edit(user: Any, resource: Resource) -> bool:
    """The curator always; the author until the resource is published (then it is the curator's)."""
    return may_curate(user, resource) or (
        is_author(user, resource) and resource.visibility != Resource.Visibility.PUBLISHED
    )


def may_share(user: Any, resource: Resource) -> bool:
    """The author shares their private resource with the school it belongs to."""
    return is_author(user, resource) and resource.org_id is not None


def may_rate(user: Any, resource: Resource) -> bool:
    """Teachers rate what they see (the caller has fetched it through `resource_or_404`)."""
    return viewer_for(user).is_teacher


def flags_visible_to(user: Any) -> QuerySet[Flag]:
    """The flags a curator resolves: the district's resources' for the district, their schools' for leaders."""
    viewer = viewer_for(user)
    if viewer.is_district_admin:
        return Flag.objects.all()
    if viewer.is_school_leader:
        return Flag.objects.filter(resource__org_id__in=viewer.led_org_ids)
    return Flag.objects.none()


def flag_or_404(user: Any, flag_id: Any) -> Flag:
    try:
        pk = int(flag_id)
    except (TypeError, ValueError):
        raise Http404("No such flag") from None
    flag = flags_visible_to(user).filter(pk=pk).select_related("resource", "resource__org").first()
    if flag is None:
        raise Http404("No such flag")
    return flag


def require_curator(user: Any) -> None:
    """The flag list and the import page: curators only, a 404 for anyone else."""
    if not may_curate_somewhere(user):
        raise Http404("Not found")


def require_library_reader(user: Any) -> None:
    if not is_staff(viewer_for(user)):
        raise Http404("Not found")


def curated_orgs(user: Any) -> list[Org | None]:
    """The owners this account curates for: None (the district) first, then the schools it leads."""
    viewer = viewer_for(user)
    owners: list[Org | None] = [None] if viewer.is_district_admin else []
    led = Org.objects.filter(org_type="school")
    led = led if viewer.is_district_admin else led.filter(pk__in=viewer.led_org_ids)
    return [*owners, *led.order_by("name", "pk")] if may_curate_somewhere(user) else []
