"""Serve Pathmaker: several gunicorn worker processes in production, one waitress process for the demo.

On PostgreSQL `pathmaker serve` starts one web process per core (gunicorn, threaded workers), so every
core serves requests; nothing lives in a web process alone (sessions and data in the database, job
progress in the shared cache, the queue in SQLite or Redis). On SQLite it keeps one waitress process with
the background worker inside it, as the demo always had: SQLite writes take turns anyway.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import NoReturn

import waitress
from django.conf import settings
from django.db import connections
from gunicorn.app.base import BaseApplication
from huey.contrib.djhuey import HUEY

from pathmaker.portal.middleware import largest_body_cap
from pathmaker.wsgi import application


def _exit(signum: int, frame: object) -> NoReturn:
    raise SystemExit(0)


def server_limits() -> dict[str, int]:
    """waitress's own limits, so an oversized or slow request is cut off before Django sees it: no body
    above the largest upload cap (per-route caps are in pathmaker/portal/middleware.py), small headers,
    idle connections closed."""
    return {
        "max_request_body_size": largest_body_cap(),
        "max_request_header_size": 64 * 1024,
        "channel_timeout": 60,
        "connection_limit": 200,
    }


def default_workers(*, postgres: bool | None = None) -> int:
    """One web process per core on PostgreSQL; one on SQLite (its writes queue up behind each other)."""
    if postgres is None:
        postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    return (os.cpu_count() or 1) if postgres else 1


def serve(*, host: str, port: int, workers: int = 1, threads: int | None = None, worker: bool = True) -> None:
    """Serve on host:port: `workers` processes (gunicorn) or, with one, waitress; `worker` runs the queue too."""
    if workers <= 1:
        serve_single(host=host, port=port, threads=threads or 8, worker=worker)
        return
    connections.close_all()  # the workers are forked from this process: none may inherit a connection
    with _worker_process(worker):
        _Gunicorn(gunicorn_options(host=host, port=port, workers=workers, threads=threads or 4)).run()


def gunicorn_options(*, host: str, port: int, workers: int, threads: int) -> dict[str, object]:
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        # Threads let a process answer another request while one waits on the database.
        "worker_class": "gthread",
        "threads": threads,
        "keepalive": 5,
        "timeout": 120,  # a worker silent this long is restarted (threaded workers report while busy)
        "graceful_timeout": 30,
        "limit_request_field_size": 16 * 1024,
        # The proxy headers are Django's to trust (PATHMAKER_PROXY_SSL_HEADER), not the server's.
        "forwarded_allow_ips": "",
        "control_socket_disable": True,
        "proc_name": "pathmaker",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }


class _Gunicorn(BaseApplication):
    """gunicorn run from Python, with our settings and the application this module already loaded (the
    workers are forked with it, so they share its memory)."""

    def __init__(self, options: dict[str, object]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self):  # the WSGI callable
        return application


@contextlib.contextmanager
def _worker_process(wanted: bool) -> Iterator[None]:
    """`pathmaker run_huey` beside the web processes (a thread in gunicorn's master would not survive forks)."""
    if not wanted:
        yield
        return
    consumer = subprocess.Popen(
        [sys.executable, "-m", "pathmaker", "run_huey"],  # noqa: S603 (our own command)
        preexec_fn=_die_with_parent,
    )  # only a prctl: safe before exec
    try:
        yield
    finally:
        consumer.terminate()
        try:
            consumer.wait(timeout=30)
        except subprocess.TimeoutExpired:
            consumer.kill()


def _die_with_parent() -> None:
    """Linux: the worker gets SIGTERM if this server is killed outright, so no orphan keeps running."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def serve_single(*, host: str, port: int, threads: int = 8, worker: bool = True) -> None:
    consumer = HUEY.create_consumer(workers=1, worker_type="thread") if worker else None
    if consumer is not None:
        consumer.start()
        # Huey's consumer sets handlers meant for a process of its own (SIGTERM only flags it to stop);
        # here SIGTERM and Ctrl+C must stop the web server, after which the worker is stopped below.
        signal.signal(signal.SIGTERM, _exit)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        waitress.serve(
            application, host=host, port=port, threads=threads, ident="Pathmaker", **server_limits()
        )
    except KeyboardInterrupt:
        pass
    finally:
        if consumer is not None:
            consumer.stop(graceful=True)
