"""The publication gate: may this photo appear in this channel, and which faces must be blurred.

Rules (issue 6; domain.md, Consent):

1. A channel is one consent purpose. Without that purpose at the photo's school, or when the
   channel is switched off, nothing is published there.
2. Nothing is published before the detector has looked for faces: an unchecked photo could show
   anyone.
3. Every tagged pupil's consent for the purpose is derived from the ledger now
   (`consents.rules`): only "granted" allows the face to be shown; refused, withdrawn, unanswered
   and disputed do not.
4. An untagged face is unknown, and an unknown face never has consent.
5. A face marked "not a pupil" (a parent helping out, a passer-by the photographer asked) needs
   no pupil consent and is shown; a face erased at a pupil's request is always blurred.
6. Per channel the board chooses: BLOCK refuses the photo when any face may not be shown; BLUR
   publishes a rendition with every such face blurred beyond recognition.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schoolprivacy.consents.models import Purpose
from schoolprivacy.consents.rules import GRANTED, UNANSWERED, statuses_for_pupils
from schoolprivacy.consents.selectors import purpose_by_key
from schoolprivacy.photos.models import (
    Channel,
    ChannelMode,
    Detection,
    Face,
    FaceOutcome,
    Photo,
)

SHOWN = frozenset({FaceOutcome.SHOWN, FaceOutcome.NOT_A_PUPIL})

MESSAGES: dict[str, Promise] = {
    "no_purpose": _("This channel has no consent purpose at this school."),
    "channel_off": _("This channel is switched off."),
    "detection_pending": _("The photo has not been checked for faces yet."),
    "detection_failed": _("Face detection failed for this photo; it cannot be published."),
    "no_consent": _("A pupil in this photo has no consent for this channel."),
    "untagged": _("A face in this photo is not tagged; tag it or mark it as not a pupil."),
}


@dataclass(frozen=True)
class Verdict:
    face: Face
    outcome: str
    consent_status: str = ""
    decision_ids: tuple[int, ...] = ()

    @property
    def shown(self) -> bool:
        return self.outcome in SHOWN


@dataclass(frozen=True)
class Problem:
    code: str
    face_id: int | None = None
    pupil_id: int | None = None
    consent_status: str = ""

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code])


@dataclass
class GateResult:
    channel: Channel
    purpose: Purpose | None
    verdicts: list[Verdict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return bool(self.problems)

    @property
    def blurred(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.shown]


def _verdict(face: Face, statuses: dict[tuple[int, int], object], purpose: Purpose) -> Verdict:
    if face.erased:
        return Verdict(face, FaceOutcome.ERASED)
    if face.not_a_pupil:
        return Verdict(face, FaceOutcome.NOT_A_PUPIL)
    if face.pupil_id is None:
        return Verdict(face, FaceOutcome.UNKNOWN)
    status = statuses[(face.pupil_id, purpose.pk)]
    code = getattr(status, "status", UNANSWERED)
    if code == GRANTED:
        return Verdict(face, FaceOutcome.SHOWN, code, tuple(getattr(status, "decision_ids", ())))
    return Verdict(face, FaceOutcome.NO_CONSENT, code)


def evaluate(photo: Photo, channel: Channel, faces: list[Face] | None = None) -> GateResult:
    """Apply rules 1-6 to the photo for the channel, now. A fixed number of queries."""
    purpose = purpose_by_key(photo.school, channel.purpose_key)
    result = GateResult(channel=channel, purpose=purpose)
    if not channel.is_active:  # a channel switched off publishes nothing, also not what it had
        result.problems.append(Problem("channel_off"))
        return result
    if purpose is None:
        result.problems.append(Problem("no_purpose"))
        return result
    if photo.detection == Detection.PENDING:
        result.problems.append(Problem("detection_pending"))
        return result
    if photo.detection == Detection.FAILED:
        result.problems.append(Problem("detection_failed"))
        return result
    if faces is None:
        faces = list(photo.faces.select_related("pupil"))
    pupils = [f.pupil for f in faces if f.pupil is not None]
    statuses: dict[tuple[int, int], object] = dict(statuses_for_pupils(pupils, [purpose]))
    result.verdicts = [_verdict(face, statuses, purpose) for face in faces]
    if channel.mode == ChannelMode.BLOCK:
        for verdict in result.verdicts:
            if verdict.outcome == FaceOutcome.NO_CONSENT:
                result.problems.append(
                    Problem(
                        "no_consent",
                        face_id=verdict.face.pk,
                        pupil_id=verdict.face.pupil_id,
                        consent_status=verdict.consent_status,
                    )
                )
            elif verdict.outcome == FaceOutcome.UNKNOWN:
                result.problems.append(Problem("untagged", face_id=verdict.face.pk))
    return result
