"""Bayesian Knowledge Tracing (BKT): how likely a student is to have mastered a skill, from right/wrong practice.

Vocabulary. Practice evidence on a competency is a sequence of *responses*, each correct or incorrect,
in demonstration order. BKT assumes that at each response the student either *knows* the skill or
does not, which cannot be seen directly, and that four per-competency *parameters* connect the two:
- prior, P(L0): the chance the student knows it before the first response;
- learn, P(T): the chance an unknown skill becomes known after each response (it is never forgotten);
- guess, P(G): the chance of a correct response without knowing it;
- slip, P(S): the chance of an incorrect response while knowing it.

Tracing (`trace`, or `predict` for many students at once) goes forward through the responses. With
p the chance the skill is known before a response:
    P(correct) = p*(1 - slip) + (1 - p)*guess                       (the prediction for that response)
    after a correct one:   p' = p*(1 - slip) / P(correct)
    after an incorrect one: p' = p*slip / (1 - P(correct))
    before the next one:   p  = p' + (1 - p')*learn                  (the "probability of mastery")
A student is usually said to have mastered the skill once that probability reaches 0.95.

Fitting (`fit`) finds the parameters that make a competency's observed sequences most likely, by
expectation-maximisation (Baum-Welch): the forward pass above and a backward pass give, for every
response, the chance the skill was known then (and, between responses, that it was learnt then); the
new parameters are the corresponding expected fractions. Every student is a row of a padded matrix, so
each pass is a loop over response positions with NumPy across all students at once. Guess and slip
are kept below 0.5 (`GUESS_SLIP_CEILING`): above it the model can swap the meaning of "knows" and
"does not know" and still fit the data, which is the classic degenerate BKT solution. EM finds a local
optimum, so it starts from several random points drawn from a fixed seed and keeps the likeliest.

`cross_validate` splits students (never responses) into folds, fits on the others and scores each
held-out response's predicted P(correct) by AUC, the chance that a random correct response was given
a higher prediction than a random incorrect one (`auc`, Mann-Whitney, ties counted half).

Pure: no Django, no clock; randomness only from an explicit seed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TypedDict, Unpack

import numpy as np

MASTERY_THRESHOLD = 0.95
GUESS_SLIP_CEILING = 0.49
# Probabilities are kept off exactly 0 and 1, where the backward pass would divide by zero.
EDGE = 1e-6


@dataclass(frozen=True)
class Params:
    """One competency's BKT parameters (each a probability)."""

    prior: float
    learn: float
    guess: float
    slip: float

    def __post_init__(self) -> None:
        for name, value in self.as_dict().items():
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be a probability, not {value}")

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, float]) -> Params:
        return cls(**data)


@dataclass(frozen=True)
class Trace:
    """For each response: the predicted chance it is correct (before seeing it) and P(mastery) after it."""

    p_correct: tuple[float, ...]
    p_mastery: tuple[float, ...]
    next_correct: float  # the predicted chance that the next response is correct

    @property
    def mastery(self) -> float:
        return self.p_mastery[-1] if self.p_mastery else float("nan")


def trace(responses: Sequence[bool], params: Params) -> Trace:
    """One student's responses, oldest first, traced forward (plain Python, for a request)."""
    known = params.prior
    p_correct, p_mastery = [], []
    for correct in responses:
        chance = known * (1 - params.slip) + (1 - known) * params.guess
        p_correct.append(chance)
        if correct:
            posterior = known * (1 - params.slip) / chance
        else:
            posterior = known * params.slip / (1 - chance)
        known = posterior + (1 - posterior) * params.learn
        p_mastery.append(known)
    next_correct = known * (1 - params.slip) + (1 - known) * params.guess
    return Trace(tuple(p_correct), tuple(p_mastery), next_correct)


@dataclass(frozen=True)
class Sequences:
    """Many students' responses: one row per student, one column per response, padded on the right."""

    correct: np.ndarray  # float64 0/1, 0 in the padding
    mask: np.ndarray  # True where there is a response
    students: np.ndarray  # the student id of each row

    @classmethod
    def from_columns(cls, student: np.ndarray, correct: np.ndarray) -> Sequences:
        """From a student column and a correct column, each student's rows already in demonstration order."""
        student, correct = np.asarray(student), np.asarray(correct)
        grouped = np.argsort(student, kind="stable")  # stable: keeps each student's own order
        student, correct = student[grouped], correct[grouped]
        ids, starts, lengths = np.unique(student, return_index=True, return_counts=True)
        position = np.arange(len(student)) - np.repeat(starts, lengths)
        row = np.repeat(np.arange(len(ids)), lengths)
        matrix = np.zeros((len(ids), int(lengths.max(initial=0))))
        mask = np.zeros(matrix.shape, dtype=bool)
        matrix[row, position] = correct
        mask[row, position] = True
        return cls(correct=matrix, mask=mask, students=ids)

    @property
    def lengths(self) -> np.ndarray:
        return self.mask.sum(axis=1)

    def subset(self, rows: np.ndarray) -> Sequences:
        longest = int(self.mask[rows].sum(axis=1).max(initial=0))
        return Sequences(self.correct[rows, :longest], self.mask[rows, :longest], self.students[rows])


@dataclass(frozen=True)
class Prediction:
    """Matrices shaped like the sequences: P(correct) before each response and P(mastery) after it."""

    p_correct: np.ndarray
    p_mastery: np.ndarray


@dataclass(frozen=True)
class _Forward:
    known_before: np.ndarray  # P(known at t | responses before t)
    known_after: np.ndarray  # P(known at t | responses up to t)
    likelihood: np.ndarray  # P(response t | responses before t)


def _forward(seqs: Sequences, params: Params) -> _Forward:
    correct = seqs.correct
    if_known = np.where(correct == 1, 1 - params.slip, params.slip)
    if_unknown = np.where(correct == 1, params.guess, 1 - params.guess)
    before, after, likelihood = (np.empty(correct.shape) for _ in range(3))
    known = np.full(correct.shape[0], params.prior)
    for t in range(correct.shape[1]):  # positions, not students: each step is vectorized over students
        before[:, t] = known
        known_and_seen = known * if_known[:, t]
        likelihood[:, t] = known_and_seen + (1 - known) * if_unknown[:, t]
        after[:, t] = known_and_seen / likelihood[:, t]
        known = after[:, t] + (1 - after[:, t]) * params.learn
    return _Forward(before, after, likelihood)


def predict(seqs: Sequences, params: Params) -> Prediction:
    forward = _forward(seqs, params)
    p_correct = forward.known_before * (1 - params.slip) + (1 - forward.known_before) * params.guess
    p_mastery = forward.known_after + (1 - forward.known_after) * params.learn
    return Prediction(p_correct=p_correct, p_mastery=p_mastery)


def log_likelihood(seqs: Sequences, params: Params) -> float:
    return float(np.log(_forward(seqs, params).likelihood[seqs.mask]).sum())


def _em_step(seqs: Sequences, params: Params) -> tuple[Params, float]:
    """One Baum-Welch iteration: the re-estimated parameters, and the log-likelihood of the old ones."""
    forward = _forward(seqs, params)
    mask, correct = seqs.mask, seqs.correct
    last = seqs.lengths - 1
    steps = correct.shape[1]
    known = np.empty(correct.shape)  # P(known at t | all of the student's responses)
    learnt = np.zeros(correct.shape)  # P(unknown at t, known at t+1 | all responses)
    known[:, steps - 1] = forward.known_after[:, steps - 1]
    for t in range(steps - 2, -1, -1):
        after = forward.known_after[:, t]
        # Known at t+1 either because already known at t, or learnt just then (no forgetting).
        ratio = known[:, t + 1] / forward.known_before[:, t + 1]
        continuing = t < last
        known[:, t] = np.where(continuing, after * ratio, after)
        learnt[:, t] = np.where(continuing, (1 - after) * params.learn * ratio, 0.0)
    unknown = 1 - known
    transitions = mask[:, 1:]  # position t has a next response
    new = Params(
        prior=_inside(known[:, 0].mean(), 1 - EDGE),
        learn=_inside(learnt[:, :-1][transitions].sum() / unknown[:, :-1][transitions].sum(), 1 - EDGE),
        guess=_inside((unknown * correct)[mask].sum() / unknown[mask].sum(), GUESS_SLIP_CEILING),
        slip=_inside((known * (1 - correct))[mask].sum() / known[mask].sum(), GUESS_SLIP_CEILING),
    )
    return new, float(np.log(forward.likelihood[mask]).sum())


def _inside(value: float, ceiling: float) -> float:
    return float(min(max(value, EDGE), ceiling)) if np.isfinite(value) else EDGE


@dataclass(frozen=True)
class Fit:
    params: Params
    log_likelihood: float
    iterations: int  # of the best start


def fit(
    seqs: Sequences, *, restarts: int = 5, seed: int = 0, max_iterations: int = 200, tolerance: float = 1e-7
) -> Fit:
    """The likeliest parameters EM finds from `restarts` random starts (drawn from `seed`).

    Each start stops when the log-likelihood per response improves by less than `tolerance`.
    """
    if not seqs.mask.any():
        raise ValueError("there are no responses to fit")
    rng = np.random.default_rng(seed)
    responses = int(seqs.mask.sum())
    best: Fit | None = None
    for _ in range(restarts):
        params = Params(
            prior=rng.uniform(0.1, 0.9), learn=rng.uniform(0.05, 0.5),
            guess=rng.uniform(0.05, 0.4), slip=rng.uniform(0.05, 0.4),
        )  # fmt: skip
        previous, iterations = -np.inf, 0
        while iterations < max_iterations:
            candidate, likelihood = _em_step(seqs, params)
            iterations += 1
            if likelihood - previous < tolerance * responses:
                break  # `params` (whose likelihood this is) is the fit; `candidate` would hardly differ
            params, previous = candidate, likelihood
        result = Fit(params=params, log_likelihood=log_likelihood(seqs, params), iterations=iterations)
        if best is None or result.log_likelihood > best.log_likelihood:
            best = result
    assert best is not None
    return best


def auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve by Mann-Whitney: average ranks, so tied scores count half."""
    labels, scores = np.asarray(labels, dtype=bool), np.asarray(scores, dtype=np.float64)
    positives = int(labels.sum())
    negatives = len(labels) - positives
    if not positives or not negatives:
        raise ValueError("AUC needs at least one positive and one negative label")
    order = np.argsort(scores, kind="stable")
    ranked = scores[order]
    tie_starts = np.flatnonzero(np.concatenate(([True], ranked[1:] != ranked[:-1])))
    tie_ends = np.append(tie_starts[1:], len(ranked))
    ranks = np.empty(len(ranked))
    ranks[order] = np.repeat((tie_starts + 1 + tie_ends) / 2, tie_ends - tie_starts)  # 1-based average rank
    return float((ranks[labels].sum() - positives * (positives + 1) / 2) / (positives * negatives))


class FitOptions(TypedDict, total=False):
    """`fit`'s tuning arguments, passed through by `cross_validate`."""

    restarts: int
    max_iterations: int
    tolerance: float


@dataclass(frozen=True)
class CrossValidation:
    fold_of_student: np.ndarray  # each row's fold, so another implementation can use the same folds
    fold_auc: tuple[float, ...]
    auc: float  # over every held-out response at once
    fits: tuple[Fit, ...]


def student_folds(students: int, folds: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).permutation(students) % folds


def cross_validate(
    seqs: Sequences, *, folds: int = 5, seed: int = 0, **fit_options: Unpack[FitOptions]
) -> CrossValidation:
    """Held-out AUC with students split into `folds` (a student's responses never span two folds)."""
    fold_of_student = student_folds(len(seqs.students), folds, seed)
    labels, predictions, fold_auc, fits = [], [], [], []
    for fold in range(folds):
        train, test = seqs.subset(fold_of_student != fold), seqs.subset(fold_of_student == fold)
        fitted = fit(train, seed=seed, **fit_options)
        held_out = predict(test, fitted.params).p_correct[test.mask]
        fold_auc.append(auc(test.correct[test.mask], held_out))
        labels.append(test.correct[test.mask])
        predictions.append(held_out)
        fits.append(fitted)
    pooled = auc(np.concatenate(labels), np.concatenate(predictions))
    return CrossValidation(fold_of_student, tuple(fold_auc), pooled, tuple(fits))
