"""The pupil page's parents and guardians section (issue 19): who sees which part, and the log.

The administration and the care coordinator see names, relation, authority, restrictions and
contact details; a teacher of the pupil's group names and contact details (to reach the parents),
and that a parent must not be informed, never why; emergency access opens all of it. The
location director sees no section at all; outsiders get the usual 404.
"""

import pytest
from django.urls import reverse

from schoolprivacy.access.reads import DOSSIER_OPENED
from schoolprivacy.access.services import break_glass_open
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.people.models import Guardian, GuardianRelation

PHONE = "06 1234 5678"
REASON = "Omgangsregeling: rechterlijke uitspraak"


@pytest.fixture
def family(world):
    guardian = Guardian.objects.get(user=world.parent)
    guardian.phone = PHONE
    guardian.address = "Dorpsstraat 1, Lindendal"
    guardian.save()
    other = Guardian.objects.get(user=world.parent_without_authority)
    GuardianRelation.objects.filter(guardian=other).update(
        information_restriction=GuardianRelation.Restriction.COURT_ORDER,
        restriction_reason=REASON,
    )
    return world


def _page(client, pupil):
    return client.get(reverse("web:pupil", args=[pupil.id]))


def _guardian_keys(event):
    return {key for key in event.context["categories"] if key.startswith("guardian.")}


def _guardian_reads(user):
    return [
        event
        for event in AuditEvent.objects.filter(action=DOSSIER_OPENED, actor_id=user.pk)
        if any(key.startswith("guardian.") for key in event.context["categories"])
    ]


def test_the_administration_sees_everything_and_the_read_is_logged(family, staff_client):
    text = _page(staff_client(family.administration), family.pupil_a).content.decode()

    assert 'id="guardians-heading"' in text
    assert "ouder@example.nl" in text and PHONE in text and "Dorpsstraat 1" in text
    assert "guardian-restricted" in text and REASON in text
    (event,) = _guardian_reads(family.administration)
    # The page's one read-log entry names the guardian categories with the pupil's own.
    assert _guardian_keys(event) == {"guardian.identity", "guardian.contact", "guardian.authority"}
    assert "pupil.identity" in event.context["categories"]
    assert (
        AuditEvent.objects.filter(action=DOSSIER_OPENED, actor_id=family.administration.pk).count()
        == 1
    )
    # Codes only in the log, never the values.
    assert PHONE not in str(event.context) and "ouder@example.nl" not in str(event.context)


def test_a_teacher_sees_how_to_reach_the_parents_but_not_authority_or_why(family, staff_client):
    text = _page(staff_client(family.teacher), family.pupil_a).content.decode()

    assert PHONE in text and "ouder@example.nl" in text
    # That one parent may not be informed is shown; the reason and authority are not.
    assert "guardian-restricted" in text
    assert REASON not in text
    assert "Parental authority" not in text and "Ouderlijk gezag" not in text
    (event,) = _guardian_reads(family.teacher)
    assert _guardian_keys(event) == {"guardian.identity", "guardian.contact"}


def test_the_director_sees_no_section_and_nothing_is_logged_for_it(family, staff_client):
    response = _page(staff_client(family.director), family.pupil_a)

    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="guardians-heading"' not in text
    assert PHONE not in text and "ouder@example.nl" not in text
    assert _guardian_reads(family.director) == []


def test_emergency_access_opens_the_phone_number(family, staff_client):
    # A teacher of another group of the school opens emergency access (a pupil they know).
    client = staff_client(family.director)
    break_glass_open(
        user=family.director, pupil=family.pupil_a, reason="Allergische reactie op schoolreis"
    )

    text = _page(client, family.pupil_a).content.decode()

    assert PHONE in text and REASON in text
    (event,) = _guardian_reads(family.director)
    assert event.context["break_glass_ids"]


@pytest.mark.parametrize("persona", ["teacher_b", "privacy_officer", "other_board_staff"])
def test_staff_without_the_pupil_get_a_404_and_no_guardian_data(family, staff_client, persona):
    user = getattr(family, persona)
    response = _page(staff_client(user), family.pupil_a)

    assert response.status_code == 404
    assert PHONE not in response.content.decode()
    assert _guardian_reads(user) == []


def test_a_guardian_whose_link_ended_is_not_shown(family, staff_client):
    from datetime import date

    GuardianRelation.objects.filter(guardian__user=family.parent).update(ends_on=date(2000, 1, 1))

    text = _page(staff_client(family.administration), family.pupil_a).content.decode()

    assert PHONE not in text and "ouder@example.nl" not in text
