""" "What next" (`paths.next`): the order of its reasons, the resource it picks, and over random prerequisite
graphs, that it never proposes a competency whose prerequisites are not mastered."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from pathmaker.paths.next import CourseState, Due, Option, next_step, recommend

TODAY = dt.date(2026, 10, 1)
A, B, C = 1, 2, 3


def state(**kwargs) -> CourseState:
    return CourseState(
        **{"plan": [A, B, C], "prerequisites": {}, "mastered": frozenset(), "today": TODAY, **kwargs}
    )


def test_with_nothing_pressing_it_recommends_the_next_step_on_the_plan():
    found = recommend(state())
    assert (found.competency, found.reason) == (A, "next")
    assert next_step(state()) == A


def test_a_revision_request_comes_first():
    assert recommend(state(revisions=frozenset({C}))).reason == "revise"
    assert recommend(state(revisions=frozenset({C}))).competency == C


def test_a_missed_deadline_comes_before_an_upcoming_one_and_hard_before_soft():
    deadlines = [
        Due(B, TODAY + dt.timedelta(days=3), hard=False),
        Due(C, TODAY + dt.timedelta(days=3), hard=True),
    ]
    assert recommend(state(deadlines=deadlines)).competency == C
    missed = [*deadlines, Due(A, TODAY - dt.timedelta(days=1), hard=False)]
    found = recommend(state(deadlines=missed))
    assert (found.competency, found.reason, found.values["due_on"]) == (A, "overdue", "2026-09-30")


def test_a_deadline_far_off_or_met_is_not_pressing():
    deadlines = [Due(C, TODAY + dt.timedelta(days=40), hard=True), Due(B, TODAY, hard=True, met=True)]
    assert recommend(state(deadlines=deadlines)).reason == "next"


def test_a_revision_on_a_competency_whose_prerequisite_is_not_mastered_is_not_proposed():
    found = recommend(state(prerequisites={C: {B}}, revisions=frozenset({C})))
    assert (found.competency, found.reason) == (A, "next")


def test_the_resource_matches_an_interest_then_a_chosen_modality():
    options = [
        Option(10, A, "read", "Ratios in recipes"),
        Option(11, A, "watch", "Unit rates at the soccer match"),
        Option(12, A, "practise", "Unit rate drills"),
    ]
    liked = recommend(state(options=options, interests="Soccer tactics and comics", modalities=["practise"]))
    assert (liked.resource, liked.why_resource, liked.values["interest"]) == (11, "interest", "soccer")
    chosen = recommend(state(options=options, interests="Chess", modalities=["practise"]))
    assert (chosen.resource, chosen.why_resource) == (12, "modality")
    neither = recommend(state(options=options))
    assert (neither.resource, neither.why_resource) == (10, "library")


def test_nothing_is_recommended_when_nothing_can_be_started():
    assert recommend(state(prerequisites={A: {99}, B: {99}, C: {99}})) is None


@st.composite
def states(draw):
    n = draw(st.integers(1, 10))
    hidden = draw(st.permutations(list(range(1, n + 1))))
    prerequisites: dict[int, set[int]] = {}
    for i, later in enumerate(hidden):
        for earlier in hidden[:i]:
            if draw(st.integers(0, 3)) == 0:
                prerequisites.setdefault(later, set()).add(earlier)
        if draw(st.integers(0, 6)) == 0:
            prerequisites.setdefault(later, set()).add(100 + i)
    everything = [*range(1, n + 1), *range(100, 100 + n)]
    mastered = frozenset(draw(st.sets(st.sampled_from(everything))))
    competencies = st.sampled_from(list(range(1, n + 1)))
    return CourseState(
        plan=draw(st.permutations([c for c in range(1, n + 1) if c not in mastered])),
        prerequisites=prerequisites,
        mastered=mastered,
        deadlines=draw(
            st.lists(
                st.builds(
                    Due,
                    competencies,
                    st.dates(TODAY - dt.timedelta(days=30), TODAY + dt.timedelta(days=30)),
                    st.booleans(),
                    st.booleans(),
                ),
                max_size=5,
            )
        ),
        revisions=frozenset(draw(st.sets(competencies, max_size=3))),
        options=draw(
            st.lists(
                st.builds(
                    Option, st.integers(1, 50), competencies, st.sampled_from(["read", "watch"]), st.just("x")
                ),
                max_size=6,
            )
        ),
        today=TODAY,
    )


@settings(max_examples=400, deadline=None)
@given(states())
def test_a_recommendation_never_proposes_a_competency_with_an_unmastered_prerequisite(found_state):
    for proposed in (recommend(found_state), next_step(found_state)):
        if proposed is None:
            continue
        competency = proposed if isinstance(proposed, int) else proposed.competency
        assert competency not in found_state.mastered
        assert all(p in found_state.mastered for p in found_state.prerequisites.get(competency, ()))
        if not isinstance(proposed, int) and proposed.resource is not None:
            assert any(
                o.resource == proposed.resource and o.competency == competency for o in found_state.options
            )
