from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pathmaker.audit.actor import Actor
from pathmaker.frameworks.services import case_import


class Command(BaseCommand):
    help = "Import a CASE 1.0/1.1 CFPackage (a local JSON file). Applies whole or not at all."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--keep-first-duplicate",
            action="store_true",
            help="When two different objects share an identifier, keep the first and report the others "
            "(by default the package is refused). Identical copies are always read once.",
        )

    def handle(self, *args, path: Path, keep_first_duplicate: bool = False, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file (give a local CASE package .json)")
        record = case_import(
            raw=path.read_bytes(),
            source_name=path.name,
            actor=Actor.system("command:import_case"),
            keep_first_duplicate=keep_first_duplicate,
        )
        for warning in record.warnings:
            self.stdout.write(f"  warning {warning}")
        if record.status != "succeeded":
            for error in record.errors:
                self.stdout.write(f"  ERROR {error}")
            raise CommandError(f"{path.name} refused; nothing was changed")
        framework = record.framework
        self.stdout.write(f"Imported {framework.title} ({framework.identifier})")
        for part in ("items", "associations"):
            counts = record.summary[part]
            self.stdout.write(
                f"{part}: "
                + ", ".join(
                    f"{counts[k]} {k}" for k in ("created", "updated", "unchanged", "retired", "restored")
                )
            )
