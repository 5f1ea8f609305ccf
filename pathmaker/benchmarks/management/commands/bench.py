"""`pathmaker bench import`: the roster-import and home-page benchmark of the foundation issue.

Each figure is printed on its own line as `name: value unit`. Every stage runs in a fresh process
(its own peak memory); the parse-only time is measured in the same run as the baseline for ratios.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
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

from pathmaker.rostering.oneroster.generate import generate_district, mutate_district

PASSWORD = "bench-password-2026"


class Command(BaseCommand):
    help = "Run a benchmark and print `name: value unit` figures. Targets: import, case"

    def add_arguments(self, parser):
        parser.add_argument("target", choices=["import", "case"])
        parser.add_argument("--items", type=int, default=3000, help="case: items in the scaled package")
        parser.add_argument("--associations", type=int, default=15000, help="case: associations in it")
        parser.add_argument("--source", type=Path, default=Path("../shared/data/case/smarter-balanced-hs-math.json"),
                            help="case: the real package to scale (the demo's sample state package if missing)")
        parser.add_argument("--students", type=int, default=42000)
        parser.add_argument("--schools", type=int, default=50)
        parser.add_argument("--postgres", default=os.environ.get("PATHMAKER_BENCH_POSTGRES",
                                                                 "postgres://postgres@127.0.0.1:5432/postgres"),
                            help="a PostgreSQL server URL; a scratch database pathmaker_bench is made on it")
        parser.add_argument("--skip-postgres", action="store_true")
        parser.add_argument("--requests", type=int, default=20, help="home-page requests per persona")

    def figure(self, name: str, value: float | int | str, unit: str) -> None:
        text = f"{value:.3f}" if isinstance(value, float) else str(value)
        self.stdout.write(f"{name}: {text} {unit}".rstrip())
        self.stdout.flush()

    def handle(self, *args, target, students, schools, postgres, skip_postgres, requests, **options):
        work = Path(tempfile.mkdtemp(prefix="pathmaker-bench-"))
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
            env = {"DATABASE_URL": url, "PATHMAKER_DATA_DIR": str(work / f"data-{label}"),
                   "PATHMAKER_CACHE_URL": "locmem", "PATHMAKER_QUEUE_URL": "immediate"}
            self.run_command(env, "migrate", "-v0")
            for step, path in (("first", work / "full"), ("reimport", work / "full"), ("changed", work / "changed")):
                result = self.stage(env, "import", path)
                if result["status"] != "succeeded":
                    raise CommandError(f"{label} {step} import failed:\n{result.get('summary')}")
                self.figure(f"import.{label}.{step}.seconds", result["seconds"], "s")
                self.figure(f"import.{label}.{step}.ratio_to_parse", result["seconds"] / parse["seconds"], "x")
                self.figure(f"import.{label}.{step}.peak_rss", result["peak_rss_mib"], "MiB")
                self.figure(f"import.{label}.{step}.rows_written", result["changed"], "rows")
            self.home_pages(label, env, district, requests)

    def case(self, work: Path, source: Path, items: int, associations: int) -> None:
        from pathmaker.benchmarks.case_package import scale_package
        from pathmaker.frameworks.demo import state_math_package

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
        env = {"DATABASE_URL": f"sqlite:///{work / 'case.sqlite3'}", "PATHMAKER_DATA_DIR": str(work / "data"),
               "PATHMAKER_CACHE_URL": "locmem", "PATHMAKER_QUEUE_URL": "immediate"}
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
        out = subprocess.run([sys.executable, "-m", "pathmaker.benchmarks.stage", *map(str, argv)],
                             env={**os.environ, **env}, capture_output=True, text=True, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])

    def run_command(self, env: dict[str, str], *argv: str, stdin: str | None = None) -> None:
        subprocess.run([sys.executable, "-m", "pathmaker", *argv], env={**os.environ, **env}, input=stdin,
                       capture_output=True, text=True, check=True)

    def scratch_postgres(self, server_url: str) -> str:
        import psycopg

        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS pathmaker_bench WITH (FORCE)")
            conn.execute("CREATE DATABASE pathmaker_bench")
        return server_url.rsplit("/", 1)[0] + "/pathmaker_bench"

    def home_pages(self, label: str, env: dict[str, str], district, requests: int) -> None:
        personas = {"teacher": district.teacher, "leader": next(iter(district.principals.values()))}
        for username in personas.values():
            self.run_command(env, "set-password", username, "--password-stdin", stdin=PASSWORD + "\n")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([sys.executable, "-m", "pathmaker", "serve", "--no-worker", "--port", str(port),
                                   "--threads", "4"], env={**os.environ, **env},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
        data = urllib.parse.urlencode({"username": username, "password": PASSWORD,
                                       "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(f"{base}/login/", data=data, headers={"Referer": f"{base}/login/"})
        opener.open(request).read()
        return opener
