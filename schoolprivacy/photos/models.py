"""The photo library: events, photos, detected faces, channels and publications.

Originals live in the private "photos" storage (never at a public URL). A face is a box found by
the detector; staff say whose it is, the software never does (domain.md: no face recognition).
A publication is one rendition of a photo in one channel, with the consent evidence it relied on
per face; a withdrawal re-renders it or takes it offline (photos/withdrawal.py).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from schoolprivacy.people.models import Pupil
from schoolprivacy.schools.models import Board, Group, School


class PhotoEvent(models.Model):
    """What the photos are of: a school trip, the Christmas play, sports day."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo event")
        verbose_name_plural = _("photo events")
        ordering = ["-held_on", "name"]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="photo_event_named")]
        indexes = [models.Index(fields=["school", "held_on"], name="photo_event_school")]

    def __str__(self) -> str:
        return self.name


class Detection(models.TextChoices):
    PENDING = "pending", _("looking for faces")
    DONE = "done", _("faces found")
    FAILED = "failed", _("face detection failed")


class Photo(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(PhotoEvent, on_delete=models.PROTECT, related_name="photos")
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Name in the private storage: random, says nothing about the photo or who is on it.
    original = models.CharField(max_length=200, unique=True)
    image_format = models.CharField(max_length=4)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size_bytes = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    detection = models.CharField(
        _("face detection"), max_length=10, choices=Detection.choices, default=Detection.PENDING
    )
    detected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(detection__in=[d.value for d in Detection]), name="photo_detection"
            ),
            models.CheckConstraint(
                condition=Q(image_format__in=["jpeg", "png", "webp"]), name="photo_format"
            ),
        ]

    def __str__(self) -> str:
        return f"photo {self.pk}"


class Face(models.Model):
    """A box where the detector found a face. Whose face it is, only a person says."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="faces")
    # In pixels of the stored (oriented) original.
    x = models.PositiveIntegerField()
    y = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    score = models.FloatField()
    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, null=True, blank=True, related_name="photo_faces"
    )
    not_a_pupil = models.BooleanField(_("not a pupil"), default=False)
    # Erasure blurs the face in the original for good; it can never be tagged again.
    erased = models.BooleanField(default=False)
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("face")
        verbose_name_plural = _("faces")
        ordering = ["photo", "x", "y", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pupil__isnull=True) | Q(not_a_pupil=False, erased=False),
                name="face_one_answer",
            ),
            models.UniqueConstraint(
                fields=["photo", "pupil"],
                condition=Q(pupil__isnull=False),
                name="face_pupil_once_per_photo",
            ),
            models.CheckConstraint(condition=Q(width__gt=0, height__gt=0), name="face_box_size"),
        ]

    def __str__(self) -> str:
        return f"face {self.pk} on photo {self.photo_id}"

    @property
    def is_unknown(self) -> bool:
        return self.pupil_id is None and not self.not_a_pupil


class ChannelMode(models.TextChoices):
    BLOCK = "block", _("refuse the photo when a tagged pupil has no consent")
    BLUR = "blur", _("publish with faces without consent blurred")


class Channel(models.Model):
    """Where photos are published. Each channel is one consent purpose (by its key, so a school
    that overrides the purpose uses its own text)."""

    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="+", verbose_name=_("board")
    )
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    purpose_key = models.SlugField(_("consent purpose"), max_length=60)
    mode = models.CharField(_("when consent is missing"), max_length=10, choices=ChannelMode)
    # Copies in this channel are placed by hand outside Schoolprivacy (a social media post, a
    # printed guide): a withdrawal there needs a person to remove them.
    manual_copies = models.BooleanField(_("copies are placed by hand elsewhere"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("publication channel")
        verbose_name_plural = _("publication channels")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["board", "key"], name="photo_channel_key_unique"),
            models.CheckConstraint(
                condition=Q(mode__in=[m.value for m in ChannelMode]), name="photo_channel_mode"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class Publication(models.Model):
    class Status(models.TextChoices):
        LIVE = "live", _("published")
        WITHDRAWN = "withdrawn", _("taken offline")

    class Reason(models.TextChoices):
        STAFF = "staff", _("taken offline by staff")
        CONSENT = "consent", _("consent was withdrawn")
        ERASURE = "erasure", _("the pupil's photos were erased")
        RETENTION = "retention", _("the retention period ended")
        SETTINGS = "settings", _("a purpose or channel setting changed")
        CHECK = "check", _("the daily check found it no longer allowed")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="publications")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="publications")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LIVE)
    # The rendition's own URL carries this unguessable token; the original has no URL at all.
    token = models.CharField(max_length=40, unique=True, default=_new_token)
    rendition = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    rendered_at = models.DateTimeField(_("published version made at"))
    withdrawn_at = models.DateTimeField(_("taken offline at"), null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=10, choices=Reason.choices, blank=True)
    # Where a copy was placed by hand (the post's address), so it can be found to remove it.
    external_reference = models.CharField(_("where it was placed"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="live", withdrawn_at__isnull=True, withdrawn_reason="")
                | Q(status="withdrawn", withdrawn_at__isnull=False) & ~Q(withdrawn_reason=""),
                name="publication_withdrawal_complete",
            ),
            models.UniqueConstraint(
                fields=["photo", "channel"],
                condition=Q(status="live"),
                name="publication_live_once_per_channel",
            ),
        ]
        indexes = [models.Index(fields=["channel", "status"], name="publication_channel_live")]

    def __str__(self) -> str:
        return f"publication {self.pk}"


class FaceOutcome(models.TextChoices):
    SHOWN = "shown", _("shown: consent")
    NO_CONSENT = "no_consent", _("blurred: no consent")
    UNKNOWN = "unknown", _("blurred: not tagged")
    NOT_A_PUPIL = "not_a_pupil", _("shown: not a pupil")
    ERASED = "erased", _("blurred: erased")


class PublicationFace(models.Model):
    """What one rendering did with one face, and the consent decisions it relied on.

    Rows of earlier versions are kept: they prove what was published when, on which consent.
    """

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="faces")
    version = models.PositiveIntegerField()
    face = models.ForeignKey(Face, on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, null=True, related_name="+")
    outcome = models.CharField(max_length=12, choices=FaceOutcome.choices)
    # IDs of the consents.ConsentDecision rows that made the status "granted" (the ledger is
    # append-only, so they stay resolvable).
    decision_ids = models.JSONField(default=list)
    consent_status = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = ["publication", "version", "face"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "version", "face"], name="publication_face_once"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=[o.value for o in FaceOutcome]),
                name="publication_face_outcome",
            ),
        ]
        indexes = [models.Index(fields=["pupil", "outcome"], name="publication_face_pupil")]

    def __str__(self) -> str:
        return f"{self.publication_id} v{self.version} face {self.face_id}: {self.outcome}"


class Takedown(models.Model):
    """What a withdrawal changed, for the location director; open while copies placed by hand
    still have to be removed."""

    class Change(models.TextChoices):
        REBLURRED = "reblurred", _("re-published with the face blurred")
        WITHDRAWN = "withdrawn", _("taken offline")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="+")
    change = models.CharField(max_length=10, choices=Change.choices)
    cause = models.CharField(max_length=10, choices=Publication.Reason.choices)
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
                condition=Q(change__in=["reblurred", "withdrawn"]), name="takedown_change"
            ),
        ]

    def __str__(self) -> str:
        return f"takedown {self.pk}: {self.change}"


class PublicationCheck(models.Model):
    """One run of the daily check of every live publication against the gate (the sweep).

    On a healthy system it finds nothing: every change of consent already reached the
    publications through the outbox. Drift it finds is fixed at once and shown to the privacy
    officer, because it means a path that changes consent does not reach photos.
    """

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    checked = models.PositiveIntegerField(_("live publications checked"))
    drift = models.PositiveIntegerField(_("publications that had to hide more"))

    class Meta:
        verbose_name = _("publication check")
        verbose_name_plural = _("publication checks")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(drift__lte=models.F("checked")), name="publication_check_drift"
            ),
        ]

    def __str__(self) -> str:
        return f"check {self.started_at:%Y-%m-%d}: {self.drift}/{self.checked}"
