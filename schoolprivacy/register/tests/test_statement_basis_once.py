"""A recipient's basis is said once in the statement, not in its name as well (issue 19)."""

from django.utils import translation

from schoolprivacy.register.defaults import ACTIVITY_DEFAULTS
from schoolprivacy.register.models.choices import LegalBasis
from schoolprivacy.register.plain_words import RECIPIENT_BASIS
from schoolprivacy.register.statement import _without_basis


def test_a_name_from_earlier_defaults_loses_its_basis_in_both_languages():
    with translation.override("nl"):
        dutch = str(RECIPIENT_BASIS[LegalBasis.CONSENT])  # "alleen met toestemming"
    name = f"Schoolfotograaf ({dutch})"
    for language in ("nl", "en"):
        with translation.override(language):
            assert _without_basis(name, LegalBasis.CONSENT) == "Schoolfotograaf"
            assert _without_basis("Schoolfotograaf (only with consent)", "a") == "Schoolfotograaf"
    # A different basis in brackets, or brackets of the name's own, stay.
    assert _without_basis(name, LegalBasis.LEGAL_OBLIGATION) == name
    assert _without_basis("GGD (regio Utrecht)", LegalBasis.CONSENT) == "GGD (regio Utrecht)"


def test_the_defaults_do_not_put_the_basis_in_a_recipient_name():
    names = [r[0] for a in ACTIVITY_DEFAULTS for r in a.recipients]
    assert names, "the defaults name recipients"
    assert not [n for n in names if "toestemming" in n]
