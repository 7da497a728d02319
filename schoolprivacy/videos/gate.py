"""The publication gate for videos: may this video appear in this channel, and as it is or with
every face blurred.

The same channels and consent purposes as photos (photos/gate.py), with one difference: a face
in a video is never tagged, so the gate cannot know which face is whose. Either every face is
shown or every face is blurred:

1. A channel switched off, or without its consent purpose at the video's school, publishes
   nothing.
2. Nothing is published before the video is processed (checked, faces counted, poster made).
3. Shown as it is only when staff said who appears (also "nobody") and every listed pupil's
   consent for the purpose is "granted" now (consents.rules), and no pupil's videos were erased.
4. Otherwise the channel's setting decides: BLOCK refuses the video, BLUR publishes a rendition
   with every face in every frame blurred.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schoolprivacy.consents.models import Purpose
from schoolprivacy.consents.rules import GRANTED, UNANSWERED, statuses_for_pupils
from schoolprivacy.consents.selectors import purpose_by_key
from schoolprivacy.people.models import Pupil
from schoolprivacy.photos.models import Channel, ChannelMode
from schoolprivacy.videos.models import Processing, Video

MESSAGES: dict[str, Promise] = {
    "no_purpose": _("This channel has no consent purpose at this school."),
    "channel_off": _("This channel is switched off."),
    "processing": _("The video is still being processed."),
    "processing_failed": _("The video could not be processed; it cannot be published."),
    "not_listed": _("Nobody said yet which pupils appear in this video."),
    "no_consent": _("A pupil in this video has no consent for this channel."),
    "erased": _("A pupil's videos were erased; this video can only be shown blurred."),
}


@dataclass(frozen=True)
class PupilVerdict:
    pupil_id: int
    consent_status: str
    decision_ids: tuple[int, ...] = ()

    @property
    def granted(self) -> bool:
        return self.consent_status == GRANTED


@dataclass(frozen=True)
class Problem:
    code: str
    pupil_id: int | None = None
    consent_status: str = ""

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code])


@dataclass
class VideoGate:
    channel: Channel
    purpose: Purpose | None
    verdicts: list[PupilVerdict] = field(default_factory=list)
    # Why the video may not be shown as it is (rules 3); in a BLOCK channel these block it.
    missing: list[Problem] = field(default_factory=list)
    # Why it may not be published at all (rules 1, 2, and 4 in a BLOCK channel).
    problems: list[Problem] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return bool(self.problems)

    @property
    def blur(self) -> bool:
        return bool(self.missing)


def evaluate(video: Video, channel: Channel) -> VideoGate:
    """Apply the rules to the video for the channel, now. A fixed number of queries."""
    purpose = purpose_by_key(video.school, channel.purpose_key)
    gate = VideoGate(channel=channel, purpose=purpose)
    if not channel.is_active:
        gate.problems.append(Problem("channel_off"))
        return gate
    if purpose is None:
        gate.problems.append(Problem("no_purpose"))
        return gate
    if video.processing == Processing.PENDING:
        gate.problems.append(Problem("processing"))
        return gate
    if video.processing == Processing.FAILED:
        gate.problems.append(Problem("processing_failed"))
        return gate
    pupils = list(Pupil.objects.filter(video_appearances__video=video).order_by("pk"))
    statuses: dict[tuple[int, int], object] = dict(statuses_for_pupils(pupils, [purpose]))
    for pupil in pupils:
        status = statuses[(pupil.pk, purpose.pk)]
        code = getattr(status, "status", UNANSWERED)
        ids = tuple(getattr(status, "decision_ids", ())) if code == GRANTED else ()
        gate.verdicts.append(PupilVerdict(pupil.pk, code, ids))
    if not video.pupils_listed:
        gate.missing.append(Problem("not_listed"))
    if video.faces_erased:
        gate.missing.append(Problem("erased"))
    gate.missing += [
        Problem("no_consent", pupil_id=v.pupil_id, consent_status=v.consent_status)
        for v in gate.verdicts
        if not v.granted
    ]
    if channel.mode == ChannelMode.BLOCK:
        gate.problems += gate.missing
    return gate
