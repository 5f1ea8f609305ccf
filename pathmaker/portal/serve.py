"""Serve Pathmaker with waitress, with the background worker running in the same process (demo and small installs)."""

from __future__ import annotations

import waitress
from huey.contrib.djhuey import HUEY

from pathmaker.wsgi import application


def serve(*, host: str, port: int, threads: int = 8, worker: bool = True) -> None:
    consumer = HUEY.create_consumer(workers=1, worker_type="thread") if worker else None
    if consumer is not None:
        consumer.start()
    try:
        waitress.serve(application, host=host, port=port, threads=threads, ident="Pathmaker")
    finally:
        if consumer is not None:
            consumer.stop(graceful=True)
