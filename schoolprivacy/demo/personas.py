"""The demo board: two schools, about 200 pupils, and fixed personas anyone can sign in as.

DEMO-ONLY DATA. The password below is public: it is in the README and printed on every run, so it
protects nothing. `demo` refuses to run in production mode, so these accounts never reach a
database with real pupils in it.
"""

import random
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from schoolprivacy.access.models import Role
from schoolprivacy.accounts.models import User
from schoolprivacy.audit.services import audit_record
from schoolprivacy.demo.builders import build_board
from schoolprivacy.demo.disclosures import write_demo_disclosures
from schoolprivacy.demo.families import FamilyKind, FamilyPin
from schoolprivacy.demo.governance import write_demo_governance
from schoolprivacy.demo.onboarding import current_pupil_of, give_director_an_address, onboard
from schoolprivacy.demo.photos import write_demo_photos
from schoolprivacy.demo.requests import write_demo_requests
from schoolprivacy.demo.specs import GroupSpec, SchoolSpec
from schoolprivacy.demo.suppliers import write_demo_suppliers
from schoolprivacy.demo.videos import write_demo_video
from schoolprivacy.people.models import GuardianRelation, Staff
from schoolprivacy.schools.models import Board, School

# The demo board is recognised by this number; `seed` refuses to use it.
DEMO_BOARD_NUMBER = "99999"
DEMO_BOARD_NAME = "Stichting Proefonderwijs Lindendal (fictief)"
# Demo-only: a published password for fictitious accounts. Never use it for anything real.
DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105
# A fixed seed, so every fresh demo shows the same pupils (handy for screenshots and docs).
DEMO_RANDOM_SEED = 2026

SCHOOL_A = "OBS De Wilgenhoek"
SCHOOL_B = "Vlietland College"
TEACHER_GROUP = "Groep 5a"
TEACHER_B_GROUP = "5V"  # klas 5: pupils of 16 and 17 decide on consent themselves
PARENT_EMAIL = "ouder@voorbeeld.nl"
PARENT_WITHOUT_AUTHORITY_EMAIL = "ouder.zonder.gezag@voorbeeld.nl"
# A pupil of 16+ in 5V with an address from the pupil administration: signs in like a parent.
PUPIL_EMAIL = "leerling@voorbeeld.nl"
# The location director's address: takedown emails after a withdrawal go there (the console).
DIRECTOR_EMAIL = "directeur@voorbeeld.nl"


@dataclass(frozen=True)
class Persona:
    username: str
    title: str  # as in design.md §2
    role: Role
    school: str | None = None
    group: str | None = None

    @property
    def seat(self) -> tuple[str, str | None, str | None]:
        return (self.role.value, self.school, self.group)


STAFF_PERSONAS = (
    Persona("fg", "privacy officer (FG)", Role.PRIVACY_OFFICER),
    Persona("directeur", "location director", Role.LOCATION_DIRECTOR, SCHOOL_A),
    Persona("leerkracht", "teacher", Role.TEACHER, SCHOOL_A, TEACHER_GROUP),
    Persona("ib", "care coordinator (IB)", Role.CARE_COORDINATOR, SCHOOL_A),
    Persona("administratie", "administration", Role.ADMINISTRATION, SCHOOL_A),
    Persona("leerkracht.b", "teacher (secondary)", Role.TEACHER, SCHOOL_B, TEACHER_B_GROUP),
)
PARENT_PERSONAS = (
    ("parent with parental authority", PARENT_EMAIL),
    ("parent without authority", PARENT_WITHOUT_AUTHORITY_EMAIL),
)
# The privacy officer may look around the admin, read-only, at the organisation, the
# assignments (who has access) and the audit log; no pupil data (design.md §2).

DEMO_SCHOOLS = [
    SchoolSpec(
        SCHOOL_A,
        School.Kind.PRIMARY,
        (
            GroupSpec("Groep 3", 3, 24, "Groep 2"),
            GroupSpec(TEACHER_GROUP, 5, 24, "Groep 4a"),
            GroupSpec("Groep 7", 7, 24, "Groep 6"),
            GroupSpec("Groep 8", 8, 24, "Groep 7"),
        ),
        leavers=4,
        pins=(
            # The parent personas: separated, one with and one without authority, one child
            # in the demo teacher's group.
            FamilyPin(
                FamilyKind.SEPARATED,
                TEACHER_GROUP,
                emails=(PARENT_EMAIL, PARENT_WITHOUT_AUTHORITY_EMAIL),
            ),
            FamilyPin(FamilyKind.RESTRICTED, TEACHER_GROUP),
            FamilyPin(FamilyKind.VOOGD),
            FamilyPin(FamilyKind.FOSTER),
            FamilyPin(FamilyKind.SEPARATED),
        ),
    ),
    SchoolSpec(
        SCHOOL_B,
        School.Kind.SECONDARY,
        (
            GroupSpec("1A", 1, 24),
            GroupSpec("2B", 2, 24, "1B"),
            GroupSpec("4H", 4, 24, "3H"),
            GroupSpec(TEACHER_B_GROUP, 5, 24, "4V"),
        ),
        leavers=4,
        pins=(FamilyPin(FamilyKind.SEPARATED), FamilyPin(FamilyKind.RESTRICTED)),
    ),
]


class DemoConflict(Exception):
    """The database already holds accounts the demo would create, outside the demo board."""


def demo_board() -> Board | None:
    return Board.objects.filter(board_number=DEMO_BOARD_NUMBER).first()


@transaction.atomic
def create_demo_board(*, today: date) -> Board:
    """Seed the demo board and its personas in one transaction: all of it or nothing."""
    emails = [email for _, email in PARENT_PERSONAS] + [PUPIL_EMAIL, DIRECTOR_EMAIL]
    usernames = [p.username for p in STAFF_PERSONAS] + emails
    clash = list(
        User.objects.filter(Q(username__in=usernames) | Q(email__in=emails)).values_list(
            "username", flat=True
        )
    )
    if clash:
        raise DemoConflict(f"Accounts already exist outside the demo board: {sorted(clash)}.")

    built = build_board(
        board_number=DEMO_BOARD_NUMBER,
        board_name=DEMO_BOARD_NAME,
        specs=DEMO_SCHOOLS,
        rng=random.Random(DEMO_RANDOM_SEED),
        today=today,
        command="demo",
        persona_usernames={p.seat: p.username for p in STAFF_PERSONAS},
    )
    board = built.board
    staff_users = list(User.objects.filter(username__in=[p.username for p in STAFF_PERSONAS]))
    # One Argon2 hash for all: the password is public anyway, and hashing is the slow part.
    password = make_password(DEMO_PASSWORD)
    for user in staff_users:
        user.password = password
        user.is_staff = user.username == "fg"
        user.save(update_fields=["password", "is_staff"])
        # A confirmed device with a random key; `demo-code` prints its current code.
        TOTPDevice.objects.create(user=user, name="default", confirmed=True)

    give_director_an_address(board, "directeur", DIRECTOR_EMAIL)
    # Parents and the pupil of 16+ get their accounts the way an import gives them (one per
    # address, no password: they sign in with an emailed link), then the demo's consents.
    onboarded = onboard(
        board=board,
        pupil=current_pupil_of(board, SCHOOL_B, TEACHER_B_GROUP),
        pupil_email=PUPIL_EMAIL,
        parent_email=PARENT_EMAIL,
        administration=next(u for u in staff_users if u.username == "administratie"),
        group=TEACHER_GROUP,
    )
    persona_child = GuardianRelation.objects.get(
        guardian__board=board, guardian__email=PARENT_EMAIL
    )
    write_demo_photos(
        board=board,
        teacher_username="leerkracht",
        group_name=TEACHER_GROUP,
        today=today,
        first_tagged=persona_child.pupil_id,
    )
    write_demo_video(
        board=board,
        teacher_username="leerkracht",
        group_name=TEACHER_GROUP,
        today=today,
        pupil_id=persona_child.pupil_id,
    )
    write_demo_disclosures(board=board, school=SCHOOL_A, child=persona_child, today=today)
    write_demo_requests(child=persona_child, today=today)
    write_demo_governance(
        board=board, teacher_pupil=current_pupil_of(board, SCHOOL_A, TEACHER_GROUP), today=today
    )
    write_demo_suppliers(board=board, today=today)
    audit_record(
        action="demo.personas.seeded",
        board_id=board.pk,
        actor_id=None,
        context={
            "staff": len(staff_users),
            "parents": len(PARENT_PERSONAS),
            "accounts": onboarded.accounts,
            "consent_decisions": onboarded.decisions,
        },
        channel="command",
    )
    return board


def persona_table(board: Board, addr: str) -> str:
    """How to sign in as each persona; printed by every `demo` run."""
    staff = {s.user.username: s for s in Staff.objects.filter(board=board).select_related("user")}
    rows = [("persona", "username", "role", "school")]
    for persona in STAFF_PERSONAS:
        # English like the rest of the console output, whatever the UI language is.
        role = persona.role.value.replace("_", " ")
        if persona.group:
            role = f"{role}, {persona.group}"
        name = staff[persona.username].name if persona.username in staff else "(missing!)"
        rows.append(
            (f"{persona.title}: {name}", persona.username, role, persona.school or "whole board")
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    url = f"http://{addr}"
    lines[1:1] = ["  ".join("-" * width for width in widths)]
    return "\n".join(
        [
            f"Schoolprivacy demo: {board.name}, board number {board.board_number}.",
            "All people and schools in it are fictitious.",
            "",
            f"Staff personas (sign in at {url}/inloggen/):",
            "",
            *("  " + line.rstrip() for line in lines),
            "",
            f"  password for every staff persona: {DEMO_PASSWORD}",
            "  second factor: run `uv run schoolprivacy demo-code USERNAME` in another terminal",
            f"  admin: {url}/beheer/ as fg (organisation, staff, roles, accounts; no pupil data)",
            "",
            "Parent personas (no password; sign-in link by email):",
            "",
            *(f"  {title:<32}{email}" for title, email in PARENT_PERSONAS),
            "",
            f"  go to {url}/ouders/inloggen/, enter {PARENT_EMAIL}, "
            "the sign-in link appears in this console",
            f"  both are parents of one child in {TEACHER_GROUP} ({SCHOOL_A}), "
            f"taught by `leerkracht`",
            f"  pupil of 16+ in {TEACHER_B_GROUP} ({SCHOOL_B}): {PUPIL_EMAIL}, the same way; "
            "sees their own consents",
            "",
            f"Invitations: as administratie open {url}/uitnodigingen/, pick {TEACHER_GROUP}, "
            "send; the emails with their links appear in this console.",
            f"Takedowns: publish the Sportdag photo on the website as leerkracht, withdraw the "
            f"website consent as {PARENT_EMAIL}; the director's email ({DIRECTOR_EMAIL}) "
            "appears here.",
        ]
    )
