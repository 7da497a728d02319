"""The consent purposes for sharing with other organisations (domain.md: youth care, GGD,
external specialists and researchers need consent for that recipient and purpose; from a
secondary school the transfer report needs consent too).

One purpose per recipient, never bundled. They are consent-ledger purposes like any other:
parents (or the pupil from 16) grant and withdraw them in the portal, and the ledger derives the
status. Research uses the ledger's own `research` purpose (consents/defaults.py).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from schoolprivacy.audit.services import audit_record
from schoolprivacy.consents.models import ChannelKind, Purpose, PurposeText
from schoolprivacy.register.models import ProcessingActivity
from schoolprivacy.schools.models import Board


@dataclass(frozen=True)
class SharingPurpose:
    key: str
    name: str
    name_en: str
    activity: str  # the default register activity it belongs to
    text_nl: str
    text_en: str


SHARING_PURPOSES: tuple[SharingPurpose, ...] = (
    SharingPurpose(
        "transfer_report",
        "Overstapdossier naar de nieuwe school",
        "Transfer report to the next school",
        "transfer_secondary",
        "Als uw kind naar een andere school gaat, mogen wij het overstapdossier via "
        "Overstapservice Onderwijs (OSO) naar de nieuwe school sturen.",
        "When your child moves to another school, we may send the transfer report to the new "
        "school through the Overstapservice Onderwijs (OSO).",
    ),
    SharingPurpose(
        "sharing_youth_care",
        "Delen met jeugdhulp",
        "Sharing with youth care",
        "care_guidance",
        "Wij mogen gegevens over de begeleiding van uw kind delen met jeugdhulp van de gemeente "
        "(zoals het wijkteam), als dat nodig is om uw kind te helpen.",
        "We may share information about your child's guidance with the municipality's youth care "
        "(such as the neighbourhood team) when that is needed to help your child.",
    ),
    SharingPurpose(
        "sharing_ggd",
        "Delen met de GGD (jeugdarts)",
        "Sharing with the GGD (school doctor)",
        "care_guidance",
        "Wij mogen gegevens over de ontwikkeling van uw kind delen met de jeugdarts of "
        "jeugdverpleegkundige van de GGD.",
        "We may share information about your child's development with the school doctor or "
        "nurse of the GGD.",
    ),
    SharingPurpose(
        "sharing_specialist",
        "Delen met een externe deskundige",
        "Sharing with an external specialist",
        "care_guidance",
        "Wij mogen gegevens over de begeleiding van uw kind delen met een externe deskundige, "
        "zoals een orthopedagoog of psycholoog, die ons adviseert.",
        "We may share information about your child's guidance with an external specialist, such "
        "as a remedial educationalist or psychologist, who advises us.",
    ),
)


@transaction.atomic
def sharing_purposes_install(*, board: Board, actor_id: int | None) -> list[Purpose]:
    """Give the board each sharing purpose it lacks, with a published first text. Idempotent."""
    Board.objects.select_for_update().filter(pk=board.pk).exists()
    present = set(
        Purpose.objects.filter(board=board, school__isnull=True).values_list("key", flat=True)
    )
    activities = dict(ProcessingActivity.objects.filter(board=board).values_list("key", "pk"))
    now = timezone.now()
    created = []
    for spec in SHARING_PURPOSES:
        if spec.key in present:
            continue
        purpose = Purpose.objects.create(
            board=board,
            key=spec.key,
            name=spec.name,
            name_en=spec.name_en,
            # Data goes to one named organisation, not to a group or the public: the nearest of
            # the ledger's channel kinds, as for research.
            channel_kind=ChannelKind.INTERNAL,
            activity_id=activities.get(spec.activity),
        )
        PurposeText.objects.create(
            board=board,
            purpose=purpose,
            version=1,
            text_nl=spec.text_nl,
            text_en=spec.text_en,
            published_at=now,
        )
        created.append(purpose)
    if created:
        audit_record(
            action="disclosures.purposes.installed",
            board_id=board.pk,
            actor_id=actor_id,
            context={"count": len(created)},
            channel="system" if actor_id is None else "web",
        )
    return created
