from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schoolprivacy.accounts.models import ApiToken
from schoolprivacy.accounts.tokens import TOKEN_PREFIX, VISIBLE_PREFIX_LENGTH, api_token_revoke


class Command(BaseCommand):
    help = (
        "Revoke an API token, given its ID or the prefix shown in the admin (sp_...). A revoked "
        "token is refused at once and cannot be restored; create a new one instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("token", help="The token's ID, or its prefix (at least 'sp_' + 4).")

    def handle(self, *args: Any, **options: Any) -> None:
        api_token = self._find(options["token"].strip())
        if api_token_revoke(api_token=api_token, actor_id=None, channel="command"):
            self.stdout.write(f"Revoked token {api_token.prefix}… of {api_token.user.username}.")
        else:
            self.stdout.write(f"Token {api_token.prefix}… was already revoked.")

    def _find(self, value: str) -> ApiToken:
        tokens = ApiToken.objects.select_related("user")
        if value.isdigit():
            matches = list(tokens.filter(pk=int(value)))
        elif value.startswith(TOKEN_PREFIX) and len(value) >= len(TOKEN_PREFIX) + 4:
            # A whole token pasted by mistake still finds its row by the visible prefix.
            matches = list(tokens.filter(prefix__startswith=value[:VISIBLE_PREFIX_LENGTH]))
        else:
            raise CommandError("Give the token's ID or its prefix, which starts with 'sp_'.")
        if not matches:
            raise CommandError("No token matches.")
        if len(matches) > 1:
            raise CommandError("More than one token matches; give the ID instead.")
        return matches[0]
