from django.core.management.base import BaseCommand, CommandError

from pathmaker.accounts.models import User
from pathmaker.accounts.services import api_token_create
from pathmaker.audit.actor import Actor


class Command(BaseCommand):
    help = "Create an API token for an account and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                f"no account {username!r} (create it with `pathmaker set-password {username}`)"
            )
        self.stdout.write(
            api_token_create(user=user, name=name, actor=Actor.system("command:create_api_token"))
        )
