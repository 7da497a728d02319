"""The ECK iD's first step (domain.md): scrypt over the lower-cased education number.

The expected value below was derived by hand from the specification's parameters with an
independent implementation, OpenSSL's command line:

    openssl kdf -keylen 32 -kdfopt pass:123456782 \
        -kdfopt hexsalt:64656d6f2d65636b2d69642d73616c74 \
        -kdfopt n:131072 -kdfopt r:8 -kdfopt p:4 -kdfopt maxmem_bytes:268435456 SCRYPT

(the salt is the base64 test salt "ZGVtby1lY2staWQtc2FsdA==" decoded; 123456782 passes the BSN
eleven-test). No published test vector of the sector was found in public sources.
"""

import base64

import pytest
from django.test import override_settings

from schoolprivacy.conftest import World
from schoolprivacy.dossier.services import education_number_set
from schoolprivacy.suppliers import eck
from schoolprivacy.suppliers.exports.rows import ExportRefused
from schoolprivacy.suppliers.exports.service import export_make
from schoolprivacy.suppliers.models import EckId
from schoolprivacy.suppliers.tests.helpers import make_agreement

SALT = "ZGVtby1lY2staWQtc2FsdA=="
NUMBER = "123456782"
EXPECTED = "2719e448bd83f23c98638e11697ff3042f9e2ae22c2b7d23c575245fc40b1f65"


@override_settings(ECK_ID_SALT=SALT)
def test_the_hashed_pgn_matches_the_value_derived_from_the_specification() -> None:
    assert base64.b64decode(SALT) == b"demo-eck-id-salt"
    # Surrounding blanks are not part of the number.
    assert eck.hashed_pgn(f" {NUMBER} ") == EXPECTED


@override_settings(ECK_ID_SALT="")
def test_without_a_salt_there_is_no_eck_id() -> None:
    with pytest.raises(eck.EckUnavailable):
        eck.hashed_pgn(NUMBER)


@pytest.mark.django_db
@override_settings(ECK_ID_SALT=SALT)
def test_an_export_carries_the_hashed_number_never_the_number(world: World) -> None:
    education_number_set(actor=world.administration, pupil=world.pupil_a, number=NUMBER)
    agreement = make_agreement(world, fields=["pseudonym", "eck_id"])
    made = export_make(
        agreement=agreement, school=world.school_a, actor=world.administration, fmt="uwlr_csv"
    )
    text = made.file.read().decode()
    assert EXPECTED in text
    assert NUMBER not in text
    # Kept, so the next export need not run scrypt again; stale when the salt changes.
    stored = EckId.objects.get(pupil=world.pupil_a)
    assert stored.value == EXPECTED
    assert stored.salt_id == eck.salt_id()


@pytest.mark.django_db
@override_settings(ECK_ID_SALT="")
def test_an_eck_export_without_a_salt_is_refused(world: World) -> None:
    agreement = make_agreement(world, fields=["pseudonym", "eck_id"])
    with pytest.raises(ExportRefused):
        export_make(
            agreement=agreement, school=world.school_a, actor=world.administration, fmt="uwlr_csv"
        )
