"""Whatever is typed into the grouping forms or sent to the grouping API, the answer is never a server error."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathmaker.grouping.models import Grouping
from tests.grouping.conftest import TODAY
from tests.grouping.test_persona_table import bearer
from tests.security.test_fuzz_inputs import NASTY

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
VALUE = st.one_of(st.sampled_from(NASTY), st.text(max_size=20), st.integers().map(str))
ASK = [
    "competencies",
    "goal",
    "min_size",
    "max_size",
    "also",
    "balance",
    "together_0_a",
    "together_0_b",
    "apart_0_a",
    "keep_with_staff",
    "keep_with",
    "keep_with_flag",
]
JSON_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(NASTY),
    st.lists(st.integers(), max_size=3),
    st.lists(st.lists(st.integers(), max_size=3), max_size=3),
)
BODY = [
    "competency_ids",
    "goal",
    "min_size",
    "max_size",
    "together",
    "apart",
    "balance",
    "keep_with_staff_id",
    "keep_with_ids",
    "keep_with_flag",
    "on",
    "purpose",
    "groups",
]


@pytest.mark.parametrize("persona", ["teacher", "principal"])
@FUZZ
@given(data=st.data())
def test_no_input_to_the_grouping_pages_is_a_server_error(district, math, client, persona, data):
    client.force_login(district.user(persona))
    query = {name: data.draw(VALUE, label=name) for name in ASK}
    query["goal"] = data.draw(st.sampled_from(["alike", "mixed", query["goal"]]))
    url = reverse("grouping_new", args=[district.math.pk])
    assert client.get(url, query).status_code < 500
    form = {
        f"student_{district.sam.pk}": data.draw(VALUE),
        "on": data.draw(VALUE),
        "purpose": data.draw(VALUE),
    }
    assert client.post(url + "?" + "&".join(f"{k}={v}" for k, v in query.items()), form).status_code < 500
    rotation = {
        "competencies": data.draw(VALUE),
        "on": data.draw(VALUE),
        "starts_at": data.draw(VALUE),
        "minutes": data.draw(VALUE),
        "rotations": data.draw(VALUE),
        "station_0_kind": data.draw(VALUE),
    }
    assert client.post(reverse("rotation_new", args=[district.math.pk]), rotation).status_code < 500


@FUZZ
@given(body=st.fixed_dictionaries({}, optional={name: JSON_VALUE for name in BODY}))
def test_no_body_sent_to_the_grouping_api_is_a_server_error(district, math, client, body):
    response = client.post(
        f"/api/v1/sections/{district.math.pk}/groupings",
        json.dumps(body),
        content_type="application/json",
        **bearer(district.user("teacher")),
    )
    assert response.status_code < 500, body


@FUZZ
@given(data=st.data())
def test_plausible_input_mixing_real_ids_is_never_a_server_error(district, math, client, data):
    # Random text rarely reaches the service; real ids in the wrong places do.
    client.force_login(district.user("principal"))
    ids = [
        district.sam.pk,
        district.tia.pk,
        district.omar.pk,
        district.user("co_teacher").person.pk,
        math.rp1.pk,
    ]
    plausible = st.one_of(
        st.sampled_from([str(pk) for pk in ids]),
        st.sampled_from(["", "0", "-1", "1", "2", "40", "41", "iep", "english_learner", "alike", "mixed"]),
    )
    query = [(name, data.draw(plausible, label=name)) for name in ASK]
    query += [("keep_with", data.draw(plausible, label="keep_with again"))]
    query += (
        [("competencies", str(math.rp1.pk))] if data.draw(st.booleans(), label="with a competency") else []
    )
    url = reverse("grouping_new", args=[district.math.pk])
    response = client.get(url, query)
    assert response.status_code < 500, query
    form = {f"student_{pk}": data.draw(plausible) for pk in (district.sam.pk, district.tia.pk)}
    form.update(on=TODAY.isoformat(), purpose=data.draw(VALUE))
    assert client.post(url + "?" + urlencode(query), form).status_code < 500, query
    grouping = Grouping.objects.order_by("-pk").first()
    if grouping is not None:
        group = grouping.groups.first()
        moves = {f"student_{district.sam.pk}": data.draw(plausible), "name": data.draw(VALUE)}
        assert client.post(reverse("grouping_move", args=[grouping.pk]), moves).status_code < 500
        update = {f"group-{group.pk}-name": data.draw(VALUE), f"group-{group.pk}-staff": data.draw(plausible)}
        assert (
            client.post(reverse("grouping_group_update", args=[grouping.pk, group.pk]), update).status_code
            < 500
        )
