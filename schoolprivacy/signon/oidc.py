"""The OpenID Connect protocol, relying-party side: authorization code flow with PKCE.

Only the standard library speaks HTTP here (urllib); PyJWT checks the ID token's signature with
the provider's published keys. Everything the provider answers is checked before it is trusted:
the discovery document must name the configured issuer, the ID token must be signed by one of the
provider's keys, be meant for us (`aud`), be fresh (`exp`, `iat`), come from the issuer (`iss`)
and carry the nonce this browser's flow sent. The `state` is checked by the caller (views.py),
which keeps the flows in the session.
"""

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

import jwt
from django.conf import settings

# Asymmetric signatures only: "none" and HMAC (which a provider would sign with our client secret)
# are never accepted.
ALGORITHMS = ["RS256", "PS256", "ES256"]
# RFC 8176 values that mean the provider checked more than one factor.
MFA_VALUES = frozenset({"mfa"})
# Clock difference with the provider that we tolerate.
LEEWAY_SECONDS = 60


class OidcError(Exception):
    """The provider's answer cannot be trusted or used. The message is for the log, in English."""


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    jwks: str


@dataclass(frozen=True)
class Flow:
    """What one sign-in attempt sends; kept in the session until the browser comes back."""

    state: str
    nonce: str
    verifier: str

    @classmethod
    def new(cls) -> "Flow":
        return cls(
            state=secrets.token_urlsafe(32),
            nonce=secrets.token_urlsafe(32),
            verifier=secrets.token_urlsafe(64),
        )

    @property
    def challenge(self) -> str:
        digest = hashlib.sha256(self.verifier.encode("ascii")).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class Claims:
    issuer: str
    subject: str
    mfa: bool


def _check_url(url: str) -> str:
    if urlsplit(url).scheme not in ("https", "http"):
        raise OidcError("provider URL is not http(s)")
    return url


def _get_json(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None) -> Any:
    # _check_url allows http(s) only, never file: or other schemes (hence the noqa: S310).
    headers = {"Accept": "application/json", **(headers or {})}
    request = Request(_check_url(url), data=data, headers=headers)  # noqa: S310
    try:
        with urlopen(request, timeout=settings.OIDC_TIMEOUT_SECONDS) as response:  # noqa: S310 (http(s) only)  # nosec B310
            return json.loads(response.read(1_000_000))
    except HTTPError as error:
        raise OidcError(f"provider answered HTTP {error.code} at {urlsplit(url).path}") from error
    except (URLError, TimeoutError, ValueError) as error:
        raise OidcError(
            f"provider unreachable or answer unreadable: {type(error).__name__}"
        ) from error


def discover(issuer: str) -> Endpoints:
    """The provider's endpoints from its discovery document, which must name the same issuer."""
    document = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if not isinstance(document, dict) or document.get("issuer") != issuer:
        raise OidcError("discovery document names another issuer")
    try:
        return Endpoints(
            authorization=_check_url(str(document["authorization_endpoint"])),
            token=_check_url(str(document["token_endpoint"])),
            jwks=_check_url(str(document["jwks_uri"])),
        )
    except KeyError as error:
        raise OidcError(f"discovery document lacks {error}") from error


def authorization_url(
    endpoints: Endpoints, *, client_id: str, redirect_uri: str, flow: Flow
) -> str:
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "scope": "openid",
            "state": flow.state,
            "nonce": flow.nonce,
            "code_challenge": flow.challenge,
            "code_challenge_method": "S256",
        }
    )
    separator = "&" if "?" in endpoints.authorization else "?"
    return f"{endpoints.authorization}{separator}{query}"


def exchange_code(
    endpoints: Endpoints,
    *,
    code: str,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    flow: Flow,
) -> str:
    """Trade the code for tokens (client_secret_basic plus the PKCE verifier); the ID token."""
    basic = base64.b64encode(f"{_form(client_id)}:{_form(client_secret)}".encode()).decode()
    body = urlencode(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": flow.verifier,
        }
    ).encode()
    answer = _get_json(
        endpoints.token,
        data=body,
        headers={
            "Authorization": f"Basic {basic}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    id_token = answer.get("id_token") if isinstance(answer, dict) else None
    if not isinstance(id_token, str):
        raise OidcError("token answer has no ID token")
    return id_token


def _form(value: str) -> str:
    # RFC 6749 2.3.1: client ID and secret are form-encoded before Basic encoding.
    return urlencode({"": value})[1:]


def verify_id_token(
    id_token: str, *, endpoints: Endpoints, issuer: str, client_id: str, nonce: str
) -> Claims:
    try:
        header = jwt.get_unverified_header(id_token)
    except jwt.PyJWTError as error:
        raise OidcError("ID token is not a JWT") from error
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise OidcError(f"ID token signed with {algorithm!r}, which we do not accept")
    key = _signing_key(endpoints.jwks, header.get("kid"), algorithm)
    try:
        claims = jwt.decode(
            id_token,
            key=key,
            algorithms=[algorithm],
            audience=client_id,
            issuer=issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
    except jwt.PyJWTError as error:
        raise OidcError(f"ID token refused: {type(error).__name__}") from error
    # With several audiences, the authorized party must be us (OIDC Core 3.1.3.7).
    audience = claims["aud"]
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != client_id:
        raise OidcError("ID token was issued to another client")
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OidcError("ID token nonce does not match this sign-in")
    amr = claims.get("amr") or []
    mfa = isinstance(amr, list) and any(value in MFA_VALUES for value in amr)
    subject = claims["sub"]
    if not isinstance(subject, str) or not subject:
        raise OidcError("ID token has no subject")
    return Claims(issuer=issuer, subject=subject, mfa=mfa)


def _signing_key(jwks_url: str, kid: object, algorithm: str) -> Any:
    document = _get_json(jwks_url)
    keys = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(keys, list):
        raise OidcError("provider's key set is unreadable")
    candidates = [
        k
        for k in keys
        if isinstance(k, dict)
        and k.get("use", "sig") == "sig"
        and (kid is None or k.get("kid") == kid)
    ]
    if len(candidates) != 1:
        raise OidcError("no single provider key matches the ID token")
    try:
        return jwt.PyJWK(candidates[0], algorithm=algorithm).key
    except jwt.PyJWTError as error:
        raise OidcError("provider key unusable") from error
