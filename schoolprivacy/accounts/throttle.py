"""Counting sign-in attempts to slow down password guessing and link flooding.

Every counter is keyed by an HMAC (with SECRET_KEY) of the account name, email address or network
address, so the table holds no personal value and cannot be reversed by hashing a word list.
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from schoolprivacy.accounts.models import SignInAttempt

Scope = SignInAttempt.Scope


@dataclass(frozen=True)
class Limit:
    scope: str
    max_attempts: int
    window: timedelta


WINDOW = timedelta(minutes=15)
# Five wrong passwords per account per quarter hour is generous for a person who mistyped and far
# too slow for guessing (20 guesses an hour), while an attacker can lock an account for at most
# fifteen minutes at a time.
PASSWORD_PER_ACCOUNT = Limit(Scope.ACCOUNT, 5, WINDOW)
# One school network (NAT) shares an address between many staff, so the address limit is higher;
# it stops one machine from trying a few passwords against every account.
PASSWORD_PER_ADDRESS = Limit(Scope.ADDRESS, 20, WINDOW)
# A six-digit code has a million values; the same limits keep guessing hopeless.
CODE_PER_ACCOUNT = Limit(Scope.CODE_ACCOUNT, 5, WINDOW)
CODE_PER_ADDRESS = Limit(Scope.CODE_ADDRESS, 20, WINDOW)
# Three emails per quarter hour covers "it did not arrive, send again" and stops anyone from
# using us to flood a parent's inbox.
LINKS_PER_EMAIL = Limit(Scope.EMAIL, 3, WINDOW)
LINKS_PER_ADDRESS = Limit(Scope.LINK_ADDRESS, 20, WINDOW)
# Rows older than the longest window count for nothing and are deleted.
LONGEST_WINDOW = WINDOW


@dataclass(frozen=True)
class Counter:
    limit: Limit
    key: str


@dataclass(frozen=True)
class Blocked:
    scope: str
    minutes: int

    @property
    def seconds(self) -> int:
        return self.minutes * 60


def keyed_hash(value: str) -> str:
    return salted_hmac("schoolprivacy.accounts.throttle", value, algorithm="sha256").hexdigest()


def client_address(request: HttpRequest) -> str:
    """The client's address as our own proxies saw it.

    Behind N trusted proxies (settings.TRUSTED_PROXY_COUNT) the client is the N-th address from
    the right of X-Forwarded-For: anything further left was written by the client itself and can
    be forged to dodge the per-address limit. Without proxies only REMOTE_ADDR counts.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies]
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def counter(limit: Limit, value: str) -> Counter:
    return Counter(limit, keyed_hash(value.strip().lower()))


def password_counters(request: HttpRequest, username: str) -> list[Counter]:
    return [
        counter(PASSWORD_PER_ACCOUNT, username),
        counter(PASSWORD_PER_ADDRESS, client_address(request)),
    ]


def code_counters(request: HttpRequest, username: str) -> list[Counter]:
    return [
        counter(CODE_PER_ACCOUNT, username),
        counter(CODE_PER_ADDRESS, client_address(request)),
    ]


def link_counters(request: HttpRequest, email: str) -> list[Counter]:
    return [
        counter(LINKS_PER_EMAIL, email),
        counter(LINKS_PER_ADDRESS, client_address(request)),
    ]


def blocked(counters: list[Counter]) -> Blocked | None:
    """The longest wait among the counters that reached their limit, or None."""
    now = timezone.now()
    worst: Blocked | None = None
    for c in counters:
        since = now - c.limit.window
        times = list(
            SignInAttempt.objects.filter(scope=c.limit.scope, key=c.key, at__gt=since)
            .order_by("-at")
            .values_list("at", flat=True)[: c.limit.max_attempts]
        )
        if len(times) < c.limit.max_attempts:
            continue
        # The attempt that must age out before one more is allowed is the limit-th newest.
        free_at = times[c.limit.max_attempts - 1] + c.limit.window
        minutes = max(1, math.ceil((free_at - now).total_seconds() / 60))
        if worst is None or minutes > worst.minutes:
            worst = Blocked(scope=c.limit.scope, minutes=minutes)
    return worst


def record(counters: list[Counter]) -> None:
    now = timezone.now()
    SignInAttempt.objects.filter(at__lt=now - LONGEST_WINDOW).delete()
    SignInAttempt.objects.bulk_create(
        SignInAttempt(scope=c.limit.scope, key=c.key, at=now) for c in counters
    )


def reset(counters: list[Counter]) -> None:
    """Forget the per-account failures after a success; address counters keep counting."""
    account_scopes = {Scope.ACCOUNT, Scope.CODE_ACCOUNT}
    query = Q(pk__in=[])
    for c in counters:
        if c.limit.scope in account_scopes:
            query |= Q(scope=c.limit.scope, key=c.key)
    SignInAttempt.objects.filter(query).delete()
