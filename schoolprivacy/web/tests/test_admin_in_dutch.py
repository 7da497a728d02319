"""`/beheer/` is Dutch on a Dutch screen (issue 19): the admin index and the list of every
registered model, with the untranslated-text detector of the page crawl (test_translations.py):
no translated English msgid on the Dutch page, and no text shown the same in both languages that
reads as English (app and model names, column headers, filters, django-otp's models)."""

from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from schoolprivacy.accounts.tests.conftest import confirm_sudo, make_admin_user
from schoolprivacy.testing.sessions import sign_in_staff
from schoolprivacy.web.tests.test_dutch_pages import (
    _WORD,
    ENGLISH_ONLY_WORDS,
    _english_fragments,
    visible_text,
)
from schoolprivacy.web.tests.test_translations import (
    COMPILED,
    catalog,  # noqa: F401  (the fixture)
)

pytestmark = pytest.mark.django_db


def _admin_client(world: Any) -> Client:
    """A superuser of the board: sees every registered model."""
    user = make_admin_user(world.privacy_officer)
    user.is_superuser = True
    user.save()
    client = sign_in_staff(Client(), user)
    confirm_sudo(client, user)  # the sign-on provider's pages ask for it
    return client


def _get(client: Client, url: str, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, f"{url} ({language}): {response.status_code}"
    return response.content.decode()


def _admin_pages() -> list[str]:
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return pages


def english_on(dutch_html: str, english_html: str, fragments: list[str]) -> list[str]:
    """The untranslated pieces of a Dutch page, given the same page in English."""
    dutch_parts = visible_text(dutch_html)
    dutch = "\n".join(dutch_parts)
    found = [f"English {fragment!r}" for fragment in fragments if fragment in dutch]
    for text in set(dutch_parts) & set(visible_text(english_html)):
        words = {word.lower() for word in _WORD.findall(text)}
        if words & ENGLISH_ONLY_WORDS or text.lower() in ENGLISH_ADMIN_WORDS:
            found.append(f"not translated {text[:80]!r}")
    return found


# Words the admin shows alone (an app, a model, a column), English and not Dutch: the general
# detector needs two words in a sentence, an admin heading is often one. ("School" and
# "Accounts" are Dutch words too.)
ENGLISH_ADMIN_WORDS = frozenset(
    ["access", "people", "schools", "devices", "totp devices", "static devices", "otp_totp",
     "name", "key", "active", "channel", "board", "user", "users", "groups", "search",
     "created at", "last used at", "token hash",
     "purpose", "purposes", "decision", "method", "deadline", "opens on", "enabled", "issuer",
     "confirmed", "role", "roles", "starts on", "ends on", "username", "email address"]
)  # fmt: skip


def test_the_admin_index_and_every_list_are_dutch(world, catalog):  # noqa: F811
    assert COMPILED.exists(), f"{COMPILED.name} is missing: run compilemessages."
    fragments = _english_fragments(catalog)
    client = _admin_client(world)
    problems = []
    pages = _admin_pages()
    for url in pages:
        dutch, english = _get(client, url, "nl"), _get(client, url, "en")
        problems += [f"{url}: {problem}" for problem in english_on(dutch, english, fragments)]

    assert len(pages) > 20, "every registered model's list is checked"
    assert not problems, f"{len(problems)} piece(s) of English in the Dutch admin:\n" + "\n".join(
        sorted(problems)
    )
