from pathlib import Path

from django.core.management.base import BaseCommand

from pathmaker.demo.district import generate_district


class Command(BaseCommand):
    help = (
        "Write a realistic synthetic district as OneRoster 1.2 CSV bulk files (for the demo and benchmarks)."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path)
        parser.add_argument("--students", type=int, default=1200)
        parser.add_argument("--schools", type=int, default=4)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, out: Path, students: int, schools: int, seed: int, **options):
        district = generate_district(out, students=students, schools=schools, seed=seed)
        for name, count in sorted(district.counts.items()):
            self.stdout.write(f"{name}: {count} rows")
        self.stdout.write(f"Written to {district.path}")
