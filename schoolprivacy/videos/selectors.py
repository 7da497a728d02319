"""Reads of the videos, already filtered by who may see them.

Videos are `pupil.image` data like photos, and the same scope decides (access/image_access.py):
roles that read `pupil.image` school-wide see every video of their school; a teacher sees their
own uploads at the schools of the groups they teach now. Anyone else gets a 404.
"""

from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from schoolprivacy.access.duties import Duty, duty_school_ids
from schoolprivacy.access.image_access import IMAGE, image_scope
from schoolprivacy.access.policy import decide, visible_pupils
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import Pupil
from schoolprivacy.photos.models import Channel
from schoolprivacy.schools.models import School
from schoolprivacy.videos.models import (
    Video,
    VideoPublication,
    VideoPublicationPupil,
    VideoTakedown,
)


def video_schools(user: User) -> QuerySet[School]:
    """Schools where the user may upload videos."""
    scope = image_scope(user)
    if scope.board_id is None:
        return School.objects.none()
    return School.objects.filter(
        board_id=scope.board_id, pk__in=scope.own_upload_school_ids
    ).order_by("name")


def videos_for(user: User) -> QuerySet[Video]:
    scope = image_scope(user)
    if scope.board_id is None or not scope.any:
        return Video.objects.none()
    visible = Q(school_id__in=scope.school_ids) | Q(
        uploaded_by=user, school_id__in=scope.own_upload_school_ids
    )
    return (
        Video.objects.filter(board_id=scope.board_id)
        .filter(visible)
        .select_related("event", "school")
    )


def get_video(user: User, video_id: int) -> Video:
    """The video, or 404 for anyone who may not see it."""
    return get_object_or_404(videos_for(user), pk=video_id)


def listable_pupils(user: User, video: Video) -> QuerySet[Pupil]:
    """Pupils of the video's school this user may see, for the "who appears" list."""
    return visible_pupils(user).filter(school_id=video.school_id).order_by("first_name", "surname")


def may_list(user: User, pupil: Pupil, video: Video) -> bool:
    return pupil.school_id == video.school_id and decide(user, pupil, IMAGE).allowed


def channels_for(board_id: int) -> QuerySet[Channel]:
    return Channel.objects.filter(board_id=board_id, is_active=True)


def publications_for(user: User) -> QuerySet[VideoPublication]:
    return VideoPublication.objects.filter(video__in=videos_for(user)).select_related(
        "channel", "video"
    )


def videos_of_pupil(pupil: Pupil) -> list[tuple[Video, list[VideoPublication]]]:
    """The videos this pupil is listed in, with their live publications (for the parent portal;
    the caller has already decided the parent may see the child). Two queries."""
    videos = list(
        Video.objects.filter(board_id=pupil.board_id, appearances__pupil=pupil)
        .select_related("event")
        .order_by("-event__held_on", "-pk")
    )
    live: dict[int, list[VideoPublication]] = {}
    for publication in VideoPublication.objects.filter(
        video__in=videos, status=VideoPublication.Status.LIVE
    ).select_related("channel"):
        live.setdefault(publication.video_id, []).append(publication)
    return [(video, live.get(video.pk, [])) for video in videos]


def current_evidence(publication: VideoPublication) -> QuerySet[VideoPublicationPupil]:
    return VideoPublicationPupil.objects.filter(
        publication=publication, version=F("publication__version")
    )


def open_takedowns(user: User) -> QuerySet[VideoTakedown]:
    """Takedowns at the schools where the user acts on them (`Duty.ACT_ON_TAKEDOWNS`)."""
    schools = duty_school_ids(user, Duty.ACT_ON_TAKEDOWNS)
    return (
        VideoTakedown.objects.filter(school_id__in=schools, done_at__isnull=True)
        .select_related("publication__channel", "publication__video__event")
        .order_by("-created_at")
    )
