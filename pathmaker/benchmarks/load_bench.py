"""`pathmaker bench load`: evidence writes through the JSON API against the real server, on PostgreSQL.

The command (benchmarks/management/commands/bench.py) builds or reuses a district, starts `pathmaker serve`
on 127.0.0.1, and drives it from this module: first one client alone, then 40 clients at once, each
posting evidence with its own bearer token over one kept-alive connection. Every request is bounded in
count and in time, and goes only to the loopback address the server listens on.

Each write carries a unique marker in its feedback, so the check afterwards (in its own process, with
Django) can tell a lost write (acknowledged, not stored), a doubled one (stored twice) and a stale level
(a summary that differs from a recompute of its evidence).

    python -m pathmaker.benchmarks.stage load-setup DIR TEACHERS COMPETENCIES   (DATABASE_URL's database)
    python -m pathmaker.benchmarks.stage load-check FILE
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import random
import statistics
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pathmaker.audit.actor import Actor

MARKER = "bench-load:"  # the start of every benchmark write's feedback
SCORES = ("1", "1.5", "2", "2.5", "3", "3.5", "4")


@dataclass
class Client:
    """One simulated teacher: a token and the (student, section) pairs they may record evidence for."""

    token: str
    pairs: list[tuple[int, int]]


@dataclass
class Plan:
    """What a load run may send: `requests` in all and no longer than `seconds`, from `clients` threads."""

    clients: int
    requests: int
    seconds: float
    competencies: list[int]
    label: str
    run_id: str  # in every marker: runs against a reused database never mix


@dataclass
class Outcome:
    latencies_ms: list[float] = field(default_factory=list)
    acknowledged: dict[str, int] = field(default_factory=dict)  # marker -> evidence id
    sent: list[str] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)  # status or error -> count
    seconds: float = 0.0

    @property
    def writes_per_second(self) -> float:
        return len(self.acknowledged) / self.seconds if self.seconds else 0.0

    def percentile_ms(self, share: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(*, ports: list[int], clients: list[Client], plan: Plan, seed: int = 0) -> Outcome:
    """Post evidence from `plan.clients` threads until the count or the time runs out; client i talks to
    127.0.0.1 on ports[i % len(ports)] (several web servers share the load that way)."""
    outcome, lock = Outcome(), threading.Lock()
    budget = iter(range(plan.requests))  # shared: next() under the lock hands out request numbers
    deadline = time.monotonic() + plan.seconds
    start = threading.Barrier(plan.clients + 1)
    today = dt.datetime.now(dt.UTC).date()

    def client_loop(index: int) -> None:
        client = clients[index % len(clients)]
        rng = random.Random(f"{seed}-{plan.label}-{index}")  # the shape of the load, not a secret
        connection = http.client.HTTPConnection("127.0.0.1", ports[index % len(ports)], timeout=30)
        headers = {"Authorization": f"Bearer {client.token}", "Content-Type": "application/json"}
        start.wait()
        try:
            while time.monotonic() < deadline:
                with lock:
                    number = next(budget, None)
                if number is None:
                    return
                marker = f"{MARKER}{plan.run_id}:{plan.label}-{index}-{number}"
                student, section = rng.choice(client.pairs)
                body = json.dumps(
                    {
                        "student_id": student,
                        "section_id": section,
                        "competency_id": rng.choice(plan.competencies),
                        # Teachers enter past work too, so some writes land out of order (a recompute, not a fold).
                        # A day or more before today in UTC is in the past in the server's time zone too.
                        "demonstrated_on": (today - dt.timedelta(days=rng.randint(1, 20))).isoformat(),
                        "score": rng.choice(SCORES),
                        "feedback": marker,
                    }
                )
                _post(connection, headers, body, marker, outcome, lock)
        finally:
            connection.close()

    threads = [threading.Thread(target=client_loop, args=(i,), daemon=True) for i in range(plan.clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(timeout=plan.seconds + 60)
    outcome.seconds = time.perf_counter() - began
    return outcome


def _post(
    connection: http.client.HTTPConnection,
    headers: dict[str, str],
    body: str,
    marker: str,
    outcome: Outcome,
    lock: threading.Lock,
) -> None:
    began = time.perf_counter()
    try:
        connection.request("POST", "/api/v1/evidence", body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        status = str(response.status)
    except (OSError, http.client.HTTPException) as error:
        connection.close()  # the next request opens a fresh connection
        payload, status = b"", type(error).__name__
    elapsed_ms = (time.perf_counter() - began) * 1000
    with lock:
        outcome.sent.append(marker)
        if status == "201":
            outcome.latencies_ms.append(elapsed_ms)
            outcome.acknowledged[marker] = json.loads(payload)["id"]
        else:
            outcome.failures[status] = outcome.failures.get(status, 0) + 1


def cpu_seconds(pids: set[int]) -> dict[int, float]:
    """User + system CPU time of each process (Linux /proc), for the cost of a write in CPU."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        found[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return found


def process_tree(root: int) -> set[int]:
    """`root` and every process below it (the server's master and its workers)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, grew = {root}, True
    while grew:
        below = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= below
        grew = bool(below)
    return tree


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


# --- stages (run in their own process, with DATABASE_URL set) --------------------------------------------


def setup_stage(folder: Path, teachers: str, competencies: str) -> dict[str, object]:
    """Import the district in `folder` unless the database already has one, then give `teachers` teachers
    a token, and make a framework of `competencies` competencies on a 1-4 scale."""
    from pathmaker.accounts.services import account_provision, api_token_create
    from pathmaker.rostering.models import Enrollment, ImportRun, Person
    from pathmaker.rostering.services import format_summary, roster_import

    started = time.perf_counter()
    if not Person.objects.exists():
        run = roster_import(path=folder, actor=Actor.system("bench"))
        if run.status != ImportRun.Status.SUCCEEDED:
            raise SystemExit(f"the district import failed:\n{format_summary(run)}")
    imported = time.perf_counter() - started
    competency_ids = _framework(int(competencies))
    sections: dict[int, list[int]] = {}
    for section_id, person_id in Enrollment.objects.filter(
        role="student", is_active=True, person__is_active=True
    ).values_list("section_id", "person_id"):
        sections.setdefault(section_id, []).append(person_id)
    clients = []
    taught = (
        Enrollment.objects.filter(
            role="teacher", is_active=True, person__is_active=True, section_id__in=list(sections)
        )
        .order_by("person_id", "section_id")
        .values_list("person__username", "section_id")
    )
    by_teacher: dict[str, list[int]] = {}
    for username, section_id in taught:
        by_teacher.setdefault(username, []).append(section_id)
    for username, section_ids in list(by_teacher.items())[: int(teachers)]:
        user = account_provision(username=username, password=None, actor=Actor.system("bench"))
        token = api_token_create(user=user, name="bench load", actor=Actor.system("bench"))
        clients.append(
            {
                "token": token,
                "pairs": [(student, section) for section in section_ids for student in sections[section]],
            }
        )
    return {
        "seconds": imported,
        "students": Person.objects.filter(enrollments__role="student").distinct().count(),
        "clients": clients,
        "competencies": [int(pk) for pk in competency_ids],
        "round_trips": round_trips(clients[0], competency_ids[0]),
        # Again in the same process: the rules kept (mastery.rules), the summary there, the token fresh.
        "round_trips_warm": round_trips(clients[0], competency_ids[0]),
    }


def round_trips(client: dict, competency_id: int) -> int:
    """The database statements of one evidence write through the API, in this process (BEGIN and COMMIT
    included): the figure to watch when the write path changes."""
    from django.db import connection
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    student, section = client["pairs"][0]
    body = {
        "student_id": student,
        "section_id": section,
        "competency_id": competency_id,
        "score": "3",
        "demonstrated_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "feedback": f"{MARKER}probe",
    }
    with CaptureQueriesContext(connection) as queries:
        response = TestClient(SERVER_NAME="127.0.0.1").post(
            "/api/v1/evidence",
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {client['token']}",
        )
    if response.status_code != 201:
        raise SystemExit(f"the probe write was refused: {response.status_code} {response.content[:500]!r}")
    return len(queries.captured_queries)


def _framework(count: int) -> list[int]:
    from pathmaker.frameworks.services import (
        LevelSpec,
        competency_create,
        framework_create,
        scale_assign,
        scale_create,
    )

    framework = framework_create(
        title=f"Load bench {time.time_ns()}", description="", actor=Actor.system("bench")
    )
    scale = scale_create(
        name=f"Load bench scale {framework.pk}",
        mastery_value=Decimal(3),
        actor=Actor.system("bench"),
        levels=[
            LevelSpec(Decimal(value), label)
            for value, label in ((1, "Beginning"), (2, "Developing"), (3, "Proficient"), (4, "Advanced"))
        ],
    )
    scale_assign(scale=scale, framework=framework, actor=Actor.system("bench"))
    return [
        competency_create(
            framework=framework,
            full_statement=f"Load competency {n + 1}",
            human_coding_scheme=f"LB{framework.pk}.{n + 1}",
            actor=Actor.system("bench"),
        ).pk
        for n in range(count)
    ]


def check_stage(path: Path) -> dict[str, object]:
    """Compare what the clients were told with what is stored: every acknowledged write stored once, no
    write stored twice, and every touched summary equal to a recompute from its evidence."""
    from pathmaker.evidence.models import Evidence

    told = json.loads(path.read_text())
    acknowledged: dict[str, int] = told["acknowledged"]
    mine = f"{MARKER}{told['run_id']}:"
    sent = set(told["sent"])
    stored: dict[str, list[int]] = {}
    pairs: set[tuple[int, int]] = set()
    for pk, feedback, student, competency in Evidence.objects.filter(feedback__startswith=mine).values_list(
        "id", "feedback", "student_id", "competency_id"
    ):
        stored.setdefault(feedback, []).append(pk)
        pairs.add((student, competency))
    lost = sum(1 for marker, pk in acknowledged.items() if pk not in stored.get(marker, []))
    doubled = sum(1 for pks in stored.values() if len(pks) > 1)
    unsent = sum(1 for marker in stored if marker not in sent)
    # A request that failed (a time-out, a refused connection) may still have been stored once: not lost.
    unacknowledged = sum(1 for marker in stored if marker in sent and marker not in acknowledged)
    return {
        "acknowledged": len(acknowledged),
        "stored": sum(len(p) for p in stored.values()),
        "lost": lost,
        "doubled": doubled,
        "unsent": unsent,
        "unacknowledged_stored": unacknowledged,
        "pairs": len(pairs),
        "stale": stale_pairs(pairs),
    }


def stale_pairs(pairs: set[tuple[int, int]]) -> int:
    """How many (student, competency) summaries differ from a recompute of the pair's current evidence."""
    from pathmaker.frameworks.models import Competency
    from pathmaker.mastery import running
    from pathmaker.mastery.models import MasterySummary
    from pathmaker.mastery.services import rule_for, scores_of, self_peer_counts

    self_peer = self_peer_counts()
    competencies = {c.pk: c for c in Competency.objects.filter(pk__in={c for _, c in pairs})}
    rules = {pk: rule_for(competency)[1] for pk, competency in competencies.items()}
    summaries = {
        (s.student_id, s.competency_id): s
        for s in MasterySummary.objects.filter(
            competency_id__in=list(competencies), student_id__in={s for s, _ in pairs}
        )
    }
    stale = 0
    for student, competency in pairs:
        rule = rules[competency]
        state = running.start(scores_of(student, competency, self_peer=self_peer), rule)
        expected = running.level(state, rule)
        summary = summaries.get((student, competency))
        if (
            summary is None
            or summary.evidence_count != state.count
            or not _same(summary.computed_level, expected)
        ):
            stale += 1
    return stale


def _same(stored: float | None, expected: float | None) -> bool:
    if stored is None or expected is None:
        return stored is expected
    return abs(float(stored) - expected) < 1e-6


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


STAGES = {"load-setup": setup_stage, "load-check": check_stage}
