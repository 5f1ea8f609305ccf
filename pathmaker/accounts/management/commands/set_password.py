import getpass
import sys

from django.core.management.base import BaseCommand, CommandError

from pathmaker.accounts.services import AccountError, account_provision
from pathmaker.audit.actor import Actor


class Command(BaseCommand):
    help = "Give a rostered person (by username) a login with a password, or create a district administrator."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--district-admin",
            action="store_true",
            help="make the account a district administrator (it need not be in the roster)",
        )
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )

    def handle(self, *args, username, district_admin, password_stdin, **options):
        password = sys.stdin.readline().rstrip("\n") if password_stdin else getpass.getpass("New password: ")
        try:
            # The service runs the password validators (settings.AUTH_PASSWORD_VALIDATORS), as every form does.
            account_provision(
                username=username,
                password=password,
                district_admin=district_admin,
                actor=Actor.system("command:set_password"),
            )
        except AccountError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"{username} can now log in.")
