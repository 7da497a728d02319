"""A real OpenID Connect provider for the tests: oidc_provider.mjs (npm's oidc-provider) in Node.

`start_provider(redirect_uri)` starts one on a free port of 127.0.0.1 and returns its issuer;
`sign_in_at_provider(url, login=..., mfa=...)` plays the browser at its sign-in page and returns
the address the provider sends the browser back to (our callback, with code and state).
"""

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urljoin
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest

SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
ROOT = Path(__file__).resolve().parents[3]
CLIENT_ID = "schoolprivacy-test"
CLIENT_SECRET = "test-client-secret-for-the-local-provider"


@dataclass(frozen=True)
class LocalProvider:
    issuer: str


@contextmanager
def start_provider(redirect_uri: str) -> Iterator[LocalProvider]:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").exists():
        reason = "Node.js or node_modules/oidc-provider is missing (run npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    env = {
        **os.environ,
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URIS": redirect_uri,
    }
    process = subprocess.Popen(
        [node, str(SCRIPT)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("ready "):
            raise RuntimeError(f"the test OIDC provider did not start: {line!r}")
        yield LocalProvider(issuer=line.split()[1])
    finally:
        process.terminate()
        process.wait(timeout=10)


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def sign_in_at_provider(authorization_url: str, *, login: str, mfa: bool = False) -> str:
    """Follow the provider's redirects and fill in its sign-in form like a browser would.

    Returns the first address outside the provider: our callback with `code` and `state`.
    """
    opener = build_opener(HTTPCookieProcessor(CookieJar()), _NoRedirect())
    url = authorization_url
    issuer_prefix = authorization_url.split("/auth", 1)[0]
    data: bytes | None = None
    for _ in range(10):
        try:
            response = opener.open(Request(url, data=data), timeout=10)  # noqa: S310 (the local provider)
            status, location = response.status, response.headers.get("Location")
        except HTTPError as redirect:
            status, location = redirect.code, redirect.headers.get("Location")
        data = None
        if status in (302, 303) and location:
            url = urljoin(url, location)
            if not url.startswith(issuer_prefix):
                return url
            continue
        if "/interaction/" in url and status == 200:
            form = f"login={login}" + ("&mfa=1" if mfa else "")
            data = form.encode()
            continue
        raise AssertionError(f"unexpected answer {status} from the provider at {url}")
    raise AssertionError("the provider kept redirecting")
