"""The privacy registry (design.md, contract 4): every app's personal data, found in one place.

Each app that stores personal data has a `privacy.py` with:

- `PERSONAL_DATA`: `PersonalData` declarations, field name -> taxonomy key;
- `NOT_PERSONAL`: the text and date fields that are *not* personal data, each with the reason;
- `export(subject) -> Export`: the subject's data of this app, per category;
- `erase(subject, *, actor_id, categories=None, dry_run=True) -> Erasure`.

`registry()` imports these through `apps.get_app_configs()`; requests, retention, breach impact
and the public statement are computed from it. `problems()` lists every model field that looks
like personal data and is declared nowhere, or a declaration that points at nothing; a test keeps
that list empty.

This module imports no app (the audit app, which imports none, has a `privacy.py` too).
"""

import importlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# A field holds one category, or (like a record's body) one of several, decided per row.
Keys = str | tuple[str, ...]
# Category key -> rows: {"source": "dossier.Record", "id": 12, "fields": {"title": "…"}}.
Export = dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class DataSubject:
    """Whose data: a pupil, guardian or staff member, by primary key, with board and account."""

    kind: str  # "pupil", "guardian" or "staff": the first part of the taxonomy keys
    id: int
    board_id: int
    user_id: int | None = None

    @classmethod
    def of(cls, person: models.Model) -> "DataSubject":
        """From a people.Pupil, Guardian or Staff instance."""
        kind = person._meta.model_name or ""
        if kind not in ("pupil", "guardian", "staff"):
            raise ValueError(f"{person._meta.label} is not a data subject.")
        return cls(kind, int(person.pk), int(person.board_id), person.user_id)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PersonalData:
    """The fields of one model that hold personal data, each with its taxonomy key(s).

    When a field can hold several categories, `row_key` says which one a row holds (a record's
    body is a test result in one row and a diagnosis in the next).
    """

    model: type[models.Model]
    fields: Mapping[str, Keys]
    row_key: Callable[[Any], str] | None = None

    def keys_of(self, name: str) -> tuple[str, ...]:
        keys = self.fields[name]
        return (keys,) if isinstance(keys, str) else keys

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(k for name in self.fields for k in self.keys_of(name))


@dataclass(frozen=True)
class NotPersonal:
    """Fields that look like personal data to `problems()` but are not; field -> why not."""

    model: type[models.Model]
    fields: Mapping[str, str]


@dataclass(frozen=True)
class Erasure:
    """What an erase run removed or, in a dry run, would remove: counts per category, no values.

    `kept` names categories deliberately left, with a reason code: a legal retention duty, the
    audit log's accountability, or "not_implemented" where this app cannot erase yet.
    """

    app: str
    counts: dict[str, int]
    done: bool
    kept: dict[str, str] = field(default_factory=dict)


class Exporter(Protocol):
    def __call__(self, subject: DataSubject) -> Export: ...


class Eraser(Protocol):
    def __call__(
        self,
        subject: DataSubject,
        *,
        actor_id: int | None,
        categories: Collection[str] | None = None,
        dry_run: bool = True,
    ) -> Erasure: ...


class ManyEraser(Protocol):
    """Optional batch form of `erase` (issue 16 item 3): the same categories of many subjects in
    a few set-based queries. Returns one `Erasure` per subject it was given, exactly as `erase`
    would have; the retention engine uses it when an app has it and calls `erase` otherwise."""

    def __call__(
        self,
        subjects: Sequence[DataSubject],
        *,
        actor_id: int | None,
        categories: Collection[str],
        dry_run: bool = True,
    ) -> dict[DataSubject, Erasure]: ...


@dataclass(frozen=True)
class ExportFile:
    """A file that belongs in the subject's copy of their data (GDPR art. 15(3)), such as a photo
    of the child with every other face on it blurred. `content` makes the file when the copy is
    put together (a download), not when the data is only shown."""

    name: str  # path inside the copy, unique over all apps: "photos/photo-12.jpg"
    source: str  # the model label of the export row it belongs to
    id: int
    description: str  # what it is, in the active language ("Sports day, 30 September 2026")
    content: Callable[[], bytes]
    # For a file too large to hold in memory (a video): writes it to the path, reporting
    # progress in percent, in the background task that builds the package. Such a file is made
    # only there; `content` is not called for it. Raises ExportFileUnavailable when it cannot.
    write_to: Callable[[Path, Callable[[int], None]], None] | None = None


class ExportFileUnavailable(Exception):
    """A file of the copy could not be made (its source is missing or damaged): the copy lists
    it with `reason` (a text in the active language) instead of leaving it out."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class FileExporter(Protocol):
    def __call__(self, subject: DataSubject) -> list[ExportFile]: ...


@dataclass(frozen=True)
class DataRecipient:
    """An organisation outside the school that received some of the subject's data: GDPR art. 19
    says it is told of every correction and erasure of that data."""

    key: str  # stable within the app: "suppliers.Supplier:12"
    name: str
    categories: frozenset[str]  # the taxonomy keys it received
    email: str = ""  # where to tell it; empty: the privacy officer tells it by hand
    received_at: datetime | None = None
    # False when the subject may not learn of it (a disclosure under the meldcode): it is told,
    # but never named to the requester.
    shown_to_subject: bool = True


class RecipientLister(Protocol):
    def __call__(self, subject: DataSubject) -> list[DataRecipient]: ...


class Corrector(Protocol):
    def __call__(
        self,
        subject: DataSubject,
        *,
        source: str,
        item_id: int,
        field: str,
        value: str,
        actor_id: int,
    ) -> bool: ...


@dataclass(frozen=True)
class AppPrivacy:
    label: str
    personal: tuple[PersonalData, ...]
    not_personal: tuple[NotPersonal, ...]
    export: Exporter
    erase: Eraser
    # Optional (decision 0024): `correct(subject, *, source, item_id, field, value, actor_id)`
    # applies an accepted correction through the app's own service and returns whether it held
    # the item. Apps without it cannot be corrected online; the school corrects them by hand.
    correct: Corrector | None = None
    # Optional batch form of `erase` (ManyEraser); without it callers loop over `erase`.
    erase_many: ManyEraser | None = None
    # Optional: `export_files(subject)`, the files of the subject's copy (ExportFile).
    export_files: FileExporter | None = None
    # Optional: `recipients(subject)`, who outside the school received the subject's data.
    recipients: RecipientLister | None = None


def _load(label: str, module: ModuleType) -> AppPrivacy:
    missing = [
        n for n in ("PERSONAL_DATA", "NOT_PERSONAL", "export", "erase") if not hasattr(module, n)
    ]
    if missing:
        raise ImproperlyConfigured(f"{module.__name__} lacks {', '.join(missing)} (contract 4).")
    return AppPrivacy(
        label,
        tuple(module.PERSONAL_DATA),
        tuple(module.NOT_PERSONAL),
        module.export,
        module.erase,
        getattr(module, "correct", None),
        getattr(module, "erase_many", None),
        getattr(module, "export_files", None),
        getattr(module, "recipients", None),
    )


def registry() -> list[AppPrivacy]:
    """Every installed app's `privacy.py`, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.privacy"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        found.append(_load(config.label, module))
    return found


def declarations() -> list[PersonalData]:
    return [d for app in registry() for d in app.personal]


def export_subject(subject: DataSubject) -> Export:
    """All of the subject's data, from every app, per category."""
    merged: Export = {}
    for app in registry():
        for key, rows in app.export(subject).items():
            merged.setdefault(key, []).extend(rows)
    return merged


def export_subject_files(subject: DataSubject) -> list[ExportFile]:
    """The files of the subject's copy, from every app that has them (photos, for one)."""
    return [f for app in registry() if app.export_files for f in app.export_files(subject)]


def recipients_of(subject: DataSubject) -> list[DataRecipient]:
    """Every organisation outside the school that received some of the subject's data."""
    return [r for app in registry() if app.recipients for r in app.recipients(subject)]


def correct_item(
    subject: DataSubject, *, source: str, item_id: int, field: str, value: str, actor_id: int
) -> bool:
    """Correct one item (`source` is its model label, as in an export row) through the app that
    owns it. False when that app cannot correct online or holds no such item of the subject."""
    label = source.split(".", 1)[0]
    for app in registry():
        if app.label == label and app.correct is not None:
            return app.correct(
                subject, source=source, item_id=item_id, field=field, value=value, actor_id=actor_id
            )
    return False


def correctable(source: str) -> bool:
    label = source.split(".", 1)[0]
    return any(app.label == label and app.correct is not None for app in registry())


def erase_subject(
    subject: DataSubject,
    *,
    actor_id: int | None,
    categories: Collection[str] | None = None,
    dry_run: bool = True,
) -> list[Erasure]:
    """Erase (or plan to erase) the subject's data in every app.

    Later apps depend on earlier ones (a record protects its pupil), so they go first.
    """
    return [
        app.erase(subject, actor_id=actor_id, categories=categories, dry_run=dry_run)
        for app in reversed(registry())
    ]


# --- Helpers for the apps' export functions ----------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def collect(
    declaration: PersonalData, rows: Iterable[models.Model], subject: DataSubject
) -> Export:
    """The declared fields of `rows` that are about `subject`'s kind, grouped by category.

    Fields of another kind of subject are left out: a pupil's export names no staff member's
    account (`recorded_by` is the staff member's data), and the reverse.
    """
    found: Export = {}
    label = declaration.model._meta.label
    for row in rows:
        by_key: dict[str, dict[str, Any]] = {}
        for name in declaration.fields:
            keys = declaration.keys_of(name)
            key = (
                keys[0]
                if len(keys) == 1
                else declaration.row_key(row)
                if declaration.row_key
                else ""
            )
            if key.split(".", 1)[0] != subject.kind:
                continue
            by_key.setdefault(key, {})[name] = _plain(getattr(row, name))
        for key, values in by_key.items():
            found.setdefault(key, []).append({"source": label, "id": row.pk, "fields": values})
    return found


def merge(*exports: Export) -> Export:
    merged: Export = {}
    for export in exports:
        for key, rows in export.items():
            merged.setdefault(key, []).extend(rows)
    return merged


def plan_only(app: str, counts: Mapping[str, int], *, reason: str, dry_run: bool) -> Erasure:
    """The answer of an app that can count what it holds but does not erase it (yet)."""
    return Erasure(app, dict(counts), done=not dry_run, kept=dict.fromkeys(counts, reason))
