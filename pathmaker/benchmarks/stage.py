"""One measured stage of a benchmark, in a fresh process so its peak memory is its own.

    python -m pathmaker.benchmarks.stage parse DIR
    python -m pathmaker.benchmarks.stage import DIR [--force]
    python -m pathmaker.benchmarks.stage mastery-generate DIR STUDENTS COMPETENCIES ROWS
    python -m pathmaker.benchmarks.stage mastery-floor DIR REPEATS
    python -m pathmaker.benchmarks.stage mastery-recompute DIR METHOD REPEATS
    python -m pathmaker.benchmarks.stage mastery-sql DIR sqlite|postgresql URL STUDENTS REPEATS
    python -m pathmaker.benchmarks.stage mastery-app DIR REQUESTS   (the database is DATABASE_URL's)
    python -m pathmaker.benchmarks.stage load-setup DIR TEACHERS COMPETENCIES   (DATABASE_URL's too)
    python -m pathmaker.benchmarks.stage load-check FILE
    python -m pathmaker.benchmarks.stage paths-setup|paths-rebuild|paths-pages DIR ...   (see `paths_bench`)

(The mastery stages are in `mastery_bench`; DIR is the folder of the saved history.)

Prints one JSON line: {"seconds": ..., "peak_rss_mib": ..., ...}.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main(argv: list[str]) -> None:
    stage, path = argv[0], Path(argv[1])
    if stage == "parse":
        import csv

        from pathmaker.rostering.oneroster.reader import open_upload

        started = time.perf_counter()
        rows = 0
        for _, text in open_upload(path).values():
            for _ in csv.reader(text.splitlines()):
                rows += 1
        result = {"seconds": time.perf_counter() - started, "rows": rows}
    elif stage == "import":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathmaker.settings")
        import django

        django.setup()
        from pathmaker.audit.actor import Actor
        from pathmaker.rostering.models import ImportRun
        from pathmaker.rostering.services import format_summary, roster_import

        started = time.perf_counter()
        run = roster_import(path=path, actor=Actor.system("bench"), force="--force" in argv)
        result = {"seconds": time.perf_counter() - started, "status": run.status}
        if run.status != ImportRun.Status.SUCCEEDED:
            result["summary"] = format_summary(run)
        else:
            result["changed"] = sum(
                c["created"] + c["updated"] + c["deactivated"] for c in run.summary.values()
            )
    elif stage == "case":
        result = _case(path)
    elif stage.startswith("mastery-"):
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathmaker.settings")
        import django

        django.setup()
        from pathmaker.benchmarks.mastery_bench import STAGES

        result = STAGES[stage](path, *argv[2:])
    elif stage.startswith("paths-"):
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathmaker.settings")
        import django

        django.setup()
        from pathmaker.benchmarks.paths_bench import STAGES as PATHS_STAGES

        result = PATHS_STAGES[stage](path, *argv[2:])
    elif stage.startswith("load-"):
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathmaker.settings")
        import django

        django.setup()
        from pathmaker.benchmarks.load_bench import STAGES as LOAD_STAGES

        result = LOAD_STAGES[stage](path, *argv[2:])
    else:
        raise SystemExit(f"unknown stage {stage!r}")
    result["peak_rss_mib"] = _peak_rss_mib()
    print(json.dumps(result))


def _case(path: Path) -> dict[str, object]:
    """Import a CASE package into an empty database, then time the framework tree page."""
    import statistics

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathmaker.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from pathmaker.accounts.models import User
    from pathmaker.audit.actor import Actor
    from pathmaker.frameworks.selectors import framework_tree_html
    from pathmaker.frameworks.services import case_import

    call_command("migrate", verbosity=0)
    raw = path.read_bytes()
    started = time.perf_counter()
    record = case_import(raw=raw, source_name=path.name, actor=Actor.system("bench"))
    seconds = time.perf_counter() - started
    if record.status != "succeeded":
        return {"seconds": seconds, "status": record.status, "errors": record.errors[:5]}
    framework = record.framework
    tree = []
    for _ in range(10):
        started = time.perf_counter()
        framework_tree_html(framework)
        tree.append(time.perf_counter() - started)
    client = Client()
    client.force_login(User.objects.create(username="bench-reader"))
    url = reverse("framework_detail", args=[framework.pk])
    client.get(url)
    page = []
    for _ in range(20):
        started = time.perf_counter()
        response = client.get(url)
        page.append(time.perf_counter() - started)
    assert response.status_code == 200
    return {
        "seconds": seconds,
        "status": record.status,
        "items": framework.competencies.count(),
        "associations": framework.associations.count(),
        "tree_html_ms": 1000 * statistics.median(tree),
        "tree_page_ms": 1000 * statistics.median(page),
        "page_bytes": len(response.content),
    }


if __name__ == "__main__":
    main(sys.argv[1:])
