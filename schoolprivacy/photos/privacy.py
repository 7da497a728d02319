"""Personal data of the photo library (contract 4): faces tagged with a pupil, and publications.

A photo is `pupil.image` data of every pupil on it; whose face is where is known only through
the tags. Export lists the photos a pupil is tagged on and where they were published. Erasure
blurs the pupil's face in the stored original for good (the other children on the photo keep
theirs), removes the tag, and re-renders or takes offline every live publication that showed it.
"""

from collections.abc import Collection, Sequence

from django.db.models import Prefetch

from schoolprivacy.photos.models import (
    Channel,
    Face,
    Photo,
    PhotoEvent,
    Publication,
    PublicationCheck,
    PublicationFace,
    Takedown,
)
from schoolprivacy.privacy_batches import by_kind_and_board, count_per
from schoolprivacy.privacy_registry import (
    DataSubject,
    Erasure,
    Export,
    ExportFile,
    NotPersonal,
    PersonalData,
    collect,
)

_KEY = "pupil.image"
_STAFF = "staff.activity"

FACES = PersonalData(
    Face,
    {"pupil": _KEY, "tagged_at": _KEY, "tagged_by": _STAFF},
)
PHOTOS = PersonalData(
    Photo,
    {"original": _KEY, "uploaded_at": _KEY, "uploaded_by": _STAFF},
)
PUBLICATIONS = PersonalData(
    Publication,
    {
        "rendition": _KEY,
        "published_at": _KEY,
        "rendered_at": _KEY,
        "withdrawn_at": _KEY,
        "external_reference": _KEY,
        "published_by": _STAFF,
    },
)
PUBLICATION_FACES = PersonalData(
    PublicationFace,
    {"outcome": _KEY, "decision_ids": _KEY, "consent_status": _KEY},
)
EVENTS = PersonalData(PhotoEvent, {"created_by": _STAFF})
TAKEDOWNS = PersonalData(Takedown, {"done_by": _STAFF})
PERSONAL_DATA = (FACES, PHOTOS, PUBLICATIONS, PUBLICATION_FACES, EVENTS, TAKEDOWNS)

_SETTING = "set by the board for everyone; says nothing about a person"
_BOOK = "bookkeeping about the photo or publication, not about a person"
NOT_PERSONAL = (
    NotPersonal(
        PublicationCheck,
        {
            "started_at": "when the nightly check of all publications ran; counts only",
            "finished_at": "when the nightly check of all publications ended; counts only",
        },
    ),
    NotPersonal(
        PhotoEvent,
        {
            "name": "what the photos are of (sports day, a school trip), chosen by staff",
            "held_on": "the day of a school activity",
            "created_at": _BOOK,
        },
    ),
    NotPersonal(
        Photo,
        {"image_format": _BOOK, "detection": _BOOK, "detected_at": _BOOK},
    ),
    NotPersonal(
        Channel,
        {
            "key": _SETTING,
            "name": _SETTING,
            "name_en": _SETTING,
            "purpose_key": _SETTING,
            "mode": _SETTING,
        },
    ),
    NotPersonal(
        Publication,
        {"status": _BOOK, "token": "a random address part", "withdrawn_reason": _BOOK},
    ),
    NotPersonal(Takedown, {"change": _BOOK, "cause": _BOOK, "created_at": _BOOK, "done_at": _BOOK}),
)


def export(subject: DataSubject) -> Export:
    if subject.kind != "pupil":
        return {}
    faces = (
        Face.objects.filter(board_id=subject.board_id, pupil_id=subject.id)
        # The declared `pupil` field is read for every row by `collect`.
        .select_related("photo__event", "pupil")
        .prefetch_related(
            Prefetch(
                "photo__publications",
                queryset=Publication.objects.filter(faces__pupil_id=subject.id)
                .distinct()
                .select_related("channel"),
                to_attr="with_pupil",
            )
        )
    )
    found = collect(FACES, faces, subject)
    rows = found.setdefault(_KEY, [])
    for face in faces:
        rows.append(
            {
                "source": "photos.Photo",
                "id": face.photo_id,
                "fields": {
                    "event": face.photo.event.name,
                    "taken_on": face.photo.event.held_on.isoformat(),
                    "publications": [
                        {
                            "channel": p.channel.name,
                            "status": p.status,
                            "published_at": p.published_at.isoformat(),
                        }
                        for p in face.photo.with_pupil  # type: ignore[attr-defined]
                    ],
                },
            }
        )
    return found


def export_files(subject: DataSubject) -> list[ExportFile]:
    """The pupil's photos with every other face blurred, for their copy (photos/copies.py)."""
    if subject.kind != "pupil":
        return []
    from schoolprivacy.photos.copies import pupil_photo_copies

    return pupil_photo_copies(board_id=subject.board_id, pupil_id=subject.id)


def erase(
    subject: DataSubject,
    *,
    actor_id: int | None,
    categories: Collection[str] | None = None,
    dry_run: bool = True,
) -> Erasure:
    if subject.kind != "pupil" or (categories is not None and _KEY not in categories):
        return Erasure("photos", {}, done=not dry_run)
    from schoolprivacy.photos.erasure import pupil_faces_erase

    count = Face.objects.filter(board_id=subject.board_id, pupil_id=subject.id).count()
    if not dry_run and count:
        pupil_faces_erase(board_id=subject.board_id, pupil_id=subject.id, actor_id=actor_id)
    return Erasure("photos", {_KEY: count}, done=not dry_run)


def erase_many(
    subjects: Sequence[DataSubject],
    *,
    actor_id: int | None,
    categories: Collection[str],
    dry_run: bool = True,
) -> dict[DataSubject, Erasure]:
    """`erase` for many subjects (privacy_registry.ManyEraser): the faces counted with one query
    per board; only pupils who appear on a photo are erased, each through the withdrawal path
    that `erase` uses (it re-checks every publication of the photo)."""
    found = {s: Erasure("photos", {}, done=not dry_run) for s in subjects}
    if _KEY not in categories:
        return found
    for (kind, board_id), group in by_kind_and_board(subjects).items():
        if kind != "pupil":
            continue
        faces = count_per(Face.objects.filter(board_id=board_id), "pupil_id", [s.id for s in group])
        for subject in group:
            count = faces.get(subject.id, 0)
            if count and not dry_run:
                from schoolprivacy.photos.erasure import pupil_faces_erase

                pupil_faces_erase(board_id=board_id, pupil_id=subject.id, actor_id=actor_id)
            found[subject] = Erasure("photos", {_KEY: count}, done=not dry_run)
    return found
