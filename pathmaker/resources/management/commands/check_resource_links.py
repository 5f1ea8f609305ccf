from django.core.management.base import BaseCommand

from pathmaker.audit.actor import Actor
from pathmaker.resources.links import links_check
from pathmaker.resources.services import flags_raise_for_retired_competencies


class Command(BaseCommand):
    help = (
        "Check every active link in the resource library (the network is used only now) and flag dead "
        "links and resources aligned to retired competencies to their curators."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for each address")
        parser.add_argument(
            "--allow-private",
            action="store_true",
            help="also check addresses on this machine or private networks",
        )

    def handle(self, *args, timeout, allow_private, **options):
        actor = Actor.system("command:check_resource_links")
        results = links_check(actor=actor, timeout=timeout, allow_private=allow_private)
        for result in results:
            if not result.ok:
                self.stdout.write(f"dead: resource {result.resource_id} {result.url} ({result.detail})")
        retired = flags_raise_for_retired_competencies(actor=actor)
        dead = sum(not r.ok for r in results)
        self.stdout.write(
            f"{len(results)} link(s) checked, {dead} dead; {retired} resource(s) newly flagged for a retired competency."
        )
