from django.core.management.base import BaseCommand

from pathmaker.evidence.models import Evidence
from pathmaker.frameworks.models import Competency
from pathmaker.mastery.services import knowledge_tracing_fit


class Command(BaseCommand):
    help = "Fit Bayesian Knowledge Tracing parameters by EM for every competency with correct/incorrect practice."

    def add_arguments(self, parser):
        parser.add_argument("--competency", type=int, help="only this competency (id)")

    def handle(self, *args, competency=None, **options):
        ids = (
            [competency]
            if competency
            else Evidence.objects.filter(correct__isnull=False)
            .values_list("competency_id", flat=True)
            .distinct()
        )
        for competency_obj in Competency.objects.filter(pk__in=list(ids)):
            fitted = knowledge_tracing_fit(competency=competency_obj)
            if fitted is None:
                self.stdout.write(f"{competency_obj}: too few students with practice data; defaults stay")
            else:
                self.stdout.write(
                    f"{competency_obj}: prior {fitted.prior:.3f} learn {fitted.learn:.3f} "
                    f"guess {fitted.guess:.3f} slip {fitted.slip:.3f} ({fitted.students} students)"
                )
