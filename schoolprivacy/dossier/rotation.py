"""Re-encrypting with the newest data key (`schoolprivacy rotate-keys`).

Finds every value of every `EncryptedTextField` not sealed with the newest DATA_KEYS key, and every
education-number lookup hash made with an older key, and rewrites them in batches. Each batch is
its own transaction with its rows locked, so the site can stay up and an interrupted run simply
continues where it stopped when started again.
"""

from collections.abc import Callable
from typing import Any

from django.db import models, transaction

from schoolprivacy.audit.services import audit_record
from schoolprivacy.dossier.education_numbers import education_number_hash, stale_hashes
from schoolprivacy.encryption import (
    EncryptedTextField,
    data_keys,
    encrypted_fields,
    update_by_pk,
)
from schoolprivacy.lib import sealed
from schoolprivacy.people.models import Pupil

BATCH_SIZE = 500
HASH_LABEL = "people_pupil.education_number_hash"

Progress = Callable[[str, int, int], None]


def _stale(model: type[models.Model], field: EncryptedTextField, newest: int) -> Any:
    name = field.name
    return (
        model._base_manager.exclude(**{f"{name}__sealed_with": newest})
        .exclude(**{name: ""})
        .exclude(**{f"{name}__isnull": True})
    )


def stale_counts() -> dict[str, int]:
    """Per purpose (table.column): how many values still need the newest key."""
    newest = sealed.newest_key_id(data_keys())
    counts = {
        field.purpose: _stale(model, field, newest).count() for model, field in encrypted_fields()
    }
    counts[HASH_LABEL] = stale_hashes().count()
    return counts


def _rotate_column(
    model: type[models.Model],
    field: EncryptedTextField,
    newest: int,
    batch_size: int,
    progress: Progress | None,
) -> int:
    total = _stale(model, field, newest).count()
    done = 0
    while True:
        with transaction.atomic():
            batch = list(
                _stale(model, field, newest)
                .select_for_update()
                .order_by("pk")
                .only("pk", field.name)[:batch_size]
            )
            if not batch:
                return done
            # Loading opened each value with its own key; saving seals it with the newest.
            update_by_pk(model, batch, [field.name])
        done += len(batch)
        if progress is not None:
            progress(field.purpose, done, total)


def _rotate_hashes(batch_size: int, progress: Progress | None) -> int:
    total = stale_hashes().count()
    done = 0
    while True:
        with transaction.atomic():
            batch = list(
                stale_hashes()
                .select_for_update()
                .order_by("pk")
                .only("pk", "education_number", "education_number_hash")[:batch_size]
            )
            if not batch:
                return done
            for pupil in batch:
                pupil.education_number_hash = education_number_hash(pupil.education_number)
            update_by_pk(Pupil, batch, ["education_number_hash"])
        done += len(batch)
        if progress is not None:
            progress(HASH_LABEL, done, total)


def rotate_keys(
    *, batch_size: int = BATCH_SIZE, progress: Progress | None = None
) -> dict[str, int]:
    """Move everything to the newest key; return how many values of each purpose moved."""
    newest = sealed.newest_key_id(data_keys())
    counts = {
        field.purpose: _rotate_column(model, field, newest, batch_size, progress)
        for model, field in encrypted_fields()
    }
    counts[HASH_LABEL] = _rotate_hashes(batch_size, progress)
    # One event for the whole run, on the chain of events without a board: keys are per
    # installation. Counts and the key id only.
    audit_record(
        action="dossier.keys.rotated",
        board_id=None,
        actor_id=None,
        context={"key_id": newest, "total": sum(counts.values()), **counts},
        channel="command",
    )
    return counts
