"""The audit log: append-only events chained by HMAC-SHA256, one chain per board.

The audit app imports no other app (design.md, contract 3): subjects are plain IDs with a type
name, and the actor is a user ID. Nothing here holds a personal value.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from schoolprivacy.audit.subjects import canonical_subjects


class AuditEvent(models.Model):
    # Chain 0 holds events that belong to no board (sign-in attempts of unknown accounts, ...).
    chain = models.BigIntegerField(_("chain"), db_index=True)
    seq = models.BigIntegerField(_("sequence number"))
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    actor_id = models.BigIntegerField(_("actor"), null=True, blank=True, db_index=True)
    # Where the action came from: web, api, command, task, system.
    channel = models.CharField(_("channel"), max_length=20, default="web")
    # [{"type": "people.pupil", "id": 12}, ...]; flattened into AuditSubject for filtering. Events
    # from before decision 0021 hold short names ("pupil"): read `subject_list` to show them.
    subjects = models.JSONField(_("subjects"), default=list)
    fields = models.JSONField(_("changed fields"), default=list)
    # Non-personal details: reason codes, counts, rule names. Never names, notes or contact data.
    context = models.JSONField(_("context"), default=dict)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)
    # How `hash` is made (audit/chain.py): 1 = unkeyed SHA-256 (events from before the keyed
    # chain, trusted up to the chain's AuditLegacySeal), 2 = HMAC-SHA256 with AUDIT_CHAIN_KEY.
    scheme = models.PositiveSmallIntegerField(_("hash scheme"))

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["chain", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_event_chain_seq_unique"),
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="audit_event_seq_positive"),
        ]

    def __str__(self) -> str:
        return f"#{self.chain}.{self.seq} {self.action}"

    @property
    def subject_list(self) -> list[dict[str, Any]]:
        """The subjects in the vocabulary of `audit.subjects`, as the index rows hold them."""
        return canonical_subjects(self.subjects, self.action)


class AuditSubject(models.Model):
    """One row per subject of an event, so "who touched pupil X" is an indexed lookup."""

    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="subject_rows")
    subject_type = models.CharField(max_length=50)
    subject_id = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="audit_subject_lookup"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_type} {self.subject_id}"


class AuditChainHead(models.Model):
    """The last sequence number and hash of each chain.

    Updated in the same transaction as every append. It lets `verify-audit` notice a deleted last
    event, and locking this row serialises appends to one chain. `mac` is keyed, so a head moved
    back over a deleted tail is noticed unless an old head row was kept (a checkpoint outside the
    database catches that too). The database only lets it move forward one event at a time.
    """

    chain = models.BigIntegerField(primary_key=True)
    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"chain {self.chain} at {self.seq}"


class AuditLegacySeal(models.Model):
    """Where a chain's unkeyed events end (migration 0004, decision 0016).

    Events with the old scheme are accepted only up to `seq`, and event `seq` must have `hash`;
    `mac` is keyed, so nobody without AUDIT_CHAIN_KEY can move the seal or seal a rewritten chain.
    """

    chain = models.BigIntegerField(primary_key=True)
    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)
    sealed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"chain {self.chain} unkeyed up to {self.seq}"


class AuditRetainedStart(models.Model):
    """Where a chain starts after the audit log's own retention removed its oldest events.

    `document` is the signed checkpoint (audit/checkpoint.py) of the last removed event, written
    before the removal; the same text went to a file the privacy officer keeps. `verify-audit`
    checks its signature and starts the chain from it: the first kept event must follow `hash`.
    The database lets events be deleted only up to `seq`, and this row only move forward.
    """

    chain = models.BigIntegerField(primary_key=True)
    # Events removed from this chain so far, all purges together.
    count = models.BigIntegerField()
    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    document = models.TextField()
    removed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"chain {self.chain} starts after {self.seq}"
