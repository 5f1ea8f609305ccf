"""The demo library: a few hundred resources across the demo frameworks, varied and rated, some flagged."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pathmaker.demo.district import GeneratedDistrict
from pathmaker.demo.frameworks import build_demo_frameworks
from pathmaker.demo.resources import build_demo_resources
from pathmaker.resources.models import Flag, Rating, Resource
from pathmaker.resources.selectors import published_for


def test_the_demo_library_covers_every_modality_and_depth_in_two_languages(district):
    build_demo_frameworks()
    accounts = district.accounts
    build_demo_resources(
        GeneratedDistrict(
            path=Path("."),
            counts={},
            district_admin=accounts["district_admin"].username,
            principals={},
            teacher=accounts["teacher"].username,
            co_teacher=accounts["co_teacher"].username,
            other_school_teacher=accounts["other_school_teacher"].username,
            student=accounts["student"].username,
            guardian=accounts["guardian"].username,
            other_guardian=accounts["other_guardian"].username,
            teacher_parent=accounts["teacher_parent"].username,
        )
    )
    published = Resource.objects.filter(visibility="published")
    assert 250 <= published.count() <= 400
    assert set(published.values_list("modality", flat=True)) == set(Resource.Modality.values)
    assert set(published.values_list("dok", flat=True)) == {1, 2, 3, 4}
    assert set(published.values_list("kind", flat=True)) == {"link", "activity", "assessment"}
    languages = Counter(published.values_list("language", flat=True))
    assert languages["es"] >= 50 and languages["en"] > languages["es"]
    assert Rating.objects.count() == 16 and Flag.objects.filter(reason="dead_link").count() == 3
    assert Resource.objects.filter(author=district.user("teacher").person).count() == 2
    ratio = published.filter(alignments__competency__human_coding_scheme="MV.M.RATIO").first()
    offered = published_for([a.competency_id for a in ratio.alignments.all()])
    assert len({r.modality for r in offered}) >= 4
