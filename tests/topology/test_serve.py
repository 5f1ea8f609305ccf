"""`pathmaker serve`: one process per core on PostgreSQL (gunicorn), one waitress process on SQLite."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from pathmaker.portal import serve


def test_it_serves_with_every_core_on_postgresql_and_one_process_on_sqlite(monkeypatch):
    monkeypatch.setattr(serve.os, "cpu_count", lambda: 6)
    assert serve.default_workers(postgres=True) == 6
    assert serve.default_workers(postgres=False) == 1


def test_several_workers_run_gunicorn_with_threads_and_the_queue_worker_beside_it(monkeypatch):
    # serve() closes database connections before forking; after the browser tests (Playwright's sync API
    # leaves an event loop in this thread) Django would take that for an async context.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    ran, started = [], []
    monkeypatch.setattr(serve._Gunicorn, "run", lambda self: ran.append(self.options))
    monkeypatch.setattr(serve.subprocess, "Popen", lambda argv, **kw: started.append(argv) or _Stopped())
    monkeypatch.setattr(
        serve, "serve_single", lambda **kw: pytest.fail("waitress must not serve several workers")
    )
    serve.serve(host="127.0.0.1", port=8123, workers=3, threads=None, worker=True)
    [options] = ran
    assert (options["bind"], options["workers"], options["worker_class"], options["threads"]) == (
        "127.0.0.1:8123",
        3,
        "gthread",
        4,
    )
    assert options["forwarded_allow_ips"] == ""  # Django decides which proxy headers to trust
    assert [argv[-1] for argv in started] == ["run_huey"]


def test_one_worker_keeps_waitress_and_no_worker_starts_no_queue_process(monkeypatch):
    single = []
    monkeypatch.setattr(serve, "serve_single", lambda **kw: single.append(kw))
    monkeypatch.setattr(
        serve.subprocess, "Popen", lambda *a, **kw: pytest.fail("no worker process was asked for")
    )
    serve.serve(host="127.0.0.1", port=8123, workers=1, threads=None, worker=False)
    assert single == [{"host": "127.0.0.1", "port": 8123, "threads": 8, "worker": False}]


def test_the_command_refuses_zero_workers():
    with pytest.raises(CommandError):
        call_command("serve", "--workers", "0")


class _Stopped:
    def terminate(self) -> None:
        pass

    def wait(self, timeout: float | None = None) -> int:
        return 0
