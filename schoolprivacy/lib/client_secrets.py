"""Reads OIDC_CLIENT_SECRETS: the single sign-on client secret of each board, by board number."""

from schoolprivacy.lib.env import ConfigurationError


def parse_client_secrets(value: str) -> dict[str, str]:
    """`"99999:s3cret,12345:other"` -> {"99999": "s3cret", "12345": "other"}.

    A secret may contain colons (only the first one separates), not commas. Every board number
    appears once; an empty secret is refused, so a typo cannot switch client authentication off.
    """
    secrets: dict[str, str] = {}
    for part in value.split(","):
        item = part.strip()
        if not item:
            continue
        number, sep, secret = item.partition(":")
        number = number.strip()
        if not sep or not number or not secret:
            raise ConfigurationError(
                "OIDC_CLIENT_SECRETS must be comma-separated BOARDNUMBER:SECRET pairs."
            )
        if number in secrets:
            raise ConfigurationError(f"OIDC_CLIENT_SECRETS names board {number} twice.")
        secrets[number] = secret
    return secrets
