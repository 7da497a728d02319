"""No child is shown without consent, on every path (issue 10).

Each test makes a live publication show pupil A, then changes consent through one path, runs the
real outbox, and proves that the rendition was re-rendered with the face blurred (a BLUR channel)
or taken offline (a BLOCK channel). The same tests run on SQLite and on PostgreSQL.
"""

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.tests.conftest import confirm_sudo, make_admin_user
from schoolprivacy.consents.disputes import dispute_open
from schoolprivacy.consents.models import ConsentEvent, Method, Purpose
from schoolprivacy.consents.outbox import handle_pending
from schoolprivacy.consents.services import consent_decide, purpose_text_publish
from schoolprivacy.imports.tests.helpers import SAMPLES, run
from schoolprivacy.people.models import GuardianRelation, Pupil
from schoolprivacy.photos.erasure import pupil_faces_erase
from schoolprivacy.photos.gate import SHOWN
from schoolprivacy.photos.models import Channel, ChannelMode, Publication
from schoolprivacy.photos.services import face_tag, photo_publish
from schoolprivacy.photos.tests.conftest import PhotoWorld, grant
from schoolprivacy.photos.tests.consent_paths import (
    Shown,
    assert_no_longer_shown,
    face_outcome,
    show_pupil_a,
)
from schoolprivacy.testing.sessions import sign_in_staff

pytestmark = pytest.mark.django_db


def _purpose(shown: Shown) -> Purpose:
    p = shown.photos
    return p.website_purpose if shown.publication.channel.key == "website" else p.social_purpose


def withdrawn_in_the_portal(shown: Shown, client: Any) -> None:
    grant(shown.mother, shown.photos.world.pupil_a, _purpose(shown), "withdrawn")


def refused_by_the_other_parent(shown: Shown, client: Any) -> None:
    grant(shown.father, shown.photos.world.pupil_a, _purpose(shown), "refused")


def refused_on_a_paper_form_signed_before_the_grant(shown: Shown, client: Any) -> None:
    """The father signed a refusal before the mother's grant; the administration enters it now.
    (The status at the signing moment did not allow processing; the status now did.)"""
    purpose = _purpose(shown)
    text_at = purpose.texts.get(version=1).published_at
    granted_at = shown.photos.world.pupil_a.consent_decisions.get(purpose=purpose).decided_at
    assert text_at is not None
    consent_decide(
        actor=shown.photos.world.administration,
        pupil=shown.photos.world.pupil_a,
        purpose=_purpose(shown),
        decision="refused",
        by_guardian=shown.father,
        method=Method.PAPER,
        reference="FORM-17",
        decided_at=text_at + (granted_at - text_at) / 2,
    )


def disputed_by_staff(shown: Shown, client: Any) -> None:
    w = shown.photos.world
    dispute_open(actor=w.director, pupil=w.pupil_a, purpose=_purpose(shown))


def the_granting_parent_loses_authority(shown: Shown, client: Any) -> None:
    relation = GuardianRelation.objects.get(pupil=shown.photos.world.pupil_a, guardian=shown.mother)
    relation.has_parental_authority = False
    relation.save()


def the_granting_parents_link_is_removed(shown: Shown, client: Any) -> None:
    GuardianRelation.objects.get(pupil=shown.photos.world.pupil_a, guardian=shown.mother).delete()


def a_new_text_version_is_published(shown: Shown, client: Any) -> None:
    purpose_text_publish(
        actor=shown.photos.world.privacy_officer, purpose=_purpose(shown), text_nl="Nieuw"
    )


def _officer_in_admin(shown: Shown, client: Any) -> Any:
    officer = make_admin_user(shown.photos.world.privacy_officer)
    signed_in = sign_in_staff(client, officer)
    confirm_sudo(signed_in, officer)
    return signed_in


def the_purpose_is_switched_off_in_the_admin(shown: Shown, client: Any) -> None:
    purpose = _purpose(shown)
    signed_in = _officer_in_admin(shown, client)
    response = signed_in.post(
        reverse("admin:consents_purpose_change", args=[purpose.pk]),
        {
            "key": purpose.key,
            "name": purpose.name,
            "name_en": purpose.name_en,
            "channel_kind": purpose.channel_kind,
            "activity": purpose.activity_id or "",
            "school": "",
        },
    )
    assert response.status_code == 302, response.content[:800]
    purpose.refresh_from_db()
    assert not purpose.is_active


def the_channel_gets_another_purpose_in_the_admin(shown: Shown, client: Any) -> None:
    channel = shown.publication.channel
    signed_in = _officer_in_admin(shown, client)
    response = signed_in.post(
        reverse("admin:photos_channel_change", args=[channel.pk]),
        {
            "key": channel.key,
            "name": channel.name,
            "name_en": channel.name_en,
            "purpose_key": "newsletter",  # pupil A has no consent for the newsletter
            "mode": channel.mode,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:800]


def the_face_is_tagged_as_another_pupil(shown: Shown, client: Any) -> None:
    p = shown.photos
    face_tag(actor=p.world.teacher, face=p.faces[0], pupil=p.pupil_c)  # C has no consent


def the_pupil_is_erased(shown: Shown, client: Any) -> None:
    w = shown.photos.world
    pupil_faces_erase(board_id=w.board.pk, pupil_id=w.pupil_a.pk, actor_id=None)


def the_pupil_turns_16_and_withdraws(shown: Shown, client: Any) -> None:
    pupil = shown.photos.world.pupil_a
    today = timezone.localdate()
    Pupil.objects.filter(pk=pupil.pk).update(
        date_of_birth=today.replace(year=today.year - 16) - timedelta(days=1),
        user=User.objects.create_user(username="pupil-a", email="a@example.nl"),
    )
    pupil.refresh_from_db()
    assert pupil.user is not None
    consent_decide(
        actor=pupil.user,
        pupil=pupil,
        purpose=_purpose(shown),
        decision="withdrawn",
        by_pupil=True,
        method=Method.PORTAL,
    )


PATHS: list[Callable[[Shown, Any], None]] = [
    withdrawn_in_the_portal,
    refused_by_the_other_parent,
    refused_on_a_paper_form_signed_before_the_grant,
    disputed_by_staff,
    the_granting_parent_loses_authority,
    the_granting_parents_link_is_removed,
    a_new_text_version_is_published,
    the_purpose_is_switched_off_in_the_admin,
    the_channel_gets_another_purpose_in_the_admin,
    the_face_is_tagged_as_another_pupil,
    the_pupil_is_erased,
    the_pupil_turns_16_and_withdraws,
]


@pytest.mark.parametrize("channel_key", ["website", "social_media"], ids=["blur", "block"])
@pytest.mark.parametrize("change", PATHS, ids=[p.__name__ for p in PATHS])
def test_a_shown_child_is_hidden_after_every_path_that_takes_consent_away(
    photos: PhotoWorld, client: Any, change: Callable[[Shown, Any], None], channel_key: str
) -> None:
    channel = Channel.objects.get(board=photos.world.board, key=channel_key)
    shown = show_pupil_a(photos, channel)
    change(shown, client)
    assert_no_longer_shown(shown)


def test_the_sweep_finds_no_drift_after_all_of_that(photos: PhotoWorld, client: Any) -> None:
    from schoolprivacy.photos.sweep import publications_sweep

    shown = show_pupil_a(photos, photos.website)
    refused_on_a_paper_form_signed_before_the_grant(shown, client)
    the_granting_parent_loses_authority(shown, client)
    handle_pending()
    result = publications_sweep(board=photos.world.board)
    assert (result.checked, result.drift) == (1, 0)


def test_switching_a_channel_to_block_takes_blurred_publications_offline(
    photos: PhotoWorld, client: Any
) -> None:
    w = photos.world
    face_tag(actor=w.teacher, face=photos.faces[0], pupil=photos.pupil_c)  # no consent: blurred
    publication = photo_publish(actor=w.teacher, photo=photos.photo, channel=photos.website)
    assert publication.status == "published_blurred"
    signed_in = _officer_in_admin(
        Shown(photos, publication.publication, w.parent.guardian, w.parent.guardian),  # type: ignore[arg-type]
        client,
    )
    channel = photos.website
    response = signed_in.post(
        reverse("admin:photos_channel_change", args=[channel.pk]),
        {
            "key": channel.key,
            "name": channel.name,
            "name_en": channel.name_en,
            "purpose_key": channel.purpose_key,
            "mode": ChannelMode.BLOCK,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    handle_pending()
    assert publication.publication is not None
    publication.publication.refresh_from_db()
    assert publication.publication.status == Publication.Status.WITHDRAWN


def test_authority_lost_by_an_import_hides_the_child(photos: PhotoWorld, tmp_path: Path) -> None:
    """Lotte's mother Karin granted consent; the next export says she has no authority."""
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
    publication = photo_publish(actor=w.director, photo=photos.photo, channel=photos.website)
    assert publication.publication is not None and not publication.gate.blurred
    handle_pending()

    text = (SAMPLES / "parnassys.csv").read_text(encoding="utf-8-sig")
    export = tmp_path / "export.csv"
    export.write_text(text.replace("Karin Jansen;moeder;JA", "Karin Jansen;moeder;nee"))
    assert run(w, export).relations_updated == 1
    assert ConsentEvent.objects.filter(kind="holders_changed", pupil=lotte).exists()
    handle_pending()
    assert face_outcome(publication.publication, photos) not in SHOWN


def test_a_first_import_writes_no_events_for_pupils_without_decisions(photos: PhotoWorld) -> None:
    run(photos.world, "parnassys.csv")
    assert not ConsentEvent.objects.exists()


def test_a_repeated_withdrawal_is_recorded_once(photos: PhotoWorld) -> None:
    w = photos.world
    for _ in range(3):
        grant(w.parent.guardian, w.pupil_a, photos.website_purpose, "withdrawn")
    assert w.pupil_a.consent_decisions.count() == 1
    assert ConsentEvent.objects.filter(kind="withdrawn").count() == 1


def test_a_second_paper_form_is_new_evidence(photos: PhotoWorld) -> None:
    w = photos.world
    for reference in ("FORM-1", "FORM-1", "FORM-2"):
        consent_decide(
            actor=w.administration,
            pupil=w.pupil_a,
            purpose=photos.website_purpose,
            decision="refused",
            by_guardian=w.parent.guardian,
            method=Method.PAPER,
            reference=reference,
        )
    assert w.pupil_a.consent_decisions.count() == 2
