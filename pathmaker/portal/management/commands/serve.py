from django.core.management.base import BaseCommand, CommandError

from pathmaker.portal.serve import default_workers, serve


class Command(BaseCommand):
    help = (
        "Serve Pathmaker: gunicorn with --workers processes (default: one per core on PostgreSQL), or "
        "waitress in one process (the default on SQLite); unless --no-worker, the background worker too."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="web processes (default: the number of cores on PostgreSQL, 1 on SQLite)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help="threads per web process (default: 4 with several processes, 8 with one)",
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="run the worker separately: pathmaker run_huey"
        )

    def handle(self, *args, host, port, workers, threads, no_worker, **options):
        if workers is not None and workers < 1 or threads is not None and threads < 1:
            raise CommandError("--workers and --threads must be 1 or more")
        serve(
            host=host, port=port, workers=workers or default_workers(), threads=threads, worker=not no_worker
        )
