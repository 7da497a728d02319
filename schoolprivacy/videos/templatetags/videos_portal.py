"""`{% child_videos pupil as videos %}`: the portal's child page includes the videos section
without the portal view having to know about videos (the caller already decided the parent may
see the child)."""

from django import template

from schoolprivacy.people.models import Pupil
from schoolprivacy.videos.models import Video, VideoPublication
from schoolprivacy.videos.selectors import videos_of_pupil

register = template.Library()


@register.simple_tag
def child_videos(pupil: Pupil) -> list[tuple[Video, list[VideoPublication]]]:
    return videos_of_pupil(pupil)
