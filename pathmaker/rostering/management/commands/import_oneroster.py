from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pathmaker.audit.actor import Actor
from pathmaker.rostering.models import ImportRun
from pathmaker.rostering.services import format_summary, roster_import


class Command(BaseCommand):
    help = "Import OneRoster 1.1/1.2 CSV bulk files (a zip or a folder). Applies whole or not at all."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="apply even if a school would lose more than the allowed share of its students",
        )

    def handle(self, *args, path: Path, force: bool, **options):
        if not path.exists():
            raise CommandError(f"{path}: no such file or folder")
        run = roster_import(
            path=path,
            actor=Actor.system("command:import_oneroster"),
            force=force,
            progress=lambda stage, done, total: (
                self.stderr.write(f"  {stage} ({done}/{total})") if options["verbosity"] > 1 else None
            ),
        )
        self.stdout.write(format_summary(run))
        if run.status != ImportRun.Status.SUCCEEDED:
            raise CommandError("import refused; nothing was changed")
