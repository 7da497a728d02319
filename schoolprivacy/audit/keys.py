"""AUDIT_CHAIN_KEY and the checkpoint signing key derived from it."""

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from schoolprivacy.audit.chain import sub_key


def chain_key() -> bytes:
    key: str = settings.AUDIT_CHAIN_KEY
    return key.encode()


def checkpoint_signing_key() -> Ed25519PrivateKey:
    """Ed25519, so that a checkpoint can be checked with the public key alone (by an auditor, for
    example) and only a holder of AUDIT_CHAIN_KEY can sign one."""
    return Ed25519PrivateKey.from_private_bytes(sub_key(chain_key(), "checkpoint signing"))


def checkpoint_public_key() -> Ed25519PublicKey:
    return checkpoint_signing_key().public_key()
