from django.core.management.base import BaseCommand

from pathmaker.portal.serve import serve


class Command(BaseCommand):
    help = "Serve Pathmaker with waitress (and, unless --no-worker, the background worker in-process)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-worker", action="store_true", help="run the worker separately: pathmaker run_huey"
        )

    def handle(self, *args, host, port, threads, no_worker, **options):
        serve(host=host, port=port, threads=threads, worker=not no_worker)
