from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.tokens import MAX_TOKEN_DAYS, TokenError, api_token_create


class Command(BaseCommand):
    help = (
        "Create an API token for an active staff account and print it, and nothing else, on "
        "standard output. Only its SHA-256 is stored, so this is the one time it is shown. The "
        "token acts with the account's own rights and stops working after --days days "
        "(API_TOKEN_DAYS, 90 unless set); the expiry date goes to standard error. Revoke a token "
        "earlier with revoke-token."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Username of the staff account the token acts for.")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'LAS sync'.")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Days the token is valid (1 to {MAX_TOKEN_DAYS}; default API_TOKEN_DAYS).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError("No account with that username.")
        try:
            api_token, token = api_token_create(
                user=user,
                name=options["name"],
                days=options["days"],
                actor_id=None,
                channel="command",
            )
        except TokenError as exc:
            raise CommandError(str(exc)) from None
        # Only the token, so scripts can capture it: TOKEN=$(schoolprivacy create-token kim)
        self.stdout.write(token)
        expires = timezone.localtime(api_token.expires_at)
        self.stderr.write(f"Expires at {expires:%Y-%m-%d %H:%M %Z}.")
