from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pathmaker.frameworks.services import case_import


class Command(BaseCommand):
    help = "Import a CASE 1.0/1.1 CFPackage (a local JSON file). Applies whole or not at all."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file (give a local CASE package .json)")
        record = case_import(raw=path.read_bytes(), source_name=path.name, actor=None)
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
            self.stdout.write(f"{part}: " + ", ".join(f"{counts[k]} {k}" for k in
                                                       ("created", "updated", "unchanged", "retired", "restored")))
