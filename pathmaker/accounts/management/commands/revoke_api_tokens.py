from django.core.management.base import BaseCommand, CommandError

from pathmaker.accounts.models import ApiToken, User
from pathmaker.accounts.services import api_token_revoke, api_tokens_revoke_for
from pathmaker.audit.actor import Actor


class Command(BaseCommand):
    help = "Revoke an account's API tokens: all of them, or the one whose secret starts with --prefix."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--prefix", help="the first characters of the token (as `pm_AbCdEfG`)")

    def handle(self, *args, username, prefix, **options):
        actor = Actor.system("command:revoke_api_tokens")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no account {username!r}")
        if prefix is None:
            count = api_tokens_revoke_for(user=user, actor=actor)
            self.stdout.write(f"{count} token(s) of {username} revoked.")
            return
        tokens = [
            t
            for t in ApiToken.objects.filter(user=user, revoked_at__isnull=True)
            if t.prefix.startswith(prefix[:10]) and len(prefix) >= 5
        ]
        if len(tokens) != 1:
            raise CommandError(
                f"{len(tokens)} live tokens of {username} start with {prefix!r}: give 5 or more "
                "characters that match exactly one"
            )
        api_token_revoke(token=tokens[0], actor=actor)
        self.stdout.write(f"token {tokens[0].prefix}… ({tokens[0].name}) of {username} revoked.")
