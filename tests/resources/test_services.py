"""The library's rules, one by one, each refusal by its code; every write leaves one audit row."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from pathmaker.audit.models import AuditEvent
from pathmaker.frameworks import services as frameworks
from pathmaker.resources import access, selectors, services
from pathmaker.resources.models import Flag, Rating, Resource
from pathmaker.resources.services import ResourceError
from tests.resources.conftest import (
    SYSTEM,
    district_resource,
    own_resource,
    shared_resource,
    snapshot,
    spec,
    text_upload,
)


def refused(code, call, *args, **kwargs) -> None:
    before = snapshot()
    with pytest.raises(ResourceError) as raised:
        call(*args, **kwargs)
    assert raised.value.code == code
    assert snapshot() == before


def test_a_teachers_new_resource_is_private_to_her_in_her_school_and_audited(district, ratios):
    resource = own_resource(district, ratios[0])
    assert (resource.visibility, resource.org, resource.author) == (
        "private",
        district.north,
        district.user("teacher").person,
    )
    assert list(resource.alignments.values_list("competency_id", "alignment_type")) == [
        (ratios[0].pk, "teaches")
    ]
    event = AuditEvent.objects.get(action="resource.create")
    assert (event.actor, event.object_id) == (district.user("teacher"), str(resource.pk))
    assert access.resources_visible_to(district.user("co_teacher")).filter(pk=resource.pk).exists() is False


def test_sharing_shows_it_to_her_schools_staff_and_not_to_another_school(district, ratios):
    resource = shared_resource(district, ratios[0])
    assert resource.visibility == "school"
    assert access.resources_visible_to(district.user("co_teacher")).filter(pk=resource.pk).exists()
    assert (
        not access.resources_visible_to(district.user("other_school_teacher")).filter(pk=resource.pk).exists()
    )
    assert AuditEvent.objects.filter(action="resource.share", object_id=str(resource.pk)).count() == 1


def test_only_the_author_shares_and_only_once(district, ratios):
    resource = own_resource(district, ratios[0])
    refused(
        "resources.forbidden", services.resource_share, resource=resource, actor=district.actor("co_teacher")
    )
    services.resource_share(resource=resource, actor=district.actor("teacher"))
    refused(
        "resources.already_shared",
        services.resource_share,
        resource=resource,
        actor=district.actor("teacher"),
    )


def test_a_school_leader_publishes_their_schools_resource_and_a_teacher_may_not(district, ratios):
    resource = shared_resource(district, ratios[0])
    refused(
        "resources.forbidden",
        services.resource_publish,
        resource=resource,
        actor=district.actor("co_teacher"),
    )
    services.resource_publish(resource=resource, actor=district.actor("principal"))
    resource.refresh_from_db()
    assert resource.visibility == "published"
    assert AuditEvent.objects.filter(action="resource.publish", actor=district.user("principal")).count() == 1


def test_the_district_curates_district_resources_and_a_principal_does_not(district, ratios):
    resource = own_resource(district, ratios[0])
    resource.org = None
    resource.save()
    refused(
        "resources.forbidden", services.resource_publish, resource=resource, actor=district.actor("principal")
    )
    services.resource_publish(resource=resource, actor=district.actor("district_admin"))
    assert access.resources_visible_to(district.user("other_school_teacher")).filter(pk=resource.pk).exists()


def test_only_a_curator_creates_published_resources(district, ratios):
    refused(
        "resources.forbidden",
        services.resource_create,
        spec=spec(ratios[0]),
        org=None,
        actor=district.actor("principal"),
        publish=True,
    )
    refused(
        "resources.forbidden",
        services.resource_create,
        spec=spec(ratios[0]),
        org=None,
        actor=district.actor("guardian"),
    )


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"title": "  "}, "resources.title_missing", "title"),
        ({"title": "x" * 201}, "resources.title_too_long", "title"),
        ({"kind": "podcast"}, "resources.bad_kind", "kind"),
        ({"modality": "osmosis"}, "resources.bad_modality", "modality"),
        ({"language": "fr"}, "resources.bad_language", "language"),
        ({"grade_low": "7"}, "resources.bad_grade", "grade_low"),
        ({"grade_low": "09", "grade_high": "07"}, "resources.grades_reversed", "grade_high"),
        ({"url": "javascript:alert(1)"}, "resources.bad_url", "url"),
        ({"url": ""}, "resources.bad_url", "url"),
        (
            {"kind": "activity", "url": "", "instructions": ""},
            "resources.instructions_missing",
            "instructions",
        ),
        ({"kind": "activity", "url": "", "instructions": "Do it", "dok": 5}, "resources.bad_dok", "dok"),
        ({"minutes": 0}, "resources.bad_minutes", "minutes"),
        ({"kind": "file", "url": ""}, "resources.file_missing", "upload"),
        ({"alignments": []}, "resources.no_alignment", "competencies"),
        ({"alignments": [(999_999, "teaches")]}, "resources.no_such_competency", "competencies"),
    ],
)
def test_each_rule_about_what_a_resource_says_refuses_with_its_code_and_field(
    district, ratios, changes, code, field
):
    before = snapshot()
    with pytest.raises(ResourceError) as raised:
        own_resource(district, ratios[0], **changes)
    assert (raised.value.code, raised.value.field) == (code, field)
    assert snapshot() == before


def test_an_alignment_type_outside_lrmis_is_refused(district, ratios):
    refused(
        "resources.bad_alignment_type",
        services.resource_create,
        spec=spec(ratios[0], alignments=[(ratios[0].pk, "requires")]),
        org=district.north,
        actor=district.actor("teacher"),
    )


def test_a_retired_competency_cannot_be_aligned_to(district, ratios):
    frameworks.competency_retire(competency=ratios[2], actor=SYSTEM)
    refused(
        "resources.competency_retired",
        services.resource_create,
        spec=spec(ratios[2]),
        org=district.north,
        actor=district.actor("teacher"),
    )


def test_editing_replaces_the_fields_and_the_alignments(district, ratios):
    resource = own_resource(district, ratios[0])
    services.resource_edit(
        resource=resource,
        spec=spec(ratios[1], title="Proportions in maps", alignments=[(ratios[1].pk, "practices")]),
        actor=district.actor("teacher"),
    )
    resource.refresh_from_db()
    assert resource.title == "Proportions in maps"
    assert list(resource.alignments.values_list("competency_id", "alignment_type")) == [
        (ratios[1].pk, "practices")
    ]
    assert AuditEvent.objects.filter(action="resource.edit").count() == 1


def test_once_published_the_author_no_longer_edits_it_and_the_curator_does(district, ratios):
    resource = shared_resource(district, ratios[0])
    services.resource_publish(resource=resource, actor=district.actor("principal"))
    refused(
        "resources.forbidden",
        services.resource_edit,
        resource=resource,
        spec=spec(ratios[0]),
        actor=district.actor("teacher"),
    )
    services.resource_edit(
        resource=resource, spec=spec(ratios[0], title="Curated"), actor=district.actor("principal")
    )


def test_retiring_keeps_the_resource_out_of_playlists_and_resolves_its_flags(district, ratios):
    resource = district_resource(ratios[0])
    services.flag_raise(resource=resource, reason="dead_link", detail="404", actor=SYSTEM)
    services.resource_retire(resource=resource, actor=district.actor("district_admin"))
    assert Resource.objects.filter(pk=resource.pk, is_active=False).exists()
    assert not selectors.published_for([ratios[0].pk]).exists()
    assert Flag.objects.get().resolved_by == district.user("district_admin")
    refused(
        "resources.retired",
        services.resource_retire,
        resource=resource,
        actor=district.actor("district_admin"),
    )
    refused(
        "resources.retired",
        services.resource_publish,
        resource=resource,
        actor=district.actor("district_admin"),
    )


def test_a_teacher_rates_once_and_rating_again_updates_the_same_rating(district, ratios):
    resource = district_resource(ratios[0])
    services.rating_set(resource=resource, stars=2, review="Too fast", actor=district.actor("teacher"))
    services.rating_set(
        resource=resource, stars=4, review="Better with pauses", actor=district.actor("teacher")
    )
    services.rating_set(resource=resource, stars=5, actor=district.actor("co_teacher"))
    assert list(Rating.objects.order_by("stars").values_list("stars", "review")) == [
        (4, "Better with pauses"),
        (5, ""),
    ]
    detail = selectors.resource_detail(resource)
    assert (detail["stars_average"], detail["stars_count"]) == (4.5, 2)
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="resource.r").order_by("pk")] == [
        "resource.rate",
        "resource.rerate",
        "resource.rate",
    ]


def test_the_database_holds_one_rating_per_teacher_even_without_the_service(district, ratios):
    rating = services.rating_set(
        resource=district_resource(ratios[0]), stars=3, actor=district.actor("teacher")
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            resource=rating.resource,
            rater=rating.rater,
            stars=1,
            created_at=rating.created_at,
            updated_at=rating.updated_at,
        )


def test_stars_are_one_to_five_and_only_teachers_rate(district, ratios):
    resource = district_resource(ratios[0])
    refused(
        "resources.bad_stars",
        services.rating_set,
        resource=resource,
        stars=6,
        actor=district.actor("teacher"),
    )
    refused(
        "resources.bad_stars",
        services.rating_set,
        resource=resource,
        stars=0,
        actor=district.actor("teacher"),
    )
    refused(
        "resources.forbidden",
        services.rating_set,
        resource=resource,
        stars=3,
        actor=district.actor("principal"),
    )


def test_a_dead_link_is_flagged_once_until_resolved_and_the_curator_resolves_it(district, ratios):
    resource = district_resource(ratios[0])
    assert services.flag_raise(resource=resource, reason="dead_link", actor=SYSTEM) is not None
    assert services.flag_raise(resource=resource, reason="dead_link", actor=SYSTEM) is None
    flag = Flag.objects.get()
    refused("resources.forbidden", services.flag_resolve, flag=flag, actor=district.actor("principal"))
    services.flag_resolve(flag=flag, actor=district.actor("district_admin"))
    refused(
        "resources.flag_resolved", services.flag_resolve, flag=flag, actor=district.actor("district_admin")
    )
    assert services.flag_raise(resource=resource, reason="dead_link", actor=SYSTEM) is not None


def test_a_resource_aligned_to_a_retired_competency_is_flagged_and_still_offered(district, ratios):
    resource = district_resource(
        ratios[0], alignments=[(ratios[0].pk, "teaches"), (ratios[1].pk, "assesses")]
    )
    frameworks.competency_retire(competency=ratios[1], actor=SYSTEM)
    assert services.flags_raise_for_retired_competencies(actor=SYSTEM) == 1
    assert services.flags_raise_for_retired_competencies(actor=SYSTEM) == 0
    flag = Flag.objects.get()
    assert (flag.reason, flag.detail) == ("retired_competency", "7.RP.2")
    assert list(selectors.published_for([ratios[0].pk])) == [resource]


def test_a_file_resource_passes_the_shared_upload_checks_and_is_kept_under_a_random_name(
    district, ratios, resource_dir
):
    resource = services.resource_create(
        spec=spec(ratios[0], kind="file", url=""),
        org=district.north,
        actor=district.actor("teacher"),
        upload=text_upload(),
    )
    assert (resource.original_name, resource.content_type) == ("notes.txt", "text/plain; charset=utf-8")
    assert services.file_path(resource).read_bytes() == b"Ratios are comparisons.\n"
    assert services.file_path(resource).is_relative_to(resource_dir)


def test_a_web_page_named_like_text_is_refused_and_nothing_is_kept(district, ratios, resource_dir):
    refused(
        "resources.file_refused",
        services.resource_create,
        spec=spec(ratios[0], kind="file", url=""),
        org=district.north,
        actor=district.actor("teacher"),
        upload=text_upload("notes.txt", b"<html><script>alert(1)</script></html>"),
    )
    assert not resource_dir.exists() or not any(p.is_file() for p in resource_dir.rglob("*"))


def test_published_for_offers_active_published_resources_aligned_to_the_competencies(district, ratios):
    video = district_resource(ratios[0], title="A video")
    spanish = district_resource(ratios[0], title="Un video", language="es")
    reading = district_resource(ratios[0], title="A reading", modality="read")
    district_resource(ratios[1], title="Another competency")
    shared_resource(district, ratios[0], title="Only shared")
    north = services.resource_create(
        spec=spec(ratios[0], title="North's"), org=district.north, actor=SYSTEM, publish=True
    )
    assert set(selectors.published_for([ratios[0].pk])) == {video, spanish, reading, north}
    assert list(selectors.published_for([ratios[0].pk], language="es")) == [spanish]
    assert list(selectors.published_for([ratios[0].pk], modality="read")) == [reading]
    assert north not in selectors.published_for([ratios[0].pk], school_ids=[district.south.pk])


def test_the_search_finds_by_text_competency_modality_grade_and_language(district, ratios):
    video = district_resource(ratios[0], title="Unit rates with recipes")
    spanish = district_resource(
        ratios[1], title="Proporciones", language="es", modality="read", grade_low="07", grade_high="07"
    )
    elementary = district_resource(ratios[0], title="Sharing pizza", grade_low="03", grade_high="05")
    services.rating_set(resource=video, stars=4, actor=district.actor("teacher"))
    teacher = district.user("teacher")

    def found(**search):
        return [r.title for r in selectors.library_search(teacher, selectors.Search(**search))]

    assert found(text="recipes") == ["Unit rates with recipes"]
    assert found(text="7.RP.2") == ["Proporciones"]
    assert found(competency_ids=(ratios[0].pk,)) == ["Sharing pizza", "Unit rates with recipes"]
    assert found(modality="read") == ["Proporciones"]
    assert found(language="es") == [spanish.title]
    assert found(grade="04") == [elementary.title]
    assert found(grade="07") == ["Proporciones", "Unit rates with recipes"]
    rated = selectors.library_search(teacher, selectors.Search(text="recipes")).get()
    assert (rated.stars_average, rated.stars_count) == (4.0, 1)


def test_students_and_families_see_no_library(district, ratios):
    district_resource(ratios[0])
    for persona in ("student", "guardian", "unrostered"):
        assert not access.resources_visible_to(district.user(persona)).exists()


def test_replacing_a_resources_file_keeps_only_the_new_bytes(
    district, ratios, resource_dir, django_capture_on_commit_callbacks
):
    resource = services.resource_create(
        spec=spec(ratios[0], kind="file", url=""),
        org=district.north,
        actor=district.actor("teacher"),
        upload=text_upload(),
    )
    old = services.file_path(resource)
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_edit(
            resource=resource,
            spec=spec(ratios[0], kind="file", url=""),
            actor=district.actor("teacher"),
            upload=text_upload("v2.txt", b"Second draft.\n"),
        )
    assert not old.exists()
    assert services.file_path(resource).read_bytes() == b"Second draft.\n"
