"""What the demo adds on top of the fictitious board so a newcomer can try issue 13 at once:

- sign-in accounts for every guardian with an email address and for a pupil of 16+, made by the
  same `people.accounts.accounts_sync` an import runs (so the invitation page has people to
  invite, and who cannot be invited and why);
- an email address for the location director, so the takedown emails after a withdrawal appear
  in the console;
- consent decisions for the demo teacher's group and the pupil of 16+, recorded through
  `consents.services.consent_decide` (so the ledger, the audit log and the outbox are as they
  would be): a mix of granted, refused and unanswered.

DEMO-ONLY DATA: every address ends in an example domain and no mail leaves the console.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.consents.models import Decision, Method, Purpose
from schoolprivacy.consents.services import consent_decide
from schoolprivacy.people.accounts import accounts_sync
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil, Staff
from schoolprivacy.schools.models import Board

# The purposes the demo decides on: the channels a newcomer publishes the demo photo to.
DEMO_PURPOSES = ("website", "newsletter", "social_media")
# Paper forms in the demo teacher's group, by position in the class list (surname order): a
# quarter answered "yes" to everything, a quarter "yes, but not on social media", a quarter "no"
# to everything, and a quarter never returned the form (unanswered).
PAPER_PATTERNS: tuple[dict[str, Decision], ...] = (
    {key: Decision.GRANTED for key in DEMO_PURPOSES},
    {
        "website": Decision.GRANTED,
        "newsletter": Decision.GRANTED,
        "social_media": Decision.REFUSED,
    },
    {key: Decision.REFUSED for key in DEMO_PURPOSES},
    {},
)
# The parent persona's own choices, given online: withdrawing one shows the takedown at work.
PERSONA_DECISIONS = {key: Decision.GRANTED for key in DEMO_PURPOSES}
# The pupil of 16+ decides themselves: yes to the website, no to social media, newsletter open.
PUPIL_DECISIONS = {"website": Decision.GRANTED, "social_media": Decision.REFUSED}


@dataclass(frozen=True)
class Onboarded:
    accounts: int
    pupil: Pupil
    decisions: int


def current_pupil_of(board: Board, school: str, group: str) -> Pupil:
    """The first pupil (by name) who is in `group` of `school` today."""
    today = timezone.localdate()
    return Pupil.objects.filter(
        Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gt=today),
        board=board,
        school__name=school,
        memberships__group__name=group,
        memberships__group__school_year__starts_on__lte=today,
        memberships__group__school_year__ends_on__gte=today,
        left_on__isnull=True,
    ).order_by("surname", "first_name", "pk").first() or _missing(group)


def _missing(group: str) -> Pupil:
    raise ValueError(f"The demo has no current pupil in {group}.")


def give_director_an_address(board: Board, username: str, email: str) -> None:
    User.objects.filter(username=username, staff__board=board).update(email=email)
    Staff.objects.filter(board=board, user__username=username).update(email=email)


def onboard(
    *,
    board: Board,
    pupil: Pupil,
    pupil_email: str,
    parent_email: str,
    administration: User,
    group: str,
) -> Onboarded:
    """Accounts as after an import, then the demo's consent decisions."""
    Pupil.objects.filter(pk=pupil.pk).update(email=pupil_email)
    synced = accounts_sync(board_id=board.pk, actor_id=None, channel="command")
    pupil.refresh_from_db()
    purposes = {
        p.key: p
        for p in Purpose.objects.filter(board=board, school__isnull=True, key__in=DEMO_PURPOSES)
    }
    decisions = 0
    persona = Guardian.objects.select_related("user").get(board=board, email=parent_email)
    persona_child = GuardianRelation.objects.get(guardian=persona).pupil
    assert persona.user is not None
    for key, decision in PERSONA_DECISIONS.items():
        consent_decide(
            actor=persona.user, pupil=persona_child, purpose=purposes[key], decision=decision,
            by_guardian=persona, method=Method.PORTAL, channel="command",
        )  # fmt: skip
        decisions += 1
    assert pupil.user is not None
    for key, decision in PUPIL_DECISIONS.items():
        consent_decide(
            actor=pupil.user, pupil=pupil, purpose=purposes[key], decision=decision,
            by_pupil=True, method=Method.PORTAL, channel="command",
        )  # fmt: skip
        decisions += 1
    classmates = _class_list(board, group, exclude=persona_child.pk)
    for index, classmate in enumerate(classmates):
        pattern = PAPER_PATTERNS[index % len(PAPER_PATTERNS)]
        signer = _signer(classmate)
        if signer is None:
            continue
        for key, decision in pattern.items():
            consent_decide(
                actor=administration, pupil=classmate, purpose=purposes[key], decision=decision,
                by_guardian=signer, method=Method.PAPER,
                reference=f"Demo-formulier {classmate.pk}", channel="command",
            )  # fmt: skip
            decisions += 1
    accounts = synced.created + synced.pupils_created + synced.linked
    return Onboarded(accounts=accounts, pupil=pupil, decisions=decisions)


def _class_list(board: Board, group: str, *, exclude: int) -> list[Pupil]:
    today = timezone.localdate()
    return list(
        Pupil.objects.filter(
            board=board,
            memberships__group__name=group,
            memberships__ends_on__isnull=True,
            memberships__group__school_year__starts_on__lte=today,
            memberships__group__school_year__ends_on__gte=today,
        )
        .exclude(pk=exclude)
        .order_by("surname", "first_name", "pk")
        .distinct()
    )


def _signer(pupil: Pupil) -> Guardian | None:
    """The parent with authority who signed the paper form (the first one the school lists)."""
    relation = (
        GuardianRelation.objects.filter(
            pupil=pupil, has_parental_authority=True, ends_on__isnull=True
        )
        .select_related("guardian")
        .order_by("pk")
        .first()
    )
    return relation.guardian if relation else None
