import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pathmaker.frameworks.case.export import package_json
from pathmaker.frameworks.models import Framework


class Command(BaseCommand):
    help = "Export a framework as a CASE 1.1 CFPackage JSON file."

    def add_arguments(self, parser):
        parser.add_argument("identifier", help="the framework's CASE identifier (CFDocument identifier)")
        parser.add_argument("out", type=Path)

    def handle(self, *args, identifier: str, out: Path, **options):
        framework = Framework.objects.filter(identifier=identifier).first()
        if framework is None:
            raise CommandError(f"no framework with identifier {identifier!r}")
        package = package_json(framework)
        out.write_text(json.dumps(package, indent=2, ensure_ascii=False))
        self.stdout.write(
            f"Wrote {out}: {len(package['CFItems'])} items, {len(package['CFAssociations'])} associations"
        )
