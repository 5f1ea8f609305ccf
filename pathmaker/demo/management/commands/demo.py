import json
from pathlib import Path

from django.core.management.base import BaseCommand

from pathmaker.demo.builder import PERSONA_LABELS, build_demo
from pathmaker.rostering.services import format_summary


class Command(BaseCommand):
    help = "Build the demo district into a fresh SQLite database and serve it on 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="build the database and exit")
        parser.add_argument("--students", type=int, default=1500)
        parser.add_argument("--schools", type=int, default=5)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--password", help="one password for every persona (default: a random one)")
        parser.add_argument(
            "--reset-database",
            action="store_true",
            help="allow emptying the PostgreSQL database DATABASE_URL names",
        )
        parser.add_argument(
            "--logins-json", type=Path, help="also write the persona logins to this JSON file"
        )

    def handle(
        self, *args, no_serve, students, schools, host, port, password, reset_database, logins_json, **options
    ):
        self.stdout.write(f"Building a demo district of {students} students in {schools} schools...")
        logins, password, run = build_demo(
            students=students, schools=schools, password=password, allow_server_wipe=reset_database
        )
        if logins_json:
            logins_json.write_text(
                json.dumps({"password": password, "logins": {x.persona: x.username for x in logins}})
            )
        self.stdout.write(format_summary(run, warnings=False))
        self.stdout.write(f"\nLog in as any of these (password for all: {password}):")
        for login in logins:
            self.stdout.write(f"  {PERSONA_LABELS[login.persona]:<32} {login.username:<24} ({login.name})")
        if no_serve:
            return
        from pathmaker.portal.serve import serve

        self.stdout.write(f"\nServing on http://{host}:{port}/ (Ctrl+C to stop)")
        serve(host=host, port=port)
