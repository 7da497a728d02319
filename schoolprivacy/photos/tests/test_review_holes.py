"""Security review of issue 10 / decision 0016: ways a child stays shown after consent is gone.

Each test makes a live publication show a pupil, changes the consent facts through one path that
the outbox does not (fully) cover, runs the real outbox, and checks that the face is no longer
shown. Each was a hole that the nightly check closed only at night, or not at all; all are fixed
(docs/decisions/0016, "Holes found in review").
"""

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings

from schoolprivacy.conftest import World
from schoolprivacy.consents import outbox
from schoolprivacy.consents.models import ConsentEvent, Method, Purpose
from schoolprivacy.consents.outbox import handle_pending
from schoolprivacy.consents.rules import UNANSWERED, ConsentRuleError, consent_status
from schoolprivacy.consents.services import consent_decide, purpose_text_publish
from schoolprivacy.consents.views.common import purposes_for_pupil
from schoolprivacy.imports import services as import_services
from schoolprivacy.imports.tests.helpers import SAMPLES, run
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil
from schoolprivacy.photos import rendition
from schoolprivacy.photos.gate import SHOWN
from schoolprivacy.photos.models import Publication
from schoolprivacy.photos.services import face_tag, photo_publish
from schoolprivacy.photos.tests.conftest import PhotoWorld, grant
from schoolprivacy.photos.tests.consent_paths import Shown, assert_no_longer_shown, face_outcome
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db


def _mother(w: World) -> Guardian:
    """The guardian record of the `parent` persona (read from the table, so that it works
    whether User has one guardian or several)."""
    return Guardian.objects.get(user=w.parent, relations__pupil=w.pupil_a)


def _show_pupil_a(photos: PhotoWorld) -> Shown:
    """As consent_paths.show_pupil_a, for the website channel: face 1 is pupil A, mother and
    father hold authority, the mother granted; published with A shown."""
    w = photos.world
    father = factories.make_parent(pupil=w.pupil_a, email="vader@example.nl")
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    for face in photos.faces[1:]:
        face_tag(actor=w.teacher, face=face, not_a_pupil=True)
    mother = _mother(w)
    grant(mother, w.pupil_a, photos.website_purpose)
    outcome = photo_publish(actor=w.teacher, photo=photos.photo, channel=photos.website)
    assert outcome.publication is not None
    assert face_outcome(outcome.publication, photos) in SHOWN
    handle_pending()
    return Shown(photos, outcome.publication, mother, father)


def _lotte_shown(photos: PhotoWorld) -> tuple[Pupil, Publication]:
    """After a first import: Lotte (1002) on face 1, her mother Karin granted on paper, the
    photo published on the website with Lotte shown."""
    w = photos.world
    run(w, "parnassys.csv")
    lotte = Pupil.objects.get(external_id="1002", school=w.school_a)
    karin = GuardianRelation.objects.get(pupil=lotte, guardian__first_name="Karin").guardian
    consent_decide(
        actor=w.administration,
        pupil=lotte,
        purpose=photos.website_purpose,
        decision="granted",
        by_guardian=karin,
        method=Method.PAPER,
        reference="FORM-1",
    )
    face_tag(actor=w.director, face=photos.faces[0], pupil=lotte)
    for face in photos.faces[1:]:
        face_tag(actor=w.director, face=face, not_a_pupil=True)
    outcome = photo_publish(actor=w.director, photo=photos.photo, channel=photos.website)
    assert outcome.publication is not None and not outcome.gate.blurred
    handle_pending()
    return lotte, outcome.publication


def _export(tmp_path: Path, old: str, new: str) -> Path:
    text = (SAMPLES / "parnassys.csv").read_text(encoding="utf-8-sig")
    assert old in text
    path = tmp_path / "export.csv"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


# --- 1. A corrected date of birth (import or Pupil admin) ------------------------------------


def test_a_corrected_date_of_birth_hides_the_child(photos: PhotoWorld, tmp_path: Path) -> None:
    """Lotte was registered as born in 2016; the next export corrects it to 2009. She turned 16
    in 2025, so her mother's grant of today was made after the 16th birthday and no longer
    counts (rules.derive): the status is now "unanswered", and the face must not be shown."""
    lotte, publication = _lotte_shown(photos)
    export = _export(tmp_path, "Jansen;2-9-2016;", "Jansen;2-9-2009;")
    assert [c.fields for c in run(photos.world, export).updated] == [["date_of_birth"]]
    lotte.refresh_from_db()
    assert consent_status(lotte, photos.website_purpose).status == UNANSWERED  # the rules agree
    handle_pending()
    assert face_outcome(publication, photos) not in SHOWN


# --- 2. A link that the import ended (GuardianRelation.ends_on) --------------------------------


def test_a_link_ended_by_the_import_hides_the_child(photos: PhotoWorld, tmp_path: Path) -> None:
    """The next export no longer lists Karin for Lotte: the import ends the link today ("from
    that day the guardian ... may no longer decide", people/models.py). Her grant was the only
    one; the face must not stay shown."""
    lotte, publication = _lotte_shown(photos)
    export = _export(tmp_path, "Karin Jansen;moeder;JA;karin.jansen@example.nl;", ";;;;")
    run(photos.world, export)
    relation = GuardianRelation.objects.get(pupil=lotte, guardian__first_name="Karin")
    assert relation.ends_on is not None  # the import did end it
    assert ConsentEvent.objects.filter(kind="holders_changed", pupil=lotte).exists()
    handle_pending()
    assert face_outcome(publication, photos) not in SHOWN


# --- 3. The import's undo journal puts authority back without an event -------------------------


class Crash(Exception):
    pass


def test_an_import_undone_after_a_crash_hides_the_child_again(
    photos: PhotoWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export gives Lotte's father Mark parental authority. Between two chunks (the apply
    commits chunk by chunk with a pause) the administration records his paper grant and the
    photo is published with Lotte shown. A later chunk fails; the undo takes his authority away
    again, so his grant no longer counts: the face must not stay shown."""
    w = photos.world
    run(w, "parnassys.csv")
    lotte = Pupil.objects.get(external_id="1002", school=w.school_a)
    face_tag(actor=w.director, face=photos.faces[0], pupil=lotte)
    for face in photos.faces[1:]:
        face_tag(actor=w.director, face=face, not_a_pupil=True)
    export = _export(tmp_path, "Mark Smit;vader;nee;", "Mark Smit;vader;ja;")
    monkeypatch.setattr(import_services, "CHUNK_SIZE", 1)
    published: list[Publication] = []

    def progress(rows: int) -> None:
        if rows == 2:  # Lotte's chunk is committed: Mark holds authority now
            mark = GuardianRelation.objects.get(pupil=lotte, guardian__first_name="Mark")
            assert mark.has_parental_authority
            consent_decide(
                actor=w.administration,
                pupil=lotte,
                purpose=photos.website_purpose,
                decision="granted",
                by_guardian=mark.guardian,
                method=Method.PAPER,
                reference="FORM-2",
            )
            outcome = photo_publish(actor=w.director, photo=photos.photo, channel=photos.website)
            assert outcome.publication is not None and not outcome.gate.blurred
            published.append(outcome.publication)
        if rows >= 3:
            raise Crash

    with pytest.raises(Crash):
        run(w, export, progress=progress)
    mark = GuardianRelation.objects.get(pupil=lotte, guardian__first_name="Mark")
    assert not mark.has_parental_authority  # undone
    assert consent_status(lotte, photos.website_purpose).status == UNANSWERED  # the rules agree
    handle_pending()
    assert face_outcome(published[0], photos) not in SHOWN


# --- 4. A parent link moved to another pupil (GuardianRelation admin) --------------------------


def test_a_parent_link_moved_to_another_pupil_hides_the_first_child(photos: PhotoWorld) -> None:
    """The administration corrects a wrong link in the admin (GuardianRelationAdmin, which
    saves the row with `save()`): the mother's link is moved from pupil A to pupil C. Her grant
    no longer counts for A (the father has not answered), so A must not stay shown."""
    shown = _show_pupil_a(photos)
    relation = GuardianRelation.objects.get(pupil=photos.world.pupil_a, guardian=shown.mother)
    relation.pupil = photos.pupil_c  # what the admin's change form does
    relation.save()
    assert consent_status(photos.world.pupil_a, photos.website_purpose).status == UNANSWERED
    assert_no_longer_shown(shown)


# --- 5. A pupil who moved school cannot withdraw a school-level purpose -----------------------


def test_a_pupil_who_moved_school_can_still_be_withdrawn_from_the_old_schools_photos(
    photos: PhotoWorld,
) -> None:
    """School A has its own website text (a school-level purpose created in the admin). The
    mother granted it; the photo at school A shows pupil A. Pupil A moves to school B (Pupil
    admin). The mother withdraws "website" in the portal, which offers school B's purpose, the
    board's. The photo at school A must no longer show her child."""
    w = photos.world
    override = Purpose.objects.create(
        board=w.board,
        school=w.school_a,
        key="website",
        name="Website (De Regenboog)",
        channel_kind=photos.website_purpose.channel_kind,
    )
    purpose_text_publish(actor=w.privacy_officer, purpose=override, text_nl="Eigen tekst")
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    for face in photos.faces[1:]:
        face_tag(actor=w.teacher, face=face, not_a_pupil=True)
    grant(_mother(w), w.pupil_a, override)
    publication = photo_publish(actor=w.teacher, photo=photos.photo, channel=photos.website)
    assert publication.publication is not None and not publication.gate.blurred
    handle_pending()

    pupil = Pupil.objects.get(pk=w.pupil_a.pk)
    pupil.school = w.school_b
    pupil.save()
    # The portal offers the old school's purpose too, because the pupil has decisions on it,
    # and withdrawing it is allowed although it no longer applies to the pupil's school.
    assert override in purposes_for_pupil(pupil)
    grant(_mother(w), pupil, override, "withdrawn")
    with pytest.raises(ConsentRuleError):  # giving it anew is not: it is not their school's
        grant(_mother(w), pupil, override, "granted")
    handle_pending()
    assert face_outcome(publication.publication, photos) not in SHOWN


# --- 6. A failed effect is never retried unless another event happens --------------------------


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_failed_withdrawal_effect_is_scheduled_for_its_retry(
    photos: PhotoWorld, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    """The worker handles the withdrawal's event while the photo storage hiccups once. The
    event is marked for a retry in a minute; something on the task queue must run it then."""
    from django_tasks_db.models import DBTaskResult

    shown = _show_pupil_a(photos)
    with django_capture_on_commit_callbacks(execute=True):
        grant(shown.mother, photos.world.pupil_a, photos.website_purpose, "withdrawn")
    queued = DBTaskResult.objects.filter(task_path__endswith="handle_consent_events")
    assert queued.filter(status="READY").exists()
    queued.delete()  # the worker picked it up; it runs handle_pending:
    real = rendition.render
    calls = {"n": 0}

    def flaky(*args: Any, **kwargs: Any) -> bytes:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("storage hiccup")
        return real(*args, **kwargs)

    monkeypatch.setattr(rendition, "render", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        assert handle_pending() == 0
    event = ConsentEvent.objects.get(kind="withdrawn")
    assert event.next_attempt_at is not None and event.failed_at is None
    assert face_outcome(shown.publication, photos) in SHOWN  # still shown, waiting
    # Something must be queued that runs the outbox again once the retry is due.
    waiting = DBTaskResult.objects.filter(
        task_path__endswith="handle_consent_events", status="READY"
    )
    assert waiting.exists()
    assert outbox.MAX_ATTEMPTS > 1


# --- 7. Erasure and publishing take the photo's rows in opposite orders (PostgreSQL) -----------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections")
def test_erasure_during_a_publication_does_not_deadlock(
    photos: PhotoWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    from schoolprivacy.photos.erasure import pupil_faces_erase
    from schoolprivacy.testing.two_connections import Pause, interleave

    w = photos.world
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=w.pupil_a)
    for face in photos.faces[1:]:
        face_tag(actor=w.teacher, face=face, not_a_pupil=True)
    grant(_mother(w), w.pupil_a, photos.website_purpose)
    paused = Pause()
    monkeypatch.setattr(rendition, "render", paused.before(rendition.render))
    # The eraser takes what it can, then (waiting or not) the publisher goes on: either order,
    # but no deadlock.
    race = interleave(
        lambda: photo_publish(actor=w.teacher, photo=photos.photo, channel=photos.website),
        paused,
        lambda: pupil_faces_erase(board_id=w.board.pk, pupil_id=w.pupil_a.pk, actor_id=None),
        second_waits=None,
    )
    errors = [
        f"{who}: {str(e).splitlines()[0]}"
        for who, e in (("publish", race.first.error), ("erase", race.second.error))
        if e is not None
    ]
    assert errors == [], errors
    handle_pending()
    publication = Publication.objects.get(photo=photos.photo, channel=photos.website)
    if publication.status == Publication.Status.LIVE:
        assert face_outcome(publication, photos) not in SHOWN
