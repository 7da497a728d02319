"""The contract test's checks of the privacy registry: every field of our apps that can hold
personal data is declared in its app's `privacy.py`, either way (`privacy_registry`)."""

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models

from schoolprivacy.privacy_registry import AppPrivacy, NotPersonal, PersonalData, registry

# Field types that can hold personal data and therefore need a declaration either way.
_CHECKED_TYPES = (models.CharField, models.TextField, models.DateField, models.JSONField)


def _looks_personal(f: models.Field[Any, Any]) -> bool:
    if isinstance(f, models.ForeignKey) and f.related_model is not None:
        # A link to a sign-in account says whose row this is (author, owner, approver).
        return f.related_model._meta.label == settings.AUTH_USER_MODEL
    return isinstance(f, _CHECKED_TYPES) and not f.primary_key


def problems(
    entries: Iterable[AppPrivacy] | None = None, *, prefix: str = "schoolprivacy."
) -> list[str]:
    """Every undeclared personal-looking field of our apps, and every declaration of nothing."""
    entries = registry() if entries is None else list(entries)
    declared: dict[str, set[str]] = {}
    excused: dict[str, set[str]] = {}
    found: list[str] = []
    for app in entries:
        items: list[PersonalData | NotPersonal] = [*app.personal, *app.not_personal]
        for item in items:
            label = item.model._meta.label
            names = {f.name for f in item.model._meta.get_fields()}
            for name, value in item.fields.items():
                if name not in names:
                    found.append(
                        f"{label}.{name} is declared in {app.label}/privacy.py but is no field"
                    )
                if not value:
                    found.append(f"{label}.{name} is declared without a key or reason")
            target = declared if isinstance(item, PersonalData) else excused
            target.setdefault(label, set()).update(item.fields)
    for config in apps.get_app_configs():
        if not config.name.startswith(prefix):
            continue
        for model in config.get_models():
            if model._meta.proxy:
                # A proxy (accounts.AuthenticatorApp: django-otp's device under a Dutch admin
                # name) has no rows or columns of its own: its model declares them.
                continue
            label = model._meta.label
            for f in model._meta.concrete_fields:
                is_declared = f.name in declared.get(label, set())
                is_excused = f.name in excused.get(label, set())
                if is_declared and is_excused:
                    found.append(f"{label}.{f.name} is declared both personal and not personal")
                elif _looks_personal(f) and not (is_declared or is_excused):
                    found.append(
                        f"{label}.{f.name} may hold personal data: declare it in "
                        f"{config.name.replace('.', '/')}/privacy.py "
                        "(PERSONAL_DATA, or NOT_PERSONAL with a reason)"
                    )
    return found
