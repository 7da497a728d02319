"""Signed checkpoints: where every chain ended, kept outside the database (decision 0016).

A checkpoint lists per chain the number of events and the id, sequence number, hash and time of
the last one, signed with Ed25519 under a key derived from AUDIT_CHAIN_KEY. Whoever keeps the file
can later prove that the log still *extends* it: nothing up to the checkpointed event was removed
or rewritten, even by someone who holds the key or restored an old copy of the database.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.utils.translation import gettext as _

from schoolprivacy.audit.chain import macs_equal
from schoolprivacy.audit.keys import checkpoint_public_key, checkpoint_signing_key
from schoolprivacy.audit.models import AuditEvent, AuditRetainedStart

if TYPE_CHECKING:  # verification imports this module for the retained start of a chain
    from schoolprivacy.audit.verification import ChainReport

FORMAT = "schoolprivacy-audit-checkpoint"
VERSION = 1


class CheckpointError(Exception):
    """The checkpoint file cannot be trusted or read; the message says why, in plain words."""


@dataclass(frozen=True)
class ChainMark:
    chain: int
    count: int
    last_event_id: int
    last_seq: int
    last_hash: str
    last_occurred_at: str


@dataclass(frozen=True)
class Checkpoint:
    created_at: str
    chains: tuple[ChainMark, ...]


def _canonical(document: dict[str, Any]) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _public_key_hex(key: Ed25519PublicKey) -> str:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def make_checkpoint(reports: "list[ChainReport]", *, now: datetime) -> str:
    """The signed checkpoint as JSON text. Every report must be free of problems."""
    chains = []
    for report in reports:
        if report.problem is not None:
            raise ValueError("A checkpoint is only made of intact chains.")
        if report.last is None:
            continue
        chains.append(
            {
                "chain": report.chain,
                "count": report.checked,
                "last_event_id": report.last.id,
                "last_seq": report.last.seq,
                "last_hash": report.last.hash,
                "last_occurred_at": report.last.occurred_at.isoformat(),
            }
        )
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": now.isoformat(timespec="seconds"),
        "public_key": _public_key_hex(checkpoint_public_key()),
        "chains": chains,
    }
    document["signature"] = checkpoint_signing_key().sign(_canonical(document)).hex()
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def load_checkpoint(text: str) -> Checkpoint:
    """Read a checkpoint and check that this server's key signed it, unchanged."""
    try:
        document = json.loads(text)
        if document.get("format") != FORMAT or document.get("version") != VERSION:
            raise ValueError
        signature = bytes.fromhex(document.pop("signature"))
        chains = tuple(ChainMark(**mark) for mark in document["chains"])
        created_at = str(document["created_at"])
        public_key = str(document["public_key"])
    except (ValueError, TypeError, KeyError, AttributeError):
        raise CheckpointError(_("The file is not a Schoolprivacy audit checkpoint.")) from None
    if not macs_equal(public_key, _public_key_hex(checkpoint_public_key())):
        raise CheckpointError(
            _(
                "The checkpoint was not signed with this server's AUDIT_CHAIN_KEY (it comes from "
                "another installation, or the key was changed)."
            )
        )
    try:
        checkpoint_public_key().verify(signature, _canonical(document))
    except InvalidSignature:
        raise CheckpointError(
            _("The checkpoint file was changed after it was signed: its signature does not match.")
        ) from None
    return Checkpoint(created_at=created_at, chains=chains)


def retained_start_problem(start: AuditRetainedStart) -> str | None:
    """Why a chain's retained start (decision 0041) cannot be trusted, or None when it can: its
    document must be a checkpoint this server signed, naming exactly this start."""
    try:
        checkpoint = load_checkpoint(start.document)
    except CheckpointError as error:
        return _("its retained start cannot be trusted: %(reason)s") % {"reason": error}
    marks = [mark for mark in checkpoint.chains if mark.chain == start.chain]
    if len(marks) != 1 or (marks[0].last_seq, marks[0].count) != (start.seq, start.count):
        return _("its retained start differs from the signed checkpoint it holds")
    if not macs_equal(marks[0].last_hash, start.hash):
        return _("its retained start differs from the signed checkpoint it holds")
    return None


def extension_problems(checkpoint: Checkpoint, reports: "dict[int, ChainReport]") -> list[str]:
    """What is wrong when the log no longer extends the checkpoint; empty when it does.

    Events the audit log's own retention removed (up to a chain's retained start, which verify
    has checked) can no longer be compared: the log extends the checkpoint from there on."""
    problems = []
    starts = dict(AuditRetainedStart.objects.values_list("chain", "seq"))
    for mark in checkpoint.chains:
        if mark.last_seq <= starts.get(mark.chain, 0):
            continue
        words = {
            "chain": mark.chain,
            "count": mark.count,
            "seq": mark.last_seq,
            "date": checkpoint.created_at,
        }
        report = reports.get(mark.chain)
        if report is None or (report.checked == 0 and report.problem is None):
            problems.append(
                _(
                    "Chain %(chain)s is gone: the checkpoint of %(date)s recorded %(count)s "
                    "events, the database has none. A whole chain was deleted."
                )
                % words
            )
            continue
        event = AuditEvent.objects.filter(chain=mark.chain, seq=mark.last_seq).first()
        if event is None:
            last = AuditEvent.objects.filter(chain=mark.chain).order_by("-seq").first()
            problems.append(
                _(
                    "Chain %(chain)s ends at event %(end)s, but the checkpoint of %(date)s "
                    "recorded %(count)s events: events at the end were deleted."
                )
                % {**words, "end": last.seq if last else 0}
            )
        elif event.id != mark.last_event_id or not macs_equal(event.hash, mark.last_hash):
            problems.append(
                _(
                    "Chain %(chain)s, event %(seq)s is not the event in the checkpoint of "
                    "%(date)s: the log was rewritten after the checkpoint."
                )
                % words
            )
    return problems
