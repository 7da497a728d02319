"""The consent purposes for sharing with other organisations (domain.md: youth care, GGD,
external specialists and researchers need consent for that recipient and purpose; from a
secondary school the transfer report needs consent too).

One purpose per recipient, never bundled. They are consent-ledger purposes like any other:
parents (or the pupil from 16) grant and withdraw them in the portal, and the ledger derives the
status. Research uses the ledger's own `research` purpose (consents/defaults.py).

Every board has them wherever it gets the ledger's default purposes: `DisclosuresConfig.ready()`
registers them with `consents.defaults`, so `consents.services.purposes_install_defaults` installs
them (idempotently) without consents importing this app; migration 0002 gives them to boards that
already had their default purposes.
"""

from schoolprivacy.consents.defaults import PurposeSpec, register_default_purposes
from schoolprivacy.consents.models import ChannelKind

# Data goes to one named organisation, not to a group or the public: the nearest of the ledger's
# channel kinds, as for research.
_TO_ONE_ORGANISATION = ChannelKind.INTERNAL.value

SHARING_PURPOSES: tuple[PurposeSpec, ...] = (
    PurposeSpec(
        "transfer_report",
        "Overstapdossier naar de nieuwe school",
        "Transfer report to the next school",
        _TO_ONE_ORGANISATION,
        "transfer_secondary",
        "Als uw kind naar een andere school gaat, mogen wij het overstapdossier via "
        "Overstapservice Onderwijs (OSO) naar de nieuwe school sturen.",
        "When your child moves to another school, we may send the transfer report to the new "
        "school through the Overstapservice Onderwijs (OSO).",
    ),
    PurposeSpec(
        "sharing_youth_care",
        "Delen met jeugdhulp",
        "Sharing with youth care",
        _TO_ONE_ORGANISATION,
        "care_guidance",
        "Wij mogen gegevens over de begeleiding van uw kind delen met jeugdhulp van de gemeente "
        "(zoals het wijkteam), als dat nodig is om uw kind te helpen.",
        "We may share information about your child's guidance with the municipality's youth care "
        "(such as the neighbourhood team) when that is needed to help your child.",
    ),
    PurposeSpec(
        "sharing_ggd",
        "Delen met de GGD (jeugdarts)",
        "Sharing with the GGD (school doctor)",
        _TO_ONE_ORGANISATION,
        "care_guidance",
        "Wij mogen gegevens over de ontwikkeling van uw kind delen met de jeugdarts of "
        "jeugdverpleegkundige van de GGD.",
        "We may share information about your child's development with the school doctor or "
        "nurse of the GGD.",
    ),
    PurposeSpec(
        "sharing_specialist",
        "Delen met een externe deskundige",
        "Sharing with an external specialist",
        _TO_ONE_ORGANISATION,
        "care_guidance",
        "Wij mogen gegevens over de begeleiding van uw kind delen met een externe deskundige, "
        "zoals een orthopedagoog of psycholoog, die ons adviseert.",
        "We may share information about your child's guidance with an external specialist, such "
        "as a remedial educationalist or psychologist, who advises us.",
    ),
)


def register() -> None:
    """Make the sharing purposes part of every board's default purposes (from `ready()`)."""
    register_default_purposes(SHARING_PURPOSES)
