"""The migration path from the unkeyed chain (decision 0016).

Events written before AUDIT_CHAIN_KEY existed carry unkeyed SHA-256 hashes that anyone with the
database can recompute. Sealing records, per chain, the last of them under a keyed MAC: the verifier
then accepts unkeyed events only up to the seal, so they can no longer be rewritten, and the keyed
events that follow can never be relabelled as unkeyed ones.
"""

from datetime import datetime
from typing import Any

from schoolprivacy.audit.chain import head_mac, seal_mac


def seal_unkeyed_chains(*, head_model: Any, seal_model: Any, key: bytes, now: datetime) -> int:
    """Seal every chain whose head has no MAC yet. Takes the models so a migration can use its own
    historical ones. Returns how many chains were sealed."""
    sealed = 0
    for head in head_model.objects.filter(mac="").order_by("chain"):
        seal_model.objects.create(
            chain=head.chain,
            seq=head.seq,
            hash=head.hash,
            mac=seal_mac(key=key, chain=head.chain, seq=head.seq, hash=head.hash),
            sealed_at=now,
        )
        head.mac = head_mac(key=key, chain=head.chain, seq=head.seq, hash=head.hash)
        head.save(update_fields=["mac"])
        sealed += 1
    return sealed
