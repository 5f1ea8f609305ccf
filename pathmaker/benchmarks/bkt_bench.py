"""`pathmaker bench bkt`: our BKT against pyBKT's compiled build on a real ASSISTments problem set.

The rows are read once (user_id, correct, in response order) and the students split into folds once
(`bkt.student_folds`); both implementations use exactly those folds. Ours: for each fold, `bkt.fit` on
the other students (5 random starts) and `bkt.predict` on the held-out ones; AUC over every held-out
response at once and per fold, and the fit time (all folds together) as the median over repeats.

pyBKT runs in a separate interpreter (`pybkt_runner.py`, by default the one of the venv at
`$PATHMAKER_DATA_DIR/pybkt-venv` that `--setup-pybkt` makes), so it is never a dependency of
Pathmaker. It gets the same rows and folds, 5 random starts too, no forgetting (its default), and
predicts the same held-out responses; its AUC is computed here with the same `bkt.auc`. pyBKT's PyPI
package builds its C++ extensions only when NumPy is importable while it builds (else it silently
installs the pure-Python version, about 1,000x slower), and scikit-learn 1.8 broke it: the venv is made
with the versions pinned below, pyBKT built from source without build isolation, and checked to be
compiled. No time ratio is reported against a pure-Python pyBKT.
"""

from __future__ import annotations

import csv
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pathmaker.mastery.bkt import Sequences, auc, fit, predict, student_folds

RUNNER = Path(__file__).resolve().with_name("pybkt_runner.py")
KT_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "kt" / "assistments-G6.207.csv"
# Tested together here: scikit-learn below 1.8 (1.8 breaks pyBKT 1.4.3), pyBKT built from source.
PYBKT_PINS = ["scikit-learn==1.7.2", "numpy==2.4.6", "pandas==3.1.1", "setuptools", "wheel"]
PYBKT = "pyBKT==1.4.3"
RESTARTS = 5


def read_rows(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The user and correct columns, rows in response order (one problem set, so one skill)."""
    with path.open(newline="") as file:
        rows = list(csv.DictReader(file))
    return (
        np.array([int(r["user_id"]) for r in rows], dtype=np.int64),
        np.array([int(r["correct"]) for r in rows], dtype=np.int64),
    )


@dataclass(frozen=True)
class Folds:
    seqs: Sequences
    fold_of_student: np.ndarray  # per row of `seqs`
    fold_of_row: np.ndarray  # per input row
    folds: int


def make_folds(user: np.ndarray, correct: np.ndarray, folds: int, seed: int) -> Folds:
    seqs = Sequences.from_columns(user, correct)
    fold_of_student = student_folds(len(seqs.students), folds, seed)
    fold_of_row = fold_of_student[np.searchsorted(seqs.students, user)]
    return Folds(seqs, fold_of_student, fold_of_row, folds)


def held_out_auc(correct: np.ndarray, predictions: np.ndarray, fold_of_row: np.ndarray, folds: int) -> dict:
    return {
        "auc": auc(correct, predictions),
        "fold_auc": [auc(correct[fold_of_row == k], predictions[fold_of_row == k]) for k in range(folds)],
    }


def ours(split: Folds, *, seed: int, repeats: int) -> dict:
    """Our cross-validation on the given folds: held-out AUC (pooled and per fold), fit seconds per repeat."""
    seqs, labels, predictions, fold_auc, fit_seconds = split.seqs, [], [], [], []
    for repeat in range(repeats):
        total = 0.0
        for k in range(split.folds):
            train, test = seqs.subset(split.fold_of_student != k), seqs.subset(split.fold_of_student == k)
            started = time.perf_counter()
            fitted = fit(train, restarts=RESTARTS, seed=seed)
            total += time.perf_counter() - started
            if repeat == 0:
                held_out = predict(test, fitted.params).p_correct[test.mask]
                labels.append(test.correct[test.mask])
                predictions.append(held_out)
                fold_auc.append(auc(labels[-1], held_out))
        fit_seconds.append(total)
    return {
        "auc": auc(np.concatenate(labels), np.concatenate(predictions)),
        "fold_auc": fold_auc,
        "fit_seconds": fit_seconds,
        "fit_median": statistics.median(fit_seconds),
    }


def pybkt(
    python: str, user: np.ndarray, correct: np.ndarray, split: Folds, *, seed: int, repeats: int
) -> dict:
    """pyBKT's cross-validation on the same folds, in its own interpreter; raises RuntimeError if it fails."""
    spec = {
        "user": user.tolist(),
        "correct": correct.tolist(),
        "fold": split.fold_of_row.tolist(),
        "folds": split.folds,
        "seed": seed,
        "repeats": repeats,
        "num_fits": RESTARTS,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="pybkt-input-") as file:
        json.dump(spec, file)
        file.flush()
        try:
            out = subprocess.run([python, "-I", str(RUNNER), file.name], capture_output=True, text=True)
        except OSError as error:
            raise RuntimeError(f"could not run {python}: {error}") from error
    if out.returncode != 0:
        raise RuntimeError(f"{python} {RUNNER.name} failed:\n{out.stderr[-3000:]}")
    try:
        result = json.loads(out.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError) as error:
        raise RuntimeError(f"{python} {RUNNER.name} printed no result:\n{out.stdout[-1000:]}") from error
    predictions = np.array(result["predictions"], dtype=np.float64)
    if predictions.shape != correct.shape or not np.isfinite(predictions).all():
        raise RuntimeError("pyBKT did not predict every held-out response")
    return {
        **result,
        **held_out_auc(correct, predictions, split.fold_of_row, split.folds),
        "fit_median": statistics.median(result["fit_seconds"]),
    }


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def setup_pybkt(venv: Path, log) -> dict:
    """Make the venv and build pyBKT's C++ extensions in it; returns the runner's check (raises if not compiled)."""
    if not venv_python(venv).exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv_python(venv)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    log(f"installing {' '.join(PYBKT_PINS)} into {venv}")
    subprocess.run([*pip, *PYBKT_PINS], check=True)
    log(f"building {PYBKT} from source (no build isolation, so that its C++ extensions see NumPy)")
    subprocess.run(
        [
            *pip,
            "--force-reinstall",
            "--no-deps",
            "--no-cache-dir",
            "--no-build-isolation",
            "--no-binary",
            "pyBKT",
            PYBKT,
        ],
        check=True,
    )
    subprocess.run([*pip, PYBKT], check=True)  # its remaining dependencies (requests)
    out = subprocess.run(
        [str(venv_python(venv)), "-I", str(RUNNER), "--check"], capture_output=True, text=True, check=True
    )
    check = json.loads(out.stdout.strip().splitlines()[-1])
    if not check["compiled"]:
        raise RuntimeError(f"pyBKT installed as its pure-Python build ({check['module']}); is g++ installed?")
    return check
