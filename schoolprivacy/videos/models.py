"""Video recordings under the same consent promise as photos (issue 20, decision 0034).

A video belongs to a photo event (sports day, the musical) of one school and is stored cleaned
(no GPS, device or creation data) in the private photo storage. Faces in a video cannot be
tagged frame by frame without recognition, which the product does not do (domain.md); staff say
which pupils appear (`VideoPupil`). The detector's face count per sampled frame helps them.

A publication is one file in one channel: the cleaned original when every listed pupil has
consent for the channel, otherwise (in a blurring channel) a rendition with every face in every
frame blurred. It records the consent decisions it relied on per pupil and version.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from schoolprivacy.people.models import Pupil
from schoolprivacy.photos.models import Channel, PhotoEvent
from schoolprivacy.schools.models import Board, School


class Processing(models.TextChoices):
    PENDING = "pending", _("being processed")
    READY = "ready", _("ready")
    FAILED = "failed", _("processing failed")


class Video(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(PhotoEvent, on_delete=models.PROTECT, related_name="videos")
    # Names in the private storage: random, saying nothing about the video or who is in it.
    original = models.CharField(max_length=200, unique=True)
    poster = models.CharField(max_length=200, blank=True)
    container = models.CharField(max_length=4)  # "mp4" or "webm"
    video_codec = models.CharField(max_length=12)
    has_audio = models.BooleanField(default=False)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    duration = models.FloatField(_("duration (seconds)"))
    frame_count = models.PositiveIntegerField()
    frame_rate = models.FloatField()
    size_bytes = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    processing = models.CharField(
        _("processing"), max_length=10, choices=Processing.choices, default=Processing.PENDING
    )
    processed_at = models.DateTimeField(null=True, blank=True)
    # [[seconds, faces], ...]: how many faces the detector found in each sampled frame.
    face_counts = models.JSONField(default=list, blank=True)
    # Set when staff first said who appears (also "nobody"): before that the list is unknown,
    # and an unknown list never lets a video be published unblurred.
    pupils_listed_at = models.DateTimeField(null=True, blank=True)
    pupils_listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A pupil's videos were erased: every face in the stored original is blurred for good and
    # no publication of it ever shows a face again.
    faces_erased = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(processing__in=[p.value for p in Processing]), name="video_processing"
            ),
            models.CheckConstraint(condition=Q(container__in=["mp4", "webm"]), name="video_format"),
        ]

    def __str__(self) -> str:
        return f"video {self.pk}"

    @property
    def pupils_listed(self) -> bool:
        return self.pupils_listed_at is not None

    @property
    def most_faces(self) -> int:
        return max((int(count) for _at, count in self.face_counts), default=0)


class VideoPupil(models.Model):
    """Staff say this pupil appears in the video. Never the software: no recognition."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="appearances")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="video_appearances")
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    listed_at = models.DateTimeField(auto_now_add=True)
    # Where staff saw this pupil's face, for the pupil's own copy (videos/copies.py):
    # [{"from": s, "to": s, "box": [left, top, width, height]}], the box in fractions of the
    # frame. Staff say it, as they say who appears; the software never recognises a face.
    face_marks = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["video", "pupil"]
        constraints = [
            models.UniqueConstraint(fields=["video", "pupil"], name="video_pupil_once"),
        ]

    def __str__(self) -> str:
        return f"pupil {self.pupil_id} in video {self.video_id}"


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class VideoPublication(models.Model):
    class Status(models.TextChoices):
        LIVE = "live", _("published")
        WITHDRAWN = "withdrawn", _("taken offline")

    class Render(models.TextChoices):
        QUEUED = "queued", _("waiting to be made")
        RENDERING = "rendering", _("being made")
        READY = "ready", _("ready")
        FAILED = "failed", _("could not be made")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="publications")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LIVE)
    token = models.CharField(max_length=40, unique=True, default=_new_token)
    # Every face in every frame blurred (not everyone listed has consent, or the list is unknown).
    blurred = models.BooleanField(default=False)
    muted = models.BooleanField(_("without sound"), default=False)
    rendition = models.CharField(max_length=200, blank=True)
    render = models.CharField(max_length=10, choices=Render.choices, default=Render.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("taken offline at"), null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=10, blank=True)
    external_reference = models.CharField(_("where it was placed"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("video publication")
        verbose_name_plural = _("video publications")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="live", withdrawn_at__isnull=True, withdrawn_reason="")
                | Q(status="withdrawn", withdrawn_at__isnull=False) & ~Q(withdrawn_reason=""),
                name="video_publication_withdrawal_complete",
            ),
            models.UniqueConstraint(
                fields=["video", "channel"],
                condition=Q(status="live"),
                name="video_publication_live_once",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="video_render_progress"),
        ]

    def __str__(self) -> str:
        return f"video publication {self.pk}"

    @property
    def ready(self) -> bool:
        return (
            self.status == self.Status.LIVE
            and self.render == self.Render.READY
            and bool(self.rendition)
        )


class VideoPublicationPupil(models.Model):
    """The consent a version of a publication relied on, per listed pupil. Rows of earlier
    versions are kept: they prove what was published when, on which consent."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    publication = models.ForeignKey(
        VideoPublication, on_delete=models.CASCADE, related_name="evidence"
    )
    version = models.PositiveIntegerField()
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="+")
    consent_status = models.CharField(max_length=12)
    # IDs of the consents.ConsentDecision rows that made the status "granted".
    decision_ids = models.JSONField(default=list)

    class Meta:
        ordering = ["publication", "version", "pupil"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "version", "pupil"], name="video_publication_pupil_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publication_id} v{self.version} pupil {self.pupil_id}"


class VideoTakedown(models.Model):
    """What a withdrawal changed, for the location director; open while copies placed by hand
    still have to be removed."""

    class Change(models.TextChoices):
        REBLURRED = "reblurred", _("re-published with every face blurred")
        WITHDRAWN = "withdrawn", _("taken offline")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    publication = models.ForeignKey(VideoPublication, on_delete=models.CASCADE, related_name="+")
    change = models.CharField(max_length=10, choices=Change.choices)
    cause = models.CharField(max_length=10)
    needs_manual_removal = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(change__in=["reblurred", "withdrawn"]), name="video_takedown_change"
            ),
        ]

    def __str__(self) -> str:
        return f"video takedown {self.pk}: {self.change}"
