"""`schoolprivacy rotate-keys`: re-seal what an older data key sealed.

It lives in `imports`, not `dossier`, because it re-seals both the dossier's encrypted values and
the import files kept here, and imports may depend on the dossier but not the other way round
(decision 0019).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schoolprivacy.dossier.rotation import BATCH_SIZE, rotate_keys, stale_counts
from schoolprivacy.encryption import data_keys
from schoolprivacy.imports import kept
from schoolprivacy.lib.sealed import newest_key_id


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value (diagnoses, care records, education numbers, ...) and "
        "every kept import file that is not under the newest DATA_KEYS key (the highest id), and "
        "re-make the education-number lookup hashes, in batches, with progress. Safe to run "
        "again: what is already under the newest key is left alone. Rule: remove an old key from "
        "DATA_KEYS only after `rotate-keys --check` passes, or the values it sealed can no longer "
        "be read. Each run is recorded in the audit log (dossier.keys.rotated, with counts, and "
        "imports.kept_file.rotated when files were re-sealed)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; exit non-zero when any value is still under an older key.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Rows per transaction (default {BATCH_SIZE}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        newest = newest_key_id(data_keys())
        if options["check"]:
            counts = {**stale_counts(), kept.PURPOSE: len(kept.stale())}
            stale = {purpose: n for purpose, n in counts.items() if n}
            if stale:
                listing = ", ".join(f"{purpose}: {n:,}" for purpose, n in sorted(stale.items()))
                raise CommandError(
                    f"Values still under an older key than key {newest}: {listing}. "
                    "Run `schoolprivacy rotate-keys`."
                )
            self.stdout.write(f"Every encrypted value is under the newest key ({newest}).")
            return
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")

        def progress(purpose: str, done: int, total: int) -> None:
            self.stderr.write(f"  {purpose}: {done:,} of {total:,}")

        self.stderr.write(f"Re-encrypting with data key {newest}…")
        counts = rotate_keys(batch_size=options["batch_size"], progress=progress)
        counts[kept.PURPOSE] = kept.rotate(progress)
        self.stdout.write(
            f"Done: {sum(counts.values()):,} values moved to key {newest} "
            f"({', '.join(f'{p}: {n:,}' for p, n in counts.items())})."
        )
