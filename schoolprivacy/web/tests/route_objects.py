"""The objects of school B that the route test fills its URL parameters with
(test_every_object_route_hides_other_boards.py): one maker per parameter name, in the owning
board. A route with a new parameter fails that test until a maker is added here."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from schoolprivacy.access.models import Assignment, Grant
from schoolprivacy.access.services import break_glass_open
from schoolprivacy.access.tests.helpers import make_grant
from schoolprivacy.accounts.tokens import api_token_create
from schoolprivacy.breaches.models import Breach
from schoolprivacy.breaches.services import breach_report, follow_up_add
from schoolprivacy.consents.disputes import dispute_open
from schoolprivacy.consents.models import ConsentRound, Purpose
from schoolprivacy.disclosures.services import disclosure_record
from schoolprivacy.imports.models import ImportRun
from schoolprivacy.people.models import Invitation, Staff
from schoolprivacy.photos.models import Channel
from schoolprivacy.photos.rendering import takedown_add
from schoolprivacy.photos.services import (
    channels_install_defaults,
    event_create,
    face_tag,
    faces_detect,
    photo_publish,
    photo_upload,
)
from schoolprivacy.photos.tests import samples
from schoolprivacy.policies.dpia import dpia_save
from schoolprivacy.policies.models import PolicyVersion
from schoolprivacy.policies.services import policy_version_create
from schoolprivacy.register.models import ProcessingActivity
from schoolprivacy.requests.services import request_submit
from schoolprivacy.suppliers.tests.helpers import make_supplier_agreement_at


def photo_objects(world: Any) -> dict[str, Any]:
    channels_install_defaults(board=world.board, actor_id=None)
    event = event_create(
        actor=world.teacher_b, school=world.school_b, name="Sportdag", held_on=date(2026, 9, 30)
    )
    image, _boxes = samples.group_photo(2, size=(900, 600), face_height=140)
    photo = photo_upload(
        actor=world.teacher_b, event=event, data=samples.jpeg_bytes(image), group=world.group_b
    )
    faces_detect(photo_id=photo.pk)
    face = photo.faces.order_by("x")[0]
    # The parent's child is in the photo, so the portal's photo route has something to show.
    face_tag(actor=world.teacher_b, face=face, pupil=world.pupil_b)
    channel = Channel.objects.get(board=world.board, key="website")
    outcome = photo_publish(actor=world.teacher_b, photo=photo, channel=channel)
    publication = outcome.publication
    assert publication is not None, outcome
    takedown = takedown_add(publication, change="withdrawn", cause="consent")
    return {
        "photo_id": photo.pk,
        "face_id": face.pk,
        "publication_id": publication.pk,
        "takedown_id": takedown.pk,
    }


def _live_invitation(world: Any) -> int:
    live = Invitation.objects.filter(school=world.school_b, revoked_at__isnull=True).last()
    if live is None:
        live = Invitation.objects.create(
            board=world.board, school=world.school_b, user=world.parent_b, sent_at=timezone.now()
        )
    return live.pk


def _consent_round(world: Any) -> int:
    today = timezone.localdate()
    consent_round = ConsentRound.objects.create(
        board=world.board,
        school=world.school_b,
        name="Toestemming",
        opens_on=today,
        deadline=today + timedelta(days=30),
    )
    consent_round.purposes.set(Purpose.objects.filter(board=world.board, key="website"))
    return consent_round.pk


# Parameter -> how to make its object in the owning board (school B of the conftest world).
Maker = Callable[[Any, dict[str, Any]], Any]
MAKERS: dict[str, Maker] = {
    "school_id": lambda w, u: w.school_b.pk,
    "group_id": lambda w, u: w.group_b.pk,
    "slug": lambda w, u: w.school_b.slug,
    # A purpose with a class list (photos on the website), so group lists have something to show.
    "purpose_id": lambda w, u: Purpose.objects.get(board=w.board, key="website").pk,
    "pupil_id": lambda w, u: w.pupil_b.pk,
    # An import preview lives in the session of the one who uploaded it: any token is foreign.
    "token": lambda w, u: "eenonbekendtoken",
    "run_id": lambda w, u: (
        ImportRun.objects.create(
            board=w.board, school=w.school_b, requested_by=u["administration"]
        ).pk
    ),
    "staff_id": lambda w, u: Staff.objects.get(user=w.teacher_b).pk,
    "assignment_id": lambda w, u: Assignment.objects.filter(staff__user=w.teacher_b)[0].pk,
    "user_id": lambda w, u: w.teacher_b.pk,
    "activity_id": lambda w, u: ProcessingActivity.objects.filter(board=w.board)[0].pk,
    "grant_id": lambda w, u: (
        make_grant(
            approver=w.privacy_officer,
            grantee=w.teacher_b,
            school=w.school_b,
            scope=Grant.Scope.PUPILS,
            pupils=[w.pupil_b],
        ).pk
    ),
    "dispute_id": lambda w, u: (
        dispute_open(
            actor=u["director"],
            pupil=w.pupil_b,
            purpose=Purpose.objects.filter(board=w.board).order_by("pk")[0],
        ).pk
    ),
    "token_id": lambda w, u: (
        api_token_create(user=u["administration"], actor_id=None, channel="command")[0].pk
    ),
    # A parent's own inspection request about their child, verified by sign-in.
    "request_id": lambda w, u: request_submit(actor=w.parent_b, pupil=w.pupil_b, kind="access").pk,
    # Resending replaces an invitation: always the newest live one, made when there is none.
    "invitation_id": lambda w, u: lambda: _live_invitation(w),
    # A legal disclosure about the pupil of school B (no consent needed).
    "disclosure_id": lambda w, u: (
        disclosure_record(
            actor=u["director"],
            pupil=w.pupil_b,
            recipient="samenwerkingsverband",
            basis="legal_obligation",
            article="wpo_18a",
            categories=["pupil.identity"],
        ).pk
    ),
    # An incident a teacher reported, with a follow-up the privacy officer added.
    "breach_id": lambda w, u: (
        breach_report(actor=w.teacher_b, aware_at=timezone.now(), description="Lek").pk
    ),
    "follow_up_id": lambda w, u: (
        follow_up_add(
            actor=w.privacy_officer,
            breach=Breach.objects.filter(board=w.board).latest("pk"),
            description="Training",
            due_on=None,
        ).pk
    ),
    "language": lambda w, u: "nl",
    # An emergency access to pupil B for the privacy officer to review (issue 17).
    "access_id": lambda w, u: (
        break_glass_open(user=w.teacher_b, pupil=w.pupil_b, reason="Leerling onwel").pk
    ),
    # The board's privacy regulation, a draft version, and an entry of the DPIA register.
    "document_id": lambda w, u: (
        policy_version_create(
            actor=w.privacy_officer, kind="regulation", title="Reglement", text="Artikel 1."
        ).document_id
    ),
    "version_id": lambda w, u: PolicyVersion.objects.filter(board=w.board).latest("pk").pk,
    "dpia_id": lambda w, u: (
        dpia_save(
            actor=w.privacy_officer,
            activity=None,
            supplier_name="Camera BV",
            criteria=[],
            document_reference="",
            performed_on=None,
            outcome="",
            measures="",
            review_on=None,
        ).pk
    ),
    # A running processor agreement naming school B, with its signed agreement stored.
    "agreement_id": lambda w, u: make_supplier_agreement_at(w, w.school_b).pk,
    # The supplier of that agreement, whose page holds its privacy contact.
    "supplier_id": lambda w, u: make_supplier_agreement_at(w, w.school_b).supplier_id,
    "kind": lambda w, u: "agreement_document",
    # The board's website channel (made with the photo objects, which run first).
    "channel_id": lambda w, u: Channel.objects.get(board=w.board, key="website").pk,
    # A consent purpose of the board (its own pages, not a pupil's).
    "board_purpose_id": lambda w, u: Purpose.objects.get(board=w.board, key="research").pk,
    # A consent round of school B for the website photos (issue 19).
    "round_id": lambda w, u: _consent_round(w),
}
PHOTO_PARAMS = {"photo_id", "face_id", "publication_id", "takedown_id"}
