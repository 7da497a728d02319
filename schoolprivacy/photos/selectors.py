"""Reads of the photo library, already filtered by who may see them.

Photos are data of the category `pupil.image`. Who may see a photo is decided in
`access.image_access` from the policy's tables, grants and employment dates: roles that read
`pupil.image` school-wide see every photo of their school; a teacher sees the photos of the
groups they teach now and their own group-less uploads at those groups' schools. Anyone else gets
a 404.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from schoolprivacy.access.duties import Duty, duty_school_ids
from schoolprivacy.access.image_access import IMAGE, image_scope
from schoolprivacy.access.policy import decide, visible_pupils
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import Pupil
from schoolprivacy.photos.models import (
    Channel,
    Face,
    FaceOutcome,
    Photo,
    PhotoEvent,
    Publication,
    PublicationFace,
    Takedown,
)
from schoolprivacy.schools.models import Group, School


def photo_schools(user: User) -> QuerySet[School]:
    """Schools where the user may upload photos and see the library."""
    scope = image_scope(user)
    if scope.board_id is None:
        return School.objects.none()
    ids = scope.own_upload_school_ids
    return School.objects.filter(board_id=scope.board_id, pk__in=ids).order_by("name")


def upload_groups(user: User, school: School) -> QuerySet[Group]:
    """Groups a photo may be filed under: all current ones school-wide, else the user's own."""
    scope = image_scope(user)
    groups = Group.objects.filter(school=school).select_related("school_year")
    if school.pk in scope.school_ids:
        return groups
    return groups.filter(pk__in=scope.group_ids)


def photos_for(user: User) -> QuerySet[Photo]:
    scope = image_scope(user)
    if scope.board_id is None or not scope.any:
        return Photo.objects.none()
    visible = (
        Q(school_id__in=scope.school_ids)
        | Q(group_id__in=scope.group_ids)
        | Q(uploaded_by=user, group__isnull=True, school_id__in=scope.own_upload_school_ids)
    )
    return (
        Photo.objects.filter(board_id=scope.board_id)
        .filter(visible)
        .select_related("event", "group", "school")
    )


def get_photo(user: User, photo_id: int) -> Photo:
    """The photo, or 404 for anyone who may not see it."""
    return get_object_or_404(photos_for(user), pk=photo_id)


def events_for(user: User, school: School) -> QuerySet[PhotoEvent]:
    if not photo_schools(user).filter(pk=school.pk).exists():
        return PhotoEvent.objects.none()
    return PhotoEvent.objects.filter(school=school)


def faces_of(photo: Photo) -> QuerySet[Face]:
    return photo.faces.select_related("pupil").order_by("x", "y", "id")


def taggable_pupils(user: User, photo: Photo) -> QuerySet[Pupil]:
    """Pupils of the photo's school this user may see, for the tag menu.

    `visible_pupils` gives a teacher their own groups and a director the whole school; each tag
    is checked again against `pupil.image` when it is saved.
    """
    return visible_pupils(user).filter(school_id=photo.school_id).order_by("first_name", "surname")


def may_tag(user: User, pupil: Pupil, photo: Photo) -> bool:
    return pupil.school_id == photo.school_id and decide(user, pupil, IMAGE).allowed


def channels_for(board_id: int) -> QuerySet[Channel]:
    return Channel.objects.filter(board_id=board_id, is_active=True)


def publications_for(user: User) -> QuerySet[Publication]:
    return Publication.objects.filter(photo__in=photos_for(user)).select_related("channel", "photo")


def open_takedowns(user: User) -> QuerySet[Takedown]:
    """Takedowns at the schools where the user acts on them (`Duty.ACT_ON_TAKEDOWNS`)."""
    schools = duty_school_ids(user, Duty.ACT_ON_TAKEDOWNS)
    return (
        Takedown.objects.filter(school_id__in=schools, done_at__isnull=True)
        .select_related("publication__channel", "publication__photo__event")
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class PupilPhoto:
    face: Face
    shown_in: list[str]
    blurred_in: list[str]


def photos_of_pupil(pupil: Pupil) -> list[PupilPhoto]:
    """The photos this pupil is tagged on, and in which live channels their face is shown or
    blurred now (for the parent portal; the caller has already decided the parent may see the
    child). Two queries, whatever the number of photos."""
    faces = list(
        Face.objects.filter(board_id=pupil.board_id, pupil=pupil)
        .select_related("photo__event")
        .order_by("-photo__event__held_on", "-photo_id")
    )
    shown: dict[int, list[str]] = defaultdict(list)
    blurred: dict[int, list[str]] = defaultdict(list)
    rows = PublicationFace.objects.filter(
        board_id=pupil.board_id,
        pupil=pupil,
        publication__status=Publication.Status.LIVE,
        version=F("publication__version"),
    ).values_list("face_id", "outcome", "publication__channel__name")
    for face_id, outcome, channel in rows:
        (shown if outcome == FaceOutcome.SHOWN else blurred)[face_id].append(channel)
    return [PupilPhoto(f, sorted(shown[f.pk]), sorted(blurred[f.pk])) for f in faces]
