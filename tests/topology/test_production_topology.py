"""The production topology, run for real: PostgreSQL, Redis, two web servers and two workers.

Every process is a real `pathmaker` command on 127.0.0.1 (each web server is gunicorn with two worker
processes), sharing only what production shares: the PostgreSQL database, Redis (the queue and the
cache) and the data folder. A roster upload through web server A is imported once by one of the workers
and its progress is read through web server B; a rule adopted through the web (previewed on A, confirmed
on B) recomputes the district once; 20 clients post evidence through both servers at once; then A and
one worker are stopped and B still serves everything. Nothing may be lost, run twice or known to one
process only. Every process started here is stopped at the end, whatever happens.

Runs on the PostgreSQL pass when redis-server is installed (CI installs it and sets
PATHMAKER_REQUIRE_REDIS=1, which turns a missing redis-server into a failure).
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection

from pathmaker.benchmarks import load_bench
from pathmaker.demo.district import bundle_zip, generate_district

REDIS = shutil.which("redis-server")
DEADLINE = 100.0  # seconds for the whole scenario after the processes are up: it fails, never hangs
PASSWORD = "topology-admin-password-2026"

pytestmark = [
    pytest.mark.topology,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the production topology runs on PostgreSQL"
    ),
    pytest.mark.skipif(
        REDIS is None and os.environ.get("PATHMAKER_REQUIRE_REDIS") != "1",
        reason="redis-server is not installed (apt-get install redis-server)",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(what: str, ready, timeout: float) -> object:
    """Poll `ready()` until it returns something true, or fail naming `what`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = ready()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@dataclass
class Topology:
    database_url: str
    env: dict[str, str]
    folder: Path
    redis_port: int
    web: dict[str, int] = field(default_factory=dict)  # name -> port
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def start(self, name: str, *argv: str, log: bool = False) -> subprocess.Popen:
        out = open(self.folder / f"{name}.log", "wb") if log else subprocess.DEVNULL  # noqa: SIM115
        # Its own process group: on failure the whole group (gunicorn's workers too) is ended by its id.
        process = subprocess.Popen(
            argv, env=self.env, stdout=out, stderr=subprocess.STDOUT if log else out, start_new_session=True
        )
        self.processes[name] = process
        return process

    def serve(self, name: str) -> None:
        port = _free_port()
        self.start(
            name,
            sys.executable,
            "-m",
            "pathmaker",
            "serve",
            "--no-worker",
            "--workers",
            "2",
            "--threads",
            "4",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        )
        self.web[name] = port

    def stop(self, name: str) -> None:
        process = self.processes.pop(name)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def stop_all(self) -> None:
        for name in list(self.processes):
            with contextlib.suppress(ProcessLookupError):  # it ended on its own meanwhile
                self.stop(name)

    def command(self, *argv: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "pathmaker", *argv],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def stage(self, *argv: object) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", "pathmaker.benchmarks.stage", *map(str, argv)],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def sql(self, query: str, *params: object) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.database_url) as conn:
            return conn.execute(query, params).fetchall()

    def redis_keys(self, pattern: str) -> list[bytes]:
        import redis

        return redis.Redis(port=self.redis_port, db=1).keys(pattern)  # the cache (PATHMAKER_CACHE_URL)

    def worker_executions(self) -> list[tuple[str, str, str]]:
        """Every task execution the two workers logged, as (worker, task, task id). Huey's own log lines
        (`[time] INFO:huey:Worker-1:Executing <task>: <id>`) only: the root handler repeats them plainly."""
        found = []
        for name in ("worker-1", "worker-2"):
            path = self.folder / f"{name}.log"
            text = path.read_text(errors="replace") if path.exists() else ""
            found += [
                (name, task, task_id)
                for task, task_id in re.findall(r"INFO:huey:[^:]*:Executing ([\w.]+): ([0-9a-f-]+)", text)
            ]
        return found


def _scratch_database(url: str) -> str:
    """A database of its own beside the suite's (`<name>_topology`), made empty."""
    import psycopg

    server, name = url.rsplit("/", 1)
    scratch = f"{name.split('?', 1)[0]}_topology"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{scratch}"')
    return f"{server}/{scratch}"


def _drop_database(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _suite_database_url() -> str:
    """The server the suite runs on (DATABASE_URL), with its own database name."""
    given = connection.settings_dict
    user = urllib.parse.quote(given["USER"] or "postgres")
    password = f":{urllib.parse.quote(given['PASSWORD'])}" if given.get("PASSWORD") else ""
    return (
        f"postgres://{user}{password}@{given['HOST'] or '127.0.0.1'}:{given['PORT'] or 5432}/{given['NAME']}"
    )


@pytest.fixture
def topology(tmp_path) -> Iterator[Topology]:
    if REDIS is None:
        pytest.fail("redis-server is required here (PATHMAKER_REQUIRE_REDIS=1): apt-get install redis-server")
    database_url = _scratch_database(_suite_database_url())
    redis_port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pathmaker.settings",
        "DATABASE_URL": database_url,
        "PATHMAKER_DATA_DIR": str(tmp_path / "data"),
        "PATHMAKER_SECRET_KEY": secrets.token_urlsafe(40),
        "PATHMAKER_QUEUE_URL": f"redis://127.0.0.1:{redis_port}/0",
        "PATHMAKER_CACHE_URL": f"redis://127.0.0.1:{redis_port}/1",
    }
    world = Topology(database_url, env, tmp_path, redis_port)
    try:
        world.start(
            "redis",
            REDIS,
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        )
        world.command("migrate", "-v0")
        world.command(
            "set-password", "topology-admin", "--district-admin", "--password-stdin", stdin=PASSWORD + "\n"
        )
        for name in ("a", "b"):
            world.serve(name)
        for name in ("worker-1", "worker-2"):
            world.start(name, sys.executable, "-m", "pathmaker", "run_huey", "--workers", "1", log=True)
        for port in world.web.values():
            _wait(f"the web server on port {port}", lambda port=port: _healthy(port), 60)
        yield world
    finally:
        world.stop_all()
        _drop_database(database_url)


def _healthy(port: int) -> bool:
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).status == 200
    except OSError:
        return False


class Browser:
    """A signed-in person's cookies, used against either web server (the session is in the database)."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, port: int, path: str) -> tuple[str, str]:
        with self.opener.open(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
            return response.geturl(), response.read().decode()

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def post(
        self, port: int, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None
    ) -> tuple[str, str]:
        fields = {**fields, "csrfmiddlewaretoken": self.csrf()}
        if files:
            boundary = secrets.token_hex(16)
            body, content_type = (
                _multipart(boundary, fields, files),
                f"multipart/form-data; boundary={boundary}",
            )
        else:
            body, content_type = urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
        url = f"http://127.0.0.1:{port}{path}"
        request = urllib.request.Request(
            url, data=body, headers={"Content-Type": content_type, "Referer": url}
        )
        with self.opener.open(request, timeout=60) as response:
            return response.geturl(), response.read().decode()

    def login(self, port: int, username: str) -> None:
        self.get(port, "/login/")
        url, _ = self.post(port, "/login/", {"username": username, "password": PASSWORD})
        assert not url.endswith("/login/"), "the login was refused"


def _multipart(boundary: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> bytes:
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: application/zip\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def _progress_until_finished(browser: Browser, port: int, job_id: int, timeout: float) -> list[dict]:
    """Every distinct progress answer the server on `port` gave for the job, until it finished."""
    seen: list[dict] = []

    def finished() -> bool:
        _, body = browser.get(port, f"/jobs/{job_id}/progress/")
        progress = json.loads(body)
        if not seen or seen[-1] != progress:
            seen.append(progress)
        return progress["finished"]

    _wait(f"job {job_id} to finish", finished, timeout)
    return seen


def test_two_web_servers_and_two_workers_share_every_state_and_lose_nothing(topology, tmp_path):
    started = time.monotonic()
    world, a, b = topology, topology.web["a"], topology.web["b"]
    district = generate_district(tmp_path / "district", students=200, schools=2)
    upload = bundle_zip(tmp_path / "district", tmp_path / "roster.zip").read_bytes()

    # A roster upload through A; its progress read through B, with the session A made.
    admin = Browser()
    admin.login(a, "topology-admin")
    url, page = admin.post(a, "/imports/", {}, files={"file": ("roster.zip", upload)})
    job_id = int(re.search(r'data-progress-url="/jobs/(\d+)/progress/"', page).group(1))
    seen = _progress_until_finished(admin, b, job_id, DEADLINE)
    assert seen[-1]["status"] == "succeeded" and seen[-1]["percent"] == 100, seen
    assert world.sql("SELECT status FROM rostering_importrun") == [("succeeded",)]
    people = world.sql("SELECT count(*) FROM rostering_person")[0][0]
    assert people == district.counts["users.csv"]
    # The live progress was in Redis (the cache every process shares), not in a process.
    assert world.redis_keys(f"*pathmaker:job:{job_id}:progress")
    _, imports_page_from_b = admin.get(b, urllib.parse.urlsplit(url).path)
    assert "roster.zip" in imports_page_from_b  # the run's report, on the server that did not take the upload

    # 20 clients post evidence through A and B at once (tokens and a framework made by the bench's setup).
    made = world.stage("load-setup", tmp_path / "district", 10, 4)
    clients = [load_bench.Client(c["token"], [tuple(p) for p in c["pairs"]]) for c in made["clients"]]
    plan = load_bench.Plan(
        clients=20, requests=200, seconds=60, competencies=made["competencies"], label="topology", run_id="t"
    )
    outcome = load_bench.run(ports=[a, b], clients=clients, plan=plan)
    writes = len(outcome.acknowledged)  # all 200 unless the time bound (a crowded machine) stopped it first
    assert outcome.failures == {} and writes == len(outcome.sent) >= 40

    # A rule change previewed through A and adopted through B: the district recompute runs once.
    fields = {"method": "highest", "weight": "0.65", "n": "5", "mastery": "3", "framework": "", "scores": ""}
    _, confirm = admin.post(a, "/mastery/rules/", {**fields, "preview": "1"})
    token = re.search(r'name="confirmation" value="([^"]+)"', confirm).group(1)
    admin.post(b, "/mastery/rules/", {**fields, "adopt": "1", "confirmation": token})
    [(recompute_id,)] = world.sql("SELECT id FROM jobs_job WHERE kind = 'mastery_recompute'")
    seen = _progress_until_finished(admin, a, recompute_id, DEADLINE)
    assert seen[-1]["status"] == "succeeded", seen
    # Every level may have moved, so the recompute queued the rebuild of the stored learning paths.
    [(rebuild_id,)] = world.sql("SELECT id FROM jobs_job WHERE kind = 'paths_rebuild'")
    seen = _progress_until_finished(admin, b, rebuild_id, DEADLINE)
    assert seen[-1]["status"] == "succeeded", seen

    # Nothing lost or doubled, every level equal to a recompute under the new rule.
    told = tmp_path / "told.json"
    told.write_text(json.dumps({"run_id": "t", "acknowledged": outcome.acknowledged, "sent": outcome.sent}))
    found = world.stage("load-check", told)
    assert (found["stored"], found["lost"], found["doubled"], found["stale"]) == (writes, 0, 0, 0), found
    assert world.sql(
        "SELECT count(*) FROM audit_auditevent a JOIN evidence_evidence e ON a.object_id = e.id::text"
        " WHERE a.action = 'evidence.record' AND e.feedback LIKE 'bench-load:t:%%'"
    ) == [(writes,)]

    # No job ran twice: three jobs, each finished once, each executed by exactly one worker once.
    assert sorted(world.sql("SELECT kind, status FROM jobs_job")) == [
        ("mastery_recompute", "succeeded"),
        ("paths_rebuild", "succeeded"),
        ("roster_import", "succeeded"),
    ]
    executions = world.worker_executions()
    for task in (
        "rostering.tasks.roster_import_task",
        "mastery.tasks.mastery_recompute_task",
        "paths.tasks.paths_rebuild_task",
    ):
        assert len([run for run in executions if run[1].endswith(task)]) == 1, executions
    assert world.sql("SELECT count(*) FROM audit_auditevent WHERE action = 'roster.import'") == [(1,)]

    # Stop A and one worker: B answers for everything A did, with A's session; the other worker works.
    world.stop("a")
    world.stop("worker-1")
    _, page = admin.get(b, f"/jobs/{job_id}/progress/")
    assert json.loads(page)["status"] == "succeeded"
    late = load_bench.run(
        ports=[b],
        clients=clients,
        plan=load_bench.Plan(
            clients=2, requests=10, seconds=30, competencies=made["competencies"], label="late", run_id="t"
        ),
    )
    assert late.failures == {} and len(late.acknowledged) == 10
    assert time.monotonic() - started < 3 * DEADLINE
