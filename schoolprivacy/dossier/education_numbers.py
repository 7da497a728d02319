"""The education number's keyed lookup hash: find a pupil by number without decrypting anything.

The hash key is derived (HKDF) from a DATA_KEYS key, not from SECRET_KEY:

- It protects the same secret as the encryption: a nine-digit number is guessed from an unkeyed
  or leaked-key hash in seconds, so its key belongs with the data keys, in the same vault.
- SECRET_KEY signs sessions and links and is rotated for reasons of its own (a leaked cookie
  secret) without any re-hashing step; tying imports to it would break them silently.
- Each hash starts with the id of the key that made it, so `rotate-keys` re-hashes the rows whose
  key is not the newest, and lookups try every configured key until then.
"""

from django.db.models import QuerySet

from schoolprivacy.encryption import data_keys
from schoolprivacy.lib import sealed
from schoolprivacy.lib.education_number import validate
from schoolprivacy.people.models import Pupil

HASH_PURPOSE = "people_pupil.education_number_hash"


def education_number_hash(number: str) -> str:
    """The hash under the newest key, as stored with a number that `validate` accepted."""
    return sealed.lookup_hash(number, keys=data_keys(), purpose=HASH_PURPOSE)


def pupils_by_education_number(*, board_id: int, number: str) -> QuerySet[Pupil]:
    """Pupils of one board with this number (one per school at most), for imports.

    Not limited by a user: imports act for the board's administration. Raises
    InvalidEducationNumber for text that is no education number.
    """
    hashes = sealed.lookup_hashes(validate(number), keys=data_keys(), purpose=HASH_PURPOSE)
    return Pupil.objects.filter(board_id=board_id, education_number_hash__in=hashes)


def stale_hashes() -> QuerySet[Pupil]:
    """Pupils whose lookup hash was made with an older key (for `rotate-keys`)."""
    newest = sealed.newest_key_id(data_keys())
    return Pupil.objects.exclude(education_number_hash="").exclude(
        education_number_hash__startswith=f"{newest}:"
    )
