from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.tokens import TokenError, api_token_create


class Command(BaseCommand):
    help = (
        "Create an API token for an active staff account and print it, and nothing else, on "
        "standard output. Only its SHA-256 is stored, so this is the one time it is shown. The "
        "token acts with the account's own rights; revoke it with revoke-token."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Username of the staff account the token acts for.")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'LAS sync'.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError("No account with that username.")
        try:
            _api_token, token = api_token_create(
                user=user, name=options["name"], actor_id=None, channel="command"
            )
        except TokenError as exc:
            raise CommandError(str(exc)) from None
        # Only the token, so scripts can capture it: TOKEN=$(schoolprivacy create-token kim)
        self.stdout.write(token)
