"""Serve Pathmaker with waitress, with the background worker running in the same process (demo and small installs)."""

from __future__ import annotations

import signal
from typing import NoReturn

import waitress
from huey.contrib.djhuey import HUEY

from pathmaker.wsgi import application


def _exit(signum: int, frame: object) -> NoReturn:
    raise SystemExit(0)


def serve(*, host: str, port: int, threads: int = 8, worker: bool = True) -> None:
    consumer = HUEY.create_consumer(workers=1, worker_type="thread") if worker else None
    if consumer is not None:
        consumer.start()
        # Huey's consumer sets handlers meant for a process of its own (SIGTERM only flags it to stop);
        # here SIGTERM and Ctrl+C must stop the web server, after which the worker is stopped below.
        signal.signal(signal.SIGTERM, _exit)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        waitress.serve(application, host=host, port=port, threads=threads, ident="Pathmaker")
    except KeyboardInterrupt:
        pass
    finally:
        if consumer is not None:
            consumer.stop(graceful=True)
