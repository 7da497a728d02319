"""Helpers for the apps' batch erasers (`erase_many`, privacy_registry.ManyEraser): group the
subjects of a batch, count rows per subject in one query, and fall back to `erase` per subject.

Like the privacy registry, this module imports no app.
"""

from collections.abc import Collection, Iterable
from typing import Any

from django.db import models

from schoolprivacy.privacy_registry import DataSubject, Eraser, Erasure


def by_kind_and_board(subjects: Iterable[DataSubject]) -> dict[tuple[str, int], list[DataSubject]]:
    """The subjects grouped by kind and board: one set-based query per group."""
    groups: dict[tuple[str, int], list[DataSubject]] = {}
    for subject in subjects:
        groups.setdefault((subject.kind, subject.board_id), []).append(subject)
    return groups


def count_per(rows: "models.QuerySet[Any]", field: str, ids: Iterable[int]) -> dict[int, int]:
    """How many of `rows` point at each of `ids` through `field`: one GROUP BY query."""
    chosen = rows.filter(**{f"{field}__in": list(ids)}).order_by()
    grouped = chosen.values(field).annotate(n=models.Count("pk")).values_list(field, "n")
    return {int(pk): int(n) for pk, n in grouped}


def each_subject(
    erase: Eraser,
    subjects: Iterable[DataSubject],
    *,
    actor_id: int | None,
    categories: Collection[str],
    dry_run: bool,
) -> dict[DataSubject, Erasure]:
    """`erase` per subject: a batch eraser's answer for the subjects it has no set form for."""
    return {
        s: erase(s, actor_id=actor_id, categories=categories, dry_run=dry_run) for s in subjects
    }
