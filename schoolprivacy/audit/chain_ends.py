"""Where a verified audit chain must end: at its signed head, past its legacy seal, with no event
after the head that no head covers (`audit.verification`, decision 0063)."""

from django.utils.translation import gettext as _

from schoolprivacy.audit.chain import GENESIS_HASH, head_mac, macs_equal, seal_mac
from schoolprivacy.audit.chain_reports import ChainProblem
from schoolprivacy.audit.models import AuditChainHead, AuditEvent, AuditLegacySeal


def end_problem(
    chain: int, end_seq: int, end_hash: str, key: bytes, head: AuditChainHead | None
) -> ChainProblem | None:
    seal = AuditLegacySeal.objects.filter(chain=chain).first()
    if seal is not None:
        if not macs_equal(seal_mac(key=key, chain=chain, seq=seal.seq, hash=seal.hash), seal.mac):
            return ChainProblem(
                chain, seal.seq, None, _("the seal of the unkeyed events was changed")
            )
        if end_seq < seal.seq:
            return ChainProblem(
                chain,
                end_seq,
                None,
                _("the chain ends at %(end)s, before the sealed event %(seq)s: events were deleted")
                % {"end": end_seq, "seq": seal.seq},
            )
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    if head_seq != end_seq or head_hash != end_hash:
        return ChainProblem(
            chain,
            head_seq,
            None,
            _(
                "the chain ends at %(end)s but its head records %(head)s: events at the end were "
                "deleted or the head was altered"
            )
            % {"end": end_seq, "head": head_seq},
        )
    if head is not None and not macs_equal(
        head_mac(key=key, chain=chain, seq=head.seq, hash=head.hash), head.mac
    ):
        return ChainProblem(
            chain,
            head_seq,
            None,
            _(
                "the chain head was changed outside the application (events at the end may have "
                "been deleted)"
            ),
        )
    return None


def beyond_head(chain: int, end: int) -> ChainProblem | None:
    """An event after the end of the walk that no head covers, even read now: written around
    the application (its events and its head are committed together, so an event appended
    while the walk ran is under the head read after it)."""
    last = AuditEvent.objects.filter(chain=chain, seq__gt=end).order_by("-seq").first()
    if last is None:
        return None
    head = AuditChainHead.objects.filter(chain=chain).first()
    covered = head.seq if head is not None else 0
    if last.seq <= covered:
        return None
    # The first event no head covers: past the end of the walk, and past the head if it has moved
    # on since. A head deleted meanwhile covers nothing, so the walk's end is the bound then.
    uncovered = max(covered, end)
    first = AuditEvent.objects.filter(chain=chain, seq__gt=uncovered).order_by("seq").first()
    assert first is not None  # last is one
    return ChainProblem(
        chain,
        first.seq,
        first.id,
        _(
            "it comes after the end of the chain that its head records: it was not written by "
            "the application"
        ),
    )
