"""The demo's promises for issue 13 (README, "Demo personas"): consents already given, a pupil of
16+ who signs in and sees their own consents, the location director's takedown email, and an
invitation round the administration persona can try."""

import re
from typing import Any

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.parent_links import parent_user_id_for
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.consents.models import ConsentDecision, Decision, Method, Purpose
from schoolprivacy.consents.rules import consent_status
from schoolprivacy.consents.services import consent_decide
from schoolprivacy.demo.personas import (
    DIRECTOR_EMAIL,
    PARENT_EMAIL,
    PARENT_WITHOUT_AUTHORITY_EMAIL,
    PUPIL_EMAIL,
    TEACHER_GROUP,
)
from schoolprivacy.people.accounts import current_link_q
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil
from schoolprivacy.photos.models import Channel, Photo
from schoolprivacy.photos.services import photo_publish
from schoolprivacy.schools.models import Board, Group
from schoolprivacy.testing.sessions import sign_in_parent, sign_in_staff


def test_the_teachers_group_has_granted_refused_and_unanswered_consent(demo: Board) -> None:
    group = Group.objects.get(board=demo, name=TEACHER_GROUP)
    pupils = Pupil.objects.filter(memberships__group=group, memberships__ends_on__isnull=True)
    decisions = ConsentDecision.objects.filter(pupil__in=pupils)
    assert decisions.filter(decision=Decision.GRANTED).exists()
    assert decisions.filter(decision=Decision.REFUSED).exists()
    assert pupils.exclude(pk__in=decisions.values("pupil")).exists()  # unanswered
    assert decisions.filter(method=Method.PAPER).exclude(reference="").exists()
    # Through the real service: every decision is in the audit log.
    logged = AuditEvent.objects.filter(chain=demo.pk, action__startswith="consents.decision.")
    assert logged.count() == ConsentDecision.objects.filter(board=demo).count()
    website = Purpose.objects.get(board=demo, key="website", school__isnull=True)
    child = Pupil.objects.get(guardian_relations__guardian__email=PARENT_EMAIL)
    assert consent_status(child, website).allows_processing


def test_the_pupil_of_16_signs_in_and_sees_their_own_consents(demo: Board) -> None:
    user_id = parent_user_id_for(PUPIL_EMAIL)
    assert user_id is not None
    user = User.objects.get(pk=user_id)
    assert user.kind == User.Kind.PUPIL
    assert ConsentDecision.objects.filter(pupil__user=user, by_pupil=True).count() == 2
    page = sign_in_parent(Client(), user).get("/leerling/")
    assert page.status_code == 200
    assert user.pupil.first_name in page.content.decode()


def test_the_parent_personas_have_accounts_made_by_the_account_sync(demo: Board) -> None:
    for email in (PARENT_EMAIL, PARENT_WITHOUT_AUTHORITY_EMAIL):
        assert parent_user_id_for(email) is not None
    # Everyone the import would give an account has one; parents of last year's leavers do not.
    today = timezone.localdate()
    with_address = Guardian.objects.filter(board=demo).exclude(email="")
    current = with_address.filter(
        pk__in=GuardianRelation.objects.filter(current_link_q(today)).values("guardian")
    )
    assert current.exists() and not current.filter(user__isnull=True).exists()
    assert not with_address.exclude(pk__in=current).filter(user__isnull=False).exists()


def test_a_withdrawal_emails_the_location_director(
    demo: Board, django_capture_on_commit_callbacks: Any
) -> None:
    director = User.objects.get(username="directeur")
    assert director.email == DIRECTOR_EMAIL
    teacher = User.objects.get(username="leerkracht")
    photo = Photo.objects.get(board=demo)
    website = Channel.objects.get(board=demo, key="website")
    assert photo_publish(actor=teacher, photo=photo, channel=website).publication is not None
    guardian = Guardian.objects.select_related("user").get(board=demo, email=PARENT_EMAIL)
    assert guardian.user is not None
    child = Pupil.objects.get(guardian_relations__guardian=guardian)
    assert photo.faces.filter(pupil=child).exists()  # the persona's child is tagged
    mail.outbox.clear()
    consent_decide(
        actor=guardian.user, pupil=child, by_guardian=guardian, method=Method.PORTAL,
        purpose=Purpose.objects.get(board=demo, key="website", school__isnull=True),
        decision=Decision.WITHDRAWN,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        call_command("handle_consent_events")
    assert [DIRECTOR_EMAIL] in [message.to for message in mail.outbox]


def test_the_administration_previews_and_sends_an_invitation_round(
    demo: Board, django_capture_on_commit_callbacks: Any
) -> None:
    administration = User.objects.get(username="administratie")
    client = sign_in_staff(Client(), administration)
    group = Group.objects.get(board=demo, name=TEACHER_GROUP)
    school = group.school
    page = client.get(f"/uitnodigingen/{school.slug}/", {"group": group.pk})
    assert page.status_code == 200
    text = page.content.decode()
    persona = Guardian.objects.get(board=demo, email=PARENT_EMAIL)
    without = Guardian.objects.get(board=demo, email=PARENT_WITHOUT_AUTHORITY_EMAIL)
    # Both in the preview: one to invite, one who cannot be (information on request only).
    assert persona.name in text and without.name in text
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/uitnodigingen/{school.slug}/", {"group": group.pk})
    assert sent.status_code == 302
    to_persona = [m for m in mail.outbox if m.to == [PARENT_EMAIL]]
    assert len(to_persona) == 1
    assert re.search(r"/ouders/inloggen/[^/\s]+/", str(to_persona[0].body))
    # The parent without authority is not invited (information on request only).
    assert not [m for m in mail.outbox if m.to == [PARENT_WITHOUT_AUTHORITY_EMAIL]]
