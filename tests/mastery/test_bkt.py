"""Bayesian Knowledge Tracing: tracing, fitting by EM, and held-out AUC on a real ASSISTments problem set."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from pathmaker.mastery.bkt import (
    GUESS_SLIP_CEILING,
    MASTERY_THRESHOLD,
    Params,
    Sequences,
    auc,
    cross_validate,
    fit,
    predict,
    trace,
)

ASSISTMENTS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "kt" / "assistments-G6.207.csv"
TRUE = Params(prior=0.25, learn=0.12, guess=0.2, slip=0.08)


def simulate(params: Params, students: int, length: int, seed: int) -> Sequences:
    """Responses drawn from the BKT model itself, for every student at once."""
    rng = np.random.default_rng(seed)
    known = rng.random(students) < params.prior
    columns = []
    for _ in range(length):
        chance = np.where(known, 1 - params.slip, params.guess)
        columns.append(rng.random(students) < chance)
        known |= rng.random(students) < params.learn
    student = np.repeat(np.arange(students), length)
    return Sequences.from_columns(student, np.stack(columns, axis=1).ravel())


def read_assistments() -> Sequences:
    # Columns: user_id, skill_name (one problem set, so one skill), correct (0/1); rows in response order.
    with ASSISTMENTS.open(newline="") as file:
        rows = list(csv.DictReader(file))
    return Sequences.from_columns(
        np.array([int(r["user_id"]) for r in rows]), np.array([int(r["correct"]) for r in rows])
    )


# Tracing.


def test_a_correct_response_raises_the_probability_of_mastery_and_a_wrong_one_lowers_it():
    right, wrong = trace([True], TRUE), trace([False], TRUE)
    before = TRUE.prior + (1 - TRUE.prior) * TRUE.learn  # what learning alone would give
    assert wrong.mastery < before < right.mastery


def test_the_first_prediction_comes_from_the_prior_alone():
    assert trace([True], TRUE).p_correct[0] == pytest.approx(0.25 * 0.92 + 0.75 * 0.2)


def test_a_run_of_correct_responses_reaches_mastery():
    result = trace([True] * 6, TRUE)
    assert result.mastery >= MASTERY_THRESHOLD
    assert result.next_correct == pytest.approx(result.mastery * 0.92 + (1 - result.mastery) * 0.2)


def test_tracing_many_students_at_once_matches_tracing_each_one():
    seqs = simulate(TRUE, students=30, length=7, seed=3)
    prediction = predict(seqs, TRUE)
    for row in range(30):
        one = trace(seqs.correct[row].astype(bool).tolist(), TRUE)
        np.testing.assert_allclose(prediction.p_correct[row], one.p_correct, atol=1e-12)
        np.testing.assert_allclose(prediction.p_mastery[row], one.p_mastery, atol=1e-12)


def test_sequences_keep_each_students_own_order_when_rows_are_interleaved():
    seqs = Sequences.from_columns(np.array([9, 4, 9, 4, 9]), np.array([1, 0, 0, 1, 1]))
    assert seqs.students.tolist() == [4, 9]
    assert seqs.correct.tolist() == [[0, 1, 0], [1, 0, 1]]
    assert seqs.mask.tolist() == [[True, True, False], [True, True, True]]


def test_it_refuses_a_parameter_that_is_not_a_probability():
    with pytest.raises(ValueError, match="slip must be a probability"):
        Params(prior=0.5, learn=0.1, guess=0.2, slip=1.5)


def test_params_survive_a_round_trip_through_a_dict():
    assert Params.from_dict(TRUE.as_dict()) == TRUE


# AUC.


def test_auc_is_1_when_every_correct_response_was_predicted_higher():
    assert auc(np.array([0, 0, 1, 1]), np.array([0.1, 0.2, 0.8, 0.9])) == 1.0


def test_auc_counts_ties_as_half():
    assert auc(np.array([0, 1]), np.array([0.5, 0.5])) == 0.5
    assert auc(np.array([0, 1, 0, 1]), np.array([0.2, 0.2, 0.1, 0.9])) == pytest.approx(0.875)


def test_auc_refuses_labels_of_only_one_kind():
    with pytest.raises(ValueError, match="at least one positive and one negative"):
        auc(np.array([1, 1]), np.array([0.3, 0.4]))


# Fitting.


def test_fitting_recovers_the_parameters_that_generated_the_data():
    fitted = fit(simulate(TRUE, students=3000, length=15, seed=11), seed=0)
    for name, value in TRUE.as_dict().items():
        assert getattr(fitted.params, name) == pytest.approx(value, abs=0.03), name


def test_fitting_is_deterministic_for_a_seed():
    seqs = simulate(TRUE, students=200, length=8, seed=5)
    assert fit(seqs, seed=4) == fit(seqs, seed=4)


def test_fitting_keeps_guess_and_slip_below_one_half():
    seqs = simulate(Params(prior=0.1, learn=0.05, guess=0.7, slip=0.6), students=500, length=8, seed=2)
    fitted = fit(seqs, seed=0).params
    assert fitted.guess <= GUESS_SLIP_CEILING < 0.5 and fitted.slip <= GUESS_SLIP_CEILING


@pytest.fixture(scope="module")
def assistments() -> Sequences:
    return read_assistments()


def test_the_assistments_problem_set_is_776_students_with_6_responses_each(assistments):
    assert assistments.correct.shape == (776, 6) and assistments.mask.all()


def test_held_out_auc_on_assistments_is_well_above_chance(assistments):
    result = cross_validate(assistments, folds=5, seed=0)
    figures = ", ".join(f"{a:.4f}" for a in result.fold_auc)
    print(f"\nASSISTments G6.207, 5-fold CV by student: AUC {result.auc:.4f} (folds: {figures})")
    for fitted in result.fits:
        print("  ", {name: round(value, 4) for name, value in fitted.params.as_dict().items()})
    assert result.auc > 0.65
    assert min(result.fold_auc) > 0.6
