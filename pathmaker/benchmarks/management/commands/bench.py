"""`pathmaker bench import|case|mastery|bkt`: the benchmarks of the foundation, frameworks and mastery issues.

Each figure is printed on its own line as `name: value unit`. Every stage runs in a fresh process
(its own peak memory); the parse-only time is measured in the same run as the baseline for ratios.
`bench mastery` times the full recompute of every method against the floor (one sort and one pass
over the scores) and against the same levels as SQL window functions; `mastery_bench` has the details.
`bench bkt` compares our BKT's held-out AUC and fit time with pyBKT's compiled build, run in its own
interpreter on the same student folds; `bkt_bench` has the details.
`bench load` posts evidence through the JSON API to the real server on PostgreSQL, one client and then
40 at once, and checks that no write was lost, doubled or left a stale level; `load_bench` has the details.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pathmaker.demo.district import generate_district, mutate_district

PASSWORD = "bench-password-2026"
MASTERY_APP_FIGURES = [  # (figure, key in the stage's result, unit)
    ("evidence.rows", "evidence_rows", "rows"),
    ("sections", "sections", "sections"),
    ("enrollments", "enrollments", "enrollments"),
    ("district.seconds", "district", "s"),
    ("evidence.load.seconds", "evidence", "s"),
    ("summaries.rows", "summaries_rows", "rows"),
    ("summaries.load.seconds", "summaries", "s"),
    ("indexes.seconds", "indexes", "s"),
]


class Command(BaseCommand):
    help = "Run a benchmark and print `name: value unit` figures. Targets: import, case, mastery, bkt, load, paths, flex, reports"

    def add_arguments(self, parser):
        parser.add_argument(
            "target", choices=["import", "case", "mastery", "bkt", "load", "paths", "flex", "reports"]
        )
        parser.add_argument("--items", type=int, default=3000, help="case: items in the scaled package")
        parser.add_argument("--associations", type=int, default=15000, help="case: associations in it")
        parser.add_argument(
            "--source",
            type=Path,
            default=Path("../shared/data/case/smarter-balanced-hs-math.json"),
            help="case: the real package to scale (the demo's sample state package if missing)",
        )
        parser.add_argument("--students", type=int, default=None, help="default: 42,000 (load: 2,000)")
        parser.add_argument("--competencies", type=int, default=300, help="mastery: competencies")
        parser.add_argument(
            "--rows", "--evidence", type=int, default=40_000_000, dest="rows", help="mastery: evidence rows"
        )
        parser.add_argument(
            "--repeats", type=int, default=5, help="mastery: runs of each recompute and floor (median)"
        )
        parser.add_argument(
            "--sql-students",
            type=int,
            default=None,
            help="mastery: only the first N students in the SQL baseline (default: all)",
        )
        parser.add_argument("--schools", type=int, default=None, help="default: 50 (load: 4)")
        parser.add_argument(
            "--postgres",
            default=os.environ.get("PATHMAKER_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"),
            help="a PostgreSQL server URL; a scratch database pathmaker_bench is made on it "
            "(pathmaker_bench_mastery for mastery)",
        )
        parser.add_argument("--skip-postgres", action="store_true")
        parser.add_argument(
            "--requests",
            type=int,
            default=20,
            help="home-page requests per persona; mastery: recordings and gradebook requests",
        )
        parser.add_argument(
            "--kt-data",
            type=Path,
            default=None,
            help="bkt: the ASSISTments problem set (default: shared/data/kt/assistments-G6.207.csv)",
        )
        parser.add_argument("--folds", type=int, default=5, help="bkt: cross-validation folds (by student)")
        parser.add_argument(
            "--seed", type=int, default=0, help="bkt: the seed of the folds and the random starts"
        )
        parser.add_argument(
            "--pybkt-python",
            default=None,
            help="bkt: a Python with pyBKT installed (default: $PATHMAKER_DATA_DIR/pybkt-venv's)",
        )
        parser.add_argument(
            "--setup-pybkt",
            action="store_true",
            help="bkt: first make $PATHMAKER_DATA_DIR/pybkt-venv with a compiled pyBKT",
        )
        parser.add_argument(
            "--database-url",
            default=None,
            help="load: the PostgreSQL database to fill and serve (default: DATABASE_URL when it "
            "is PostgreSQL, else a scratch database pathmaker_bench_load on --postgres)",
        )
        parser.add_argument("--clients", type=int, default=40, help="load: concurrent clients")
        parser.add_argument(
            "--writes", type=int, default=6000, help="load: most writes of the concurrent run"
        )
        parser.add_argument("--seconds", type=float, default=30.0, help="load: longest concurrent run")
        parser.add_argument(
            "--single-writes", type=int, default=400, help="load: most writes of the single client"
        )
        parser.add_argument(
            "--single-seconds", type=float, default=10.0, help="load: longest single-client run"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="load: server processes (default: serve's, the number of cores)",
        )
        parser.add_argument("--threads", type=int, default=None, help="load: threads per server process")

    def figure(self, name: str, value: float | int | str, unit: str) -> None:
        text = f"{value:.3f}" if isinstance(value, float) else str(value)
        self.stdout.write(f"{name}: {text} {unit}".rstrip())
        self.stdout.flush()

    def target(
        self,
        name: str,
        value: float,
        unit: str,
        *,
        at_most: float | None = None,
        at_least: float | None = None,
    ) -> None:
        """A figure the issue sets a target for, kept for the summary printed at the end."""
        bound, met = (
            (f"at most {at_most:g}", value <= at_most)
            if at_most is not None
            else (f"at least {at_least:g}", value >= (at_least or 0.0))
        )
        self.targets.append(f"target.{name}: {value:.3f} {unit} ({bound}: {'met' if met else 'MISSED'})")

    def handle(self, *args, target, students, schools, postgres, skip_postgres, requests, **options):
        if target == "flex":  # flex_bench has the school, the solves and the figures
            from pathmaker.benchmarks.flex_bench import run as flex_run

            flex_run(self.stdout.write)
            return
        if target == "reports":  # reports_bench has the synthetic district, the tables and the figures
            from pathmaker.benchmarks.reports_bench import run as reports_run

            reports_run(self.figure, schools=schools or 50, competencies=options["competencies"])
            return
        if target == "bkt":
            self.bkt(options)
            return
        if target == "load":
            self.load(students or 2000, schools or 4, postgres, options)
            return
        students, schools = students or 42000, schools or 50
        work = Path(tempfile.mkdtemp(prefix="pathmaker-bench-"))
        if target == "paths":  # paths_bench has the stages and the figures
            from pathmaker.benchmarks.paths_bench import run

            try:
                run(self, work, students, options, requests=requests)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            return
        if target == "mastery":
            try:
                self.mastery(
                    work, students, options, requests=requests, postgres=None if skip_postgres else postgres
                )
            finally:
                shutil.rmtree(work, ignore_errors=True)  # tens of gigabytes of databases at full size
            return
        if target == "case":
            self.case(work, options["source"], options["items"], options["associations"])
            return
        started = time.perf_counter()
        district = generate_district(work / "full", students=students, schools=schools)
        self.figure("generate.seconds", time.perf_counter() - started, "s")
        for name, count in sorted(district.counts.items()):
            self.figure(f"rows.{name.removesuffix('.csv')}", count, "rows")
        changes = mutate_district(work / "full", work / "changed", share=0.02)
        self.figure("changed.rows", sum(changes.values()), "rows")
        parse = self.stage({}, "parse", work / "full")
        self.figure("parse.seconds", parse["seconds"], "s")
        databases = {"sqlite": f"sqlite:///{work / 'bench.sqlite3'}"}
        if not skip_postgres:
            databases["postgresql"] = self.scratch_postgres(postgres)
        for label, url in databases.items():
            env = {
                "DATABASE_URL": url,
                "PATHMAKER_DATA_DIR": str(work / f"data-{label}"),
                "PATHMAKER_CACHE_URL": "locmem",
                "PATHMAKER_QUEUE_URL": "immediate",
            }
            self.run_command(env, "migrate", "-v0")
            for step, path in (
                ("first", work / "full"),
                ("reimport", work / "full"),
                ("changed", work / "changed"),
            ):
                result = self.stage(env, "import", path)
                if result["status"] != "succeeded":
                    raise CommandError(f"{label} {step} import failed:\n{result.get('summary')}")
                self.figure(f"import.{label}.{step}.seconds", result["seconds"], "s")
                self.figure(
                    f"import.{label}.{step}.ratio_to_parse", result["seconds"] / parse["seconds"], "x"
                )
                self.figure(f"import.{label}.{step}.peak_rss", result["peak_rss_mib"], "MiB")
                self.figure(f"import.{label}.{step}.rows_written", result["changed"], "rows")
            self.home_pages(label, env, district, requests)

    def mastery(
        self, work: Path, students: int, options: dict, *, postgres: str | None, requests: int
    ) -> None:
        started = time.perf_counter()
        self.targets: list[str] = []
        history, repeats = work / "history", options["repeats"]
        made = self.stage({}, "mastery-generate", history, students, options["competencies"], options["rows"])
        self.figure("history.generate.seconds", made["seconds"], "s")
        for name, unit in (
            ("rows", "rows"),
            ("keys", "student-competencies"),
            ("students", "students"),
            ("competencies", "competencies"),
            ("keys_with_1_to_3", "student-competencies"),
            ("keys_with_30_or_more", "student-competencies"),
            ("most_per_key", "scores"),
            ("bytes", "bytes"),
        ):
            self.figure(f"history.{name}", made[name], unit)
        recompute = self.mastery_recompute(history, repeats)
        baselines = {"sqlite": f"sqlite:///{work / 'baseline.sqlite3'}"}
        if postgres:
            baselines["postgresql"] = self.scratch_postgres(postgres, "pathmaker_bench_mastery")
        for label, url in baselines.items():
            sql_students = min(options["sql_students"] or students, students)
            self.mastery_sql(
                label, self.stage({}, "mastery-sql", history, label, url, sql_students, repeats), recompute
            )
        (work / "baseline.sqlite3").unlink(missing_ok=True)
        apps = {"sqlite": f"sqlite:///{work / 'app.sqlite3'}"}
        if postgres:
            apps["postgresql"] = self.scratch_postgres(postgres, "pathmaker_bench_mastery")  # fresh again
        for label, url in apps.items():
            env = {
                "DATABASE_URL": url,
                "PATHMAKER_DATA_DIR": str(work / f"data-{label}"),
                "PATHMAKER_CACHE_URL": "locmem",
                "PATHMAKER_QUEUE_URL": "immediate",
            }
            self.mastery_app(label, self.stage(env, "mastery-app", history, requests))
            (work / "app.sqlite3").unlink(missing_ok=True)
        if postgres:
            self.drop_postgres(postgres, "pathmaker_bench_mastery")
        self.figure("total.seconds", time.perf_counter() - started, "s")
        for line in self.targets:  # the targets, together at the end
            self.stdout.write(line)

    def mastery_recompute(self, history: Path, repeats: int) -> dict[str, dict]:
        """The floor, then each method's full recompute (sort + levels), each in a fresh process."""
        from pathmaker.mastery.engine import Method

        floor = self.stage({}, "mastery-floor", history, repeats)
        for name in ("lexsort", "argsort", "sort_packed"):
            self.figure(f"floor.{name}.median", floor[name], "s")
        floor_seconds = min(floor["lexsort"], floor["argsort"], floor["sort_packed"])  # the fastest way
        self.figure("floor.median", floor_seconds, "s")
        self.figure("floor.peak_rss", floor["peak_rss_mib"], "MiB")
        recompute = {}
        for method in Method:
            result = recompute[method] = self.stage({}, "mastery-recompute", history, method, repeats)
            self.figure(f"recompute.{method}.median", result["median"], "s")
            self.figure(f"recompute.{method}.sorts", result["sorts"], "yes-1-no-0")
            if result["sorts"]:
                self.figure(f"recompute.{method}.sort.median", result["sort"], "s")
                self.figure(f"recompute.{method}.levels.median", result["levels"], "s")
            else:
                self.figure(f"recompute.{method}.sort_then_levels.median", result["sort_then_levels"], "s")
                self.figure(
                    f"recompute.{method}.sort_then_levels.ratio_to_floor",
                    result["sort_then_levels"] / floor_seconds,
                    "x",
                )
            self.figure(f"recompute.{method}.scores_packed", result["packed"], "yes-1-no-0")
            self.figure(f"recompute.{method}.ratio_to_floor", result["median"] / floor_seconds, "x")
            self.figure(f"recompute.{method}.peak_rss", result["peak_rss_mib"], "MiB")
            self.target(
                f"recompute.{method}.ratio_to_floor", result["median"] / floor_seconds, "x", at_most=5
            )
            self.target(f"recompute.{method}.peak_rss", result["peak_rss_mib"], "MiB", at_most=4096)
        return recompute

    def mastery_sql(self, label: str, result: dict, recompute: dict[str, dict]) -> None:
        """The SQL baseline's figures, each method beside the vectorized time on the same rows."""
        from pathmaker.benchmarks.mastery_bench import BASELINE_METHODS

        self.figure(f"sql.{label}.rows", result["rows"], "rows")
        self.figure(f"sql.{label}.students", result["students"], "students")
        self.figure(f"sql.{label}.load.seconds", result["load"], "s")
        self.figure(f"sql.{label}.analyze.seconds", result["analyze"], "s")
        for method in BASELINE_METHODS:
            found = result[method]
            vectorized = found.get("vectorized", recompute[method]["median"])  # there only for a subset
            self.figure(f"sql.{label}.{method}.seconds", found["seconds"], "s")
            if "vectorized" in found:
                self.figure(f"sql.{label}.{method}.vectorized_same_rows.median", vectorized, "s")
            self.figure(f"sql.{label}.{method}.vectorized_to_sql", vectorized / found["seconds"], "x")
            self.figure(f"sql.{label}.{method}.speedup", found["seconds"] / vectorized, "x")
            self.target(f"sql.{label}.{method}.speedup", found["seconds"] / vectorized, "x", at_least=10)
            self.figure(f"sql.{label}.{method}.largest_difference", f"{found['difference']:.1e}", "points")

    def mastery_app(self, label: str, result: dict) -> None:
        for name, key, unit in MASTERY_APP_FIGURES:
            self.figure(f"app.{label}.{name}", result[key], unit)
        record, book = result["record_and_read"], result["gradebook"]
        self.figure(f"record_and_read.{label}.history", record["history"], "scores")
        self.figure(f"record_and_read.{label}.median", record["median_ms"], "ms")
        self.target(f"record_and_read.{label}.median", record["median_ms"], "ms", at_most=20)
        for name, unit in (
            ("students", "students"),
            ("competencies", "competencies"),
            ("summaries", "summaries"),
            ("bytes", "bytes"),
            ("median_ms", "ms"),
        ):
            self.figure(f"gradebook.{label}.{name.removesuffix('_ms')}", book[name], unit)
        self.target(f"gradebook.{label}.median", book["median_ms"], "ms", at_most=150)

    def load(self, students: int, schools: int, postgres: str, options: dict) -> None:
        """Build (or reuse) a district on PostgreSQL, serve it, and post evidence at it; see load_bench."""
        self.targets = []
        work = Path(tempfile.mkdtemp(prefix="pathmaker-bench-load-"))
        url = options["database_url"] or os.environ.get("DATABASE_URL", "")
        scratch = not url.startswith(("postgres://", "postgresql://"))
        url = self.scratch_postgres(postgres, "pathmaker_bench_load") if scratch else self.database_made(url)
        # Connections kept for the whole run, so every backend's CPU is still there to be read at the end.
        env = {
            "DATABASE_URL": url,
            "PATHMAKER_DATA_DIR": str(work / "data"),
            "PATHMAKER_CACHE_URL": "file",
            "PATHMAKER_QUEUE_URL": "sqlite",
            "PATHMAKER_DB_CONN_MAX_AGE": os.environ.get("PATHMAKER_DB_CONN_MAX_AGE", "600"),
        }
        try:
            self.run_command(env, "migrate", "-v0")
            generate_district(work / "district", students=students, schools=schools)
            made = self.stage(env, "load-setup", work / "district", options["clients"], 8)
            self.figure("load.district.students", made["students"], "students")
            self.figure("load.district.import.seconds", made["seconds"], "s")
            self.figure("load.write.round_trips", made["round_trips"], "statements")
            self.figure("load.write.round_trips.warm", made["round_trips_warm"], "statements")
            self.load_runs(env, work, made, options)
        finally:
            if scratch:
                self.drop_postgres(postgres, "pathmaker_bench_load")
            shutil.rmtree(work, ignore_errors=True)

    def load_runs(self, env: dict[str, str], work: Path, made: dict, options: dict) -> None:
        from pathmaker.benchmarks import load_bench
        from pathmaker.portal.serve import default_workers

        clients = [load_bench.Client(c["token"], [tuple(p) for p in c["pairs"]]) for c in made["clients"]]
        workers = options["workers"] or default_workers(postgres=True)
        self.figure("load.server.workers", workers, "processes")
        port, outcomes, run_id = self.free_port(), [], f"{time.time_ns():x}"
        server_args = ["--workers", str(workers)] + (
            ["--threads", str(options["threads"])] if options["threads"] else []
        )
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pathmaker",
                "serve",
                "--no-worker",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                *server_args,
            ],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            self.wait_for(f"http://127.0.0.1:{port}")
            runs = [
                ("warmup", options["clients"], 2 * options["clients"], 30.0),
                ("single", 1, options["single_writes"], options["single_seconds"]),
                ("concurrent", options["clients"], options["writes"], options["seconds"]),
            ]
            for label, count, writes, seconds in runs:
                plan = load_bench.Plan(
                    clients=count,
                    requests=writes,
                    seconds=seconds,
                    competencies=made["competencies"],
                    label=label,
                    run_id=run_id,
                )
                backends = self.database_backends(env["DATABASE_URL"])
                pids = load_bench.process_tree(server.pid) | backends
                before, client_before = load_bench.cpu_seconds(pids), time.process_time()
                outcome = load_bench.run(ports=[port], clients=clients, plan=plan)
                client_cpu = time.process_time() - client_before
                outcomes.append(outcome)
                if label != "warmup":
                    self.load_figures(label, count, outcome)
                    self.load_cpu(label, env, server.pid, before, client_cpu, len(outcome.acknowledged))
                    # Connections are kept (CONN_MAX_AGE): one per server thread, none opened during a run.
                    after = self.database_backends(env["DATABASE_URL"])
                    self.figure(f"load.{label}.database_connections", len(after), "connections")
                    self.figure(f"load.{label}.new_connections", len(after - backends), "connections")
        finally:
            server.terminate()
            server.wait(timeout=30)
        self.load_check(env, work, outcomes, run_id)

    def load_figures(self, label: str, clients: int, outcome) -> None:
        self.figure(f"load.{label}.clients", clients, "clients")
        self.figure(f"load.{label}.writes", len(outcome.acknowledged), "writes")
        self.figure(f"load.{label}.failed", sum(outcome.failures.values()), "requests")
        for status, count in sorted(outcome.failures.items()):
            self.figure(f"load.{label}.failed.{status.lower()}", count, "requests")
        self.figure(f"load.{label}.seconds", outcome.seconds, "s")
        self.figure(f"load.{label}.rate", outcome.writes_per_second, "writes/s")
        self.figure(f"load.{label}.p50", outcome.percentile_ms(0.50), "ms")
        self.figure(f"load.{label}.p95", outcome.percentile_ms(0.95), "ms")
        if label == "concurrent":
            self.target("load.concurrent.rate", outcome.writes_per_second, "writes/s", at_least=150)
            self.target("load.concurrent.p95", outcome.percentile_ms(0.95), "ms", at_most=250)

    def load_cpu(
        self,
        label: str,
        env: dict[str, str],
        server: int,
        before: dict[int, float],
        client_cpu: float,
        writes: int,
    ) -> None:
        """CPU milliseconds per write in the web processes, in PostgreSQL's backends and in this load
        generator: on a shared 2-core machine, the cost of a write even when the wall clock is crowded."""
        from pathmaker.benchmarks import load_bench

        web = load_bench.process_tree(server)
        after = load_bench.cpu_seconds(web | self.database_backends(env["DATABASE_URL"]))
        web_cpu = load_bench.cpu_used(
            {p: before.get(p, 0.0) for p in web}, {p: after[p] for p in web if p in after}
        )
        db_cpu = load_bench.cpu_used(before, {p: s for p, s in after.items() if p not in web})
        for name, seconds in (("web", web_cpu), ("database", db_cpu), ("client", client_cpu)):
            self.figure(f"load.{label}.cpu_per_write.{name}", 1000 * seconds / max(writes, 1), "ms")
        self.figure(f"load.{label}.load_average", os.getloadavg()[0], "runnable")

    @staticmethod
    def database_backends(url: str) -> set[int]:
        import psycopg

        with psycopg.connect(url) as conn:
            return {
                pid
                for (pid,) in conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            }

    def load_check(self, env: dict[str, str], work: Path, outcomes: list, run_id: str) -> None:
        told = work / "told.json"
        told.write_text(
            json.dumps(
                {
                    "run_id": run_id,
                    "acknowledged": {k: v for o in outcomes for k, v in o.acknowledged.items()},
                    "sent": [m for o in outcomes for m in o.sent],
                }
            )
        )
        found = self.stage(env, "load-check", told)
        for name, unit in (
            ("acknowledged", "writes"),
            ("stored", "writes"),
            ("lost", "writes"),
            ("doubled", "writes"),
            ("unsent", "writes"),
            ("unacknowledged_stored", "writes"),
            ("pairs", "student-competencies"),
            ("stale", "student-competencies"),
        ):
            self.figure(f"load.check.{name}", found[name], unit)
        for name in ("lost", "doubled", "stale"):
            self.target(
                f"load.check.{name}", float(found[name]), "writes" if name != "stale" else "pairs", at_most=0
            )
        for line in self.targets:
            self.stdout.write(line)

    @staticmethod
    def free_port() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    def database_made(self, url: str) -> str:
        """The database of `url`, created on its server when it does not exist yet."""
        import psycopg

        server, name = url.rsplit("/", 1)
        name = name.split("?", 1)[0]
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
                conn.execute(f'CREATE DATABASE "{name}"')
        return url

    def bkt(self, options: dict) -> None:
        from django.conf import settings

        from pathmaker.benchmarks import bkt_bench

        folds, seed, repeats = options["folds"], options["seed"], options["repeats"]
        venv = Path(settings.DATA_DIR) / "pybkt-venv"
        if options["setup_pybkt"]:
            try:
                check = bkt_bench.setup_pybkt(venv, lambda line: self.stderr.write(line))
            except (subprocess.CalledProcessError, RuntimeError) as error:
                raise CommandError(f"could not set up pyBKT in {venv}: {error}") from error
            self.figure("bkt.pybkt.setup", f"{venv} compiled={check['compiled']}", "")
        path = options["kt_data"] or bkt_bench.KT_DATA
        user, correct = bkt_bench.read_rows(path)
        split = bkt_bench.make_folds(user, correct, folds, seed)
        self.figure("bkt.data", str(path), "")
        self.figure("bkt.responses", len(correct), "responses")
        self.figure("bkt.students", len(split.seqs.students), "students")
        self.figure("bkt.folds", folds, "folds (by student)")
        self.figure("bkt.repeats", repeats, "repeats")
        ours = bkt_bench.ours(split, seed=seed, repeats=repeats)
        self.bkt_figures("pathmaker", ours)
        python = options["pybkt_python"] or (
            str(bkt_bench.venv_python(venv)) if bkt_bench.venv_python(venv).exists() else None
        )
        if python is None:
            self.stdout.write(
                f"bkt.pybkt: skipped (no pyBKT interpreter: pass --pybkt-python, or --setup-pybkt "
                f"to make {venv})"
            )
            return
        try:
            theirs = bkt_bench.pybkt(python, user, correct, split, seed=seed, repeats=repeats)
        except RuntimeError as error:
            self.stdout.write(f"bkt.pybkt: skipped ({' '.join(str(error).split())[:500]})")
            return
        self.figure("bkt.pybkt.python", python, "")
        self.figure("bkt.pybkt.versions", " ".join(f"{k}={v}" for k, v in theirs["versions"].items()), "")
        self.figure("bkt.pybkt.compiled", int(theirs["compiled"]), "yes-1-no-0")
        self.bkt_figures("pybkt", theirs)
        difference = abs(ours["auc"] - theirs["auc"])
        self.figure("bkt.auc_difference", f"{difference:.4f}", "AUC")
        for k, (a, b) in enumerate(zip(ours["fold_auc"], theirs["fold_auc"], strict=True)):
            self.figure(f"bkt.fold{k}.auc_difference", f"{abs(a - b):.4f}", "AUC")
        if theirs["compiled"]:
            self.figure("bkt.fit_time_ratio", ours["fit_median"] / theirs["fit_median"], "x (ours / pyBKT)")
        else:
            self.stdout.write(
                f"bkt.fit_time_ratio: not reported (pyBKT is its pure-Python build, "
                f"{theirs['module']}; run --setup-pybkt for the compiled one)"
            )
        met = "met" if difference <= 0.01 else "MISSED"
        self.stdout.write(f"target.bkt.auc_difference: {difference:.4f} AUC (at most 0.01: {met})")

    def bkt_figures(self, label: str, result: dict) -> None:
        self.figure(f"bkt.{label}.auc", f"{result['auc']:.4f}", "AUC (pooled held-out responses)")
        for k, value in enumerate(result["fold_auc"]):
            self.figure(f"bkt.{label}.fold{k}.auc", f"{value:.4f}", "AUC")
        self.figure(f"bkt.{label}.fit.median", result["fit_median"] * 1000, "ms (all folds)")
        self.figure(f"bkt.{label}.fit.min", min(result["fit_seconds"]) * 1000, "ms (all folds)")

    def case(self, work: Path, source: Path, items: int, associations: int) -> None:
        from pathmaker.benchmarks.case_package import scale_package
        from pathmaker.demo.frameworks import state_math_package

        real = json.loads(source.read_text()) if source.is_file() else state_math_package()
        self.figure("case.source", str(source) if source.is_file() else "demo state package", "")
        package = work / "scaled-case.json"
        package.write_text(json.dumps(scale_package(real, items=items, associations=associations)))
        raw = package.read_bytes()
        parse = []
        for _ in range(5):
            started = time.perf_counter()
            json.loads(raw)
            parse.append(time.perf_counter() - started)
        parse_seconds = statistics.median(parse)
        self.figure("case.package_bytes", len(raw), "bytes")
        self.figure("case.parse_json.median", parse_seconds, "s")
        env = {
            "DATABASE_URL": f"sqlite:///{work / 'case.sqlite3'}",
            "PATHMAKER_DATA_DIR": str(work / "data"),
            "PATHMAKER_CACHE_URL": "locmem",
            "PATHMAKER_QUEUE_URL": "immediate",
        }
        result = self.stage(env, "case", package)
        if result["status"] != "succeeded":
            raise CommandError(f"the scaled package was refused: {result.get('errors')}")
        self.figure("case.sqlite.items", result["items"], "items")
        self.figure("case.sqlite.associations", result["associations"], "associations")
        self.figure("case.sqlite.import.seconds", result["seconds"], "s")
        self.figure("case.sqlite.import.ratio_to_parse", result["seconds"] / parse_seconds, "x")
        self.figure("case.sqlite.import.peak_rss", result["peak_rss_mib"], "MiB")
        self.figure("case.sqlite.tree_html.median", result["tree_html_ms"], "ms")
        self.figure("case.sqlite.tree_page.median", result["tree_page_ms"], "ms")
        self.figure("case.sqlite.tree_page.bytes", result["page_bytes"], "bytes")

    def stage(self, env: dict[str, str], *argv: object) -> dict:
        out = subprocess.run(
            [sys.executable, "-m", "pathmaker.benchmarks.stage", *map(str, argv)],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            raise CommandError(f"stage {argv[0]} failed:\n{out.stderr[-4000:]}")
        return json.loads(out.stdout.strip().splitlines()[-1])

    def run_command(self, env: dict[str, str], *argv: str, stdin: str | None = None) -> None:
        subprocess.run(
            [sys.executable, "-m", "pathmaker", *argv],
            env={**os.environ, **env},
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
        )

    def scratch_postgres(self, server_url: str, name: str = "pathmaker_bench") -> str:
        import psycopg

        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
        return server_url.rsplit("/", 1)[0] + f"/{name}"

    def drop_postgres(self, server_url: str, name: str) -> None:
        import psycopg

        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def home_pages(self, label: str, env: dict[str, str], district, requests: int) -> None:
        personas = {"teacher": district.teacher, "leader": next(iter(district.principals.values()))}
        for username in personas.values():
            self.run_command(env, "set-password", username, "--password-stdin", stdin=PASSWORD + "\n")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pathmaker",
                "serve",
                "--no-worker",
                "--port",
                str(port),
                "--threads",
                "4",
            ],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            self.wait_for(base)
            for persona, username in personas.items():
                opener = self.logged_in(base, username)
                for _ in range(3):  # warm-up: connections, template caches
                    opener.open(f"{base}/").read()
                times = []
                for _ in range(requests):
                    started = time.perf_counter()
                    body = opener.open(f"{base}/").read()
                    times.append((time.perf_counter() - started) * 1000)
                assert b"Welcome" in body
                self.figure(f"home.{label}.{persona}.median", statistics.median(times), "ms")
        finally:
            server.terminate()
            server.wait(timeout=20)

    @staticmethod
    def wait_for(base: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        raise CommandError("the benchmark server did not start")

    @staticmethod
    def logged_in(base: str, username: str) -> urllib.request.OpenerDirector:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{base}/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(f"{base}/login/", data=data, headers={"Referer": f"{base}/login/"})
        opener.open(request).read()
        return opener
