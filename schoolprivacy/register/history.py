"""An activity's versions in words, for the history on its page."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from schoolprivacy import taxonomy
from schoolprivacy.access.models import Role
from schoolprivacy.accounts.models import User
from schoolprivacy.register.models import (
    ActivityVersion,
    LegalBasis,
    ProcessingActivity,
    SchoolKind,
    Source,
)
from schoolprivacy.register.models.retention import RetentionRule


@dataclass(frozen=True)
class Change:
    label: str
    value: str


@dataclass(frozen=True)
class HistoryRow:
    number: int
    changed_at: datetime
    changed_by: str
    is_first: bool
    changes: list[Change]


def field_label(name: str) -> str:
    field = ProcessingActivity._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.verbose_name)


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value  # a code from an older version of the vocabulary: show it as stored


def recipient_in_words(recipient: dict[str, str]) -> str:
    return f"{recipient['name']}: {_label(LegalBasis, recipient['basis'])}"


def value_in_words(name: str, value: Any) -> str:
    """A snapshot value as the history shows it: labels rather than codes."""
    if name == "categories":
        return ", ".join(
            str(taxonomy.BY_KEY[key].label) if key in taxonomy.BY_KEY else key for key in value
        )
    if name == "data_subjects":
        return ", ".join(
            str(taxonomy.SUBJECT_LABELS.get(taxonomy.Subject(v), v)) if v in taxonomy.Subject else v
            for v in value
        )
    if name == "access_roles":
        return ", ".join(_label(Role, v) for v in value)
    if name == "sources":
        return ", ".join(_label(Source, v) for v in value)
    if name == "recipients":
        return "; ".join(recipient_in_words(r) for r in value)
    if name == "legal_basis":
        return _label(LegalBasis, value)
    if name == "school_kind":
        return _label(SchoolKind, value)
    if name == "retention_rule":
        rule = RetentionRule(
            event=value["event"],
            years=value["years"],
            months=value["months"],
            is_minimum=value["is_minimum"],
        )
        return f"{value['name']}: {rule.describe()}"
    if name == "is_active":
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value) if value else "-"


def history_rows(versions: Iterable[ActivityVersion]) -> list[HistoryRow]:
    versions = list(versions)
    ids = {v.changed_by for v in versions if v.changed_by is not None}
    names = dict(User.objects.filter(id__in=ids).values_list("id", "username"))
    rows = []
    for version in versions:
        is_first = version.number == 1
        changes = (
            []
            if is_first
            else [
                Change(field_label(name), value_in_words(name, version.data.get(name)))
                for name in version.changed_fields
            ]
        )
        who = names.get(version.changed_by or 0, "") if version.changed_by else _("system")
        rows.append(HistoryRow(version.number, version.changed_at, who, is_first, changes))
    return rows
