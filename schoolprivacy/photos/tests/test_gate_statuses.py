"""The gate for every consent status: only "granted" shows a face (issue 10), and automatic
re-checks only ever hide more. Plus the daily sweep: nothing to fix on a healthy system, and
drift planted behind the outbox's back is found and fixed."""

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from schoolprivacy.consents.disputes import dispute_open
from schoolprivacy.consents.models import ConsentDecision, Method
from schoolprivacy.consents.outbox import handle_pending
from schoolprivacy.consents.services import purpose_text_publish
from schoolprivacy.people.models import GuardianRelation
from schoolprivacy.photos.gate import SHOWN, evaluate
from schoolprivacy.photos.models import FaceOutcome, PublicationCheck
from schoolprivacy.photos.services import face_tag, photo_publish
from schoolprivacy.photos.sweep import publications_sweep
from schoolprivacy.photos.tests.conftest import PhotoWorld, grant
from schoolprivacy.photos.tests.consent_paths import face_outcome, show_pupil_a

pytestmark = pytest.mark.django_db


def granted(p: PhotoWorld) -> None:
    grant(p.world.parent.guardian, p.world.pupil_a, p.website_purpose)


def refused(p: PhotoWorld) -> None:
    grant(p.world.parent.guardian, p.world.pupil_a, p.website_purpose, "refused")


def withdrawn(p: PhotoWorld) -> None:
    granted(p)
    grant(p.world.parent.guardian, p.world.pupil_a, p.website_purpose, "withdrawn")


def unanswered(p: PhotoWorld) -> None:
    pass


def disputed(p: PhotoWorld) -> None:
    granted(p)
    dispute_open(actor=p.world.director, pupil=p.world.pupil_a, purpose=p.website_purpose)


def granted_on_an_old_text_version(p: PhotoWorld) -> None:
    granted(p)
    purpose_text_publish(actor=p.world.privacy_officer, purpose=p.website_purpose, text_nl="v2")


def granted_by_a_parent_without_authority_now(p: PhotoWorld) -> None:
    granted(p)
    GuardianRelation.objects.filter(pupil=p.world.pupil_a).update(has_parental_authority=False)


STATUSES: dict[str, tuple[Callable[[PhotoWorld], None], bool]] = {
    "granted": (granted, True),
    "refused": (refused, False),
    "withdrawn": (withdrawn, False),
    "unanswered": (unanswered, False),
    "disputed": (disputed, False),
    "old_text_version": (granted_on_an_old_text_version, False),
    "holder_lost_authority": (granted_by_a_parent_without_authority_now, False),
}


@pytest.mark.parametrize("status", list(STATUSES))
def test_only_granted_shows_the_face(photos: PhotoWorld, status: str) -> None:
    make, shown = STATUSES[status]
    face_tag(actor=photos.world.teacher, face=photos.faces[0], pupil=photos.world.pupil_a)
    make(photos)
    gate = evaluate(photos.photo, photos.website)
    verdict = next(v for v in gate.verdicts if v.face.pk == photos.faces[0].pk)
    assert verdict.shown is shown
    outcome = photo_publish(actor=photos.world.teacher, photo=photos.photo, channel=photos.website)
    assert outcome.publication is not None
    assert (face_outcome(outcome.publication, photos) in SHOWN) is shown


def test_an_unknown_face_never_shows(photos: PhotoWorld) -> None:
    gate = evaluate(photos.photo, photos.website)
    assert [v.outcome for v in gate.verdicts] == [FaceOutcome.UNKNOWN] * 3


def test_an_automatic_recheck_never_unblurs(photos: PhotoWorld) -> None:
    """Face 2 (pupil C, no consent) is blurred; C's parents then grant and pupil A withdraws:
    the new rendition hides A and still hides C."""
    w = photos.world
    shown = show_pupil_a(photos, photos.website)
    parent_c = GuardianRelation.objects.filter(pupil=photos.pupil_c).first()
    face_tag(actor=w.teacher, face=photos.faces[1], pupil=photos.pupil_c)
    assert face_outcome_of(shown.publication, photos, 1) == FaceOutcome.NO_CONSENT
    if parent_c is None:
        from schoolprivacy.testing import factories

        parent_c_guardian = factories.make_parent(pupil=photos.pupil_c, email="c@example.nl")
    else:
        parent_c_guardian = parent_c.guardian
    grant(parent_c_guardian, photos.pupil_c, photos.website_purpose)
    grant(w.parent.guardian, w.pupil_a, photos.website_purpose, "withdrawn")
    handle_pending()
    assert face_outcome(shown.publication, photos) not in SHOWN
    assert face_outcome_of(shown.publication, photos, 1) not in SHOWN


def face_outcome_of(publication: Any, photos: PhotoWorld, index: int) -> str:
    from schoolprivacy.photos.models import PublicationFace

    publication.refresh_from_db()
    return PublicationFace.objects.get(
        publication=publication, version=publication.version, face=photos.faces[index]
    ).outcome


def test_the_sweep_finds_nothing_on_a_healthy_system(photos: PhotoWorld) -> None:
    show_pupil_a(photos, photos.website)
    grant(photos.world.parent.guardian, photos.world.pupil_a, photos.website_purpose, "withdrawn")
    handle_pending()
    out = StringIO()
    with translation.override("en"):
        call_command("recheck_publications", "--fail-on-drift", stdout=out)
    assert f"{photos.world.board.name}: live publications checked: 1; fixed: 0." in out.getvalue()
    check = PublicationCheck.objects.get(board=photos.world.board)
    assert (check.checked, check.drift) == (1, 0)


def test_the_sweep_fixes_drift_planted_behind_the_outbox(photos: PhotoWorld) -> None:
    """A refusal inserted straight into the ledger, bypassing the services (and so the
    outbox), is exactly the kind of path the sweep exists for."""
    w = photos.world
    shown = show_pupil_a(photos, photos.website)
    text = photos.website_purpose.texts.get(version=1)
    assert text.published_at is not None
    ConsentDecision.objects.create(
        board=w.board,
        school=w.school_a,
        pupil=w.pupil_a,
        purpose=photos.website_purpose,
        text=text,
        decision="refused",
        guardian=shown.father,
        method=Method.PORTAL,
        decided_at=text.published_at,
    )
    handle_pending()
    assert face_outcome(shown.publication, photos) in SHOWN  # the outbox never heard of it
    with pytest.raises(CommandError):
        call_command("recheck_publications", "--fail-on-drift", stdout=StringIO())
    assert face_outcome(shown.publication, photos) not in SHOWN
    assert PublicationCheck.objects.get(board=w.board).drift == 1
    assert publications_sweep(board=w.board).drift == 0  # fixed for good
