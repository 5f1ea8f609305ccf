"""pyBKT's side of `pathmaker bench bkt`, run by the pyBKT venv's own interpreter (never imported by Pathmaker).

Usage: `python -I pybkt_runner.py INPUT.json` where the input holds the rows (`user`, `correct`, in
response order), each row's `fold`, `folds`, `seed`, `repeats` and `num_fits`. For each fold, pyBKT's
`Model` is fitted on the other folds' students and predicts the held-out rows; every fit is timed.
Prints one JSON line: each row's held-out prediction, the fit seconds of each repeat (the sum over the
folds), and whether pyBKT's compiled build is in use (`pyBKT.fit.E_step` is a C++ extension module there,
a .py file in the pure-Python build). Standard library, NumPy, pandas and pyBKT only: no Django, no Pathmaker.
"""

from __future__ import annotations

import json
import sys
import time
from importlib import metadata


def compiled_build() -> tuple[bool, str]:
    from pyBKT.fit import E_step

    where = getattr(E_step, "__file__", "") or ""
    return where.endswith((".so", ".pyd")), where


def versions() -> dict[str, str]:
    found = {}
    for name in ("pyBKT", "numpy", "pandas", "scikit-learn"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "missing"
    return found


def run(spec: dict) -> dict:
    import numpy as np
    import pandas as pd
    from pyBKT.models import Model

    compiled, module = compiled_build()
    rows = len(spec["user"])
    frame = pd.DataFrame({
        "row": np.arange(rows), "order_id": np.arange(rows), "user_id": spec["user"],
        "skill_name": "skill", "correct": spec["correct"],
    })  # fmt: skip
    fold = np.asarray(spec["fold"])
    predictions = np.full(rows, np.nan)
    # The pure-Python build is about 1,000x slower: one repeat is enough to see its AUC.
    repeats = spec["repeats"] if compiled else 1
    fit_seconds = []
    for repeat in range(repeats):
        total = 0.0
        for k in range(spec["folds"]):
            train, test = frame[fold != k].copy(), frame[fold == k].copy()
            model = Model(seed=spec["seed"], num_fits=spec["num_fits"], parallel=False)
            started = time.perf_counter()
            model.fit(data=train)
            total += time.perf_counter() - started
            if repeat == 0:
                predicted = model.predict(data=test)  # may come back in another order: matched by `row`
                predictions[predicted["row"].to_numpy()] = predicted["correct_predictions"].to_numpy()
        fit_seconds.append(total)
    return {
        "compiled": compiled,
        "module": module,
        "versions": versions(),
        "fit_seconds": fit_seconds,
        "predictions": predictions.tolist(),
    }


def main(argv: list[str]) -> int:
    if argv[1:] == ["--check"]:
        compiled, module = compiled_build()
        print(json.dumps({"compiled": compiled, "module": module, "versions": versions()}))
        return 0
    with open(argv[1]) as file:
        spec = json.load(file)
    print(json.dumps(run(spec)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
