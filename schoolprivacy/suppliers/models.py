"""The processor register: suppliers, their products, processor agreements, data flows, exports.

domain.md, "Processors and suppliers": the school is controller; a supplier is a processor under
a processor agreement (the sector's model agreement, with a privacy information sheet and a
security annex), and receives a named data set. Device platforms (Apple School Manager, Google
Workspace for Education) are processors like any other.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from schoolprivacy.schools.models import Board, School
from schoolprivacy.suppliers import datasets

# The sector's model processor agreement (Convenant Digitale Onderwijsmiddelen en Privacy).
MODEL_AGREEMENT_VERSION = "4.0"
# The privacy officer is warned this many days before an agreement ends (a new agreement, or the
# return or destruction of the data, takes time to arrange).
EXPIRY_WARNING_DAYS = 90
# The supplier's term to return or destroy the data after the end, unless agreed otherwise.
RETURN_TERM_DAYS = 30


class Supplier(models.Model):
    class Kind(models.TextChoices):
        LEARNING_MATERIAL = "learning_material", _("digital learning material")
        DEVICE_PLATFORM = "device_platform", _("device platform (managed school accounts)")
        OTHER = "other", _("other service")

    class Role(models.TextChoices):
        PROCESSOR = "processor", _("processor")
        SUB_PROCESSOR = "sub_processor", _("sub-processor")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.LEARNING_MATERIAL
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PROCESSOR)
    # A sub-processor works for one of the board's processors.
    processor = models.ForeignKey(
        "self",
        verbose_name=_("works for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_processors",
    )
    covenant_signed = models.BooleanField(
        _("signed the privacy covenant"),
        default=False,
        help_text=_("Convenant Digitale Onderwijsmiddelen en Privacy."),
    )
    # Where privacy questions and GDPR art. 19 notices go. Optional: without an address they go
    # to the contact for data breaches of the agreement concerned, shown as such (contacts.py,
    # decision 0058).
    privacy_contact_name = models.CharField(_("privacy contact"), max_length=200, blank=True)
    privacy_contact_email = models.EmailField(
        _("email address of the privacy contact"), max_length=254, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["board", "name"], name="supplier_name_unique"),
            models.CheckConstraint(
                condition=Q(role="processor", processor__isnull=True)
                | Q(role="sub_processor", processor__isnull=False),
                name="supplier_sub_processor_works_for_one",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "name"], name="product_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("active")
    EXPIRING = "expiring", _("expiring")
    ENDED = "ended", _("ended")


class Agreement(models.Model):
    """A processor agreement for one product, at the schools that use it, with its data set.

    The status is derived from the dates (never stored, so it cannot go stale): draft until it is
    signed, expiring within EXPIRY_WARNING_DAYS of its end, ended after it.
    """

    class EndAction(models.TextChoices):
        RETURN = "return", _("return the data")
        DESTROY = "destroy", _("destroy the data")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="agreements")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="agreements")
    schools = models.ManyToManyField(School, related_name="+", verbose_name=_("schools"))
    model_version = models.CharField(
        _("model agreement version"), max_length=20, default=MODEL_AGREEMENT_VERSION
    )
    # Our own revision: raised whenever the data set changes, and logged with every export.
    version = models.PositiveIntegerField(_("version"), default=1)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"))
    # The data set as agreed, catalogue keys (datasets.py). Extra fields count only once approved.
    fields = models.JSONField(_("data set"), default=list)
    # The consent purpose (key) the processing depends on, if any: pupils without that consent
    # are left out of every export (domain.md, Consent: silence is no).
    consent_purpose = models.CharField(_("depends on consent for"), max_length=60, blank=True)
    # Documents in private storage (storage names; no URLs).
    agreement_document = models.CharField(max_length=200, blank=True)
    privacy_sheet_document = models.CharField(max_length=200, blank=True)
    security_annex_document = models.CharField(max_length=200, blank=True)
    # Key facts from the privacy information sheet and the security annex.
    data_location = models.CharField(_("where the data is kept"), max_length=200, blank=True)
    sub_processors = models.TextField(_("sub-processors"), blank=True)
    certifications = models.CharField(_("certifications"), max_length=300, blank=True)
    breach_contact = models.CharField(_("contact for data breaches"), max_length=200, blank=True)
    # Device platforms: the board's DPIA for them (the sector's cooperative DPIA).
    dpia_url = models.URLField(_("link to the DPIA"), blank=True)
    # End of the agreement: the supplier returns or destroys the data and confirms it.
    end_action = models.CharField(
        _("at the end"), max_length=10, choices=EndAction.choices, blank=True
    )
    end_requested_on = models.DateField(
        _("return or destruction requested on"), null=True, blank=True
    )
    end_deadline = models.DateField(_("deadline for the supplier"), null=True, blank=True)
    end_confirmed_on = models.DateField(_("supplier confirmed on"), null=True, blank=True)
    end_confirmation = models.CharField(_("confirmation reference"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("processor agreement")
        verbose_name_plural = _("processor agreements")
        ordering = ["supplier__name", "product__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True) | Q(ends_on__gt=F("signed_on")),
                name="agreement_ends_after_signing",
            ),
            models.CheckConstraint(
                condition=Q(end_requested_on__isnull=True)
                | (~Q(end_action="") & Q(end_deadline__isnull=False)),
                name="agreement_end_request_complete",
            ),
            models.CheckConstraint(
                condition=Q(end_confirmed_on__isnull=True) | Q(end_requested_on__isnull=False),
                name="agreement_confirmation_after_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier}: {self.product}"

    def status_on(self, day: date) -> str:
        if self.signed_on is None or self.signed_on > day:
            return Status.DRAFT
        if self.ends_on <= day:
            return Status.ENDED
        if self.ends_on <= day + timedelta(days=EXPIRY_WARNING_DAYS):
            return Status.EXPIRING
        return Status.ACTIVE

    def status_label(self, day: date) -> str:
        return str(Status(self.status_on(day)).label)

    def allows_exports_on(self, day: date) -> bool:
        return self.status_on(day) in (Status.ACTIVE, Status.EXPIRING)

    @property
    def field_keys(self) -> tuple[str, ...]:
        return tuple(k for k in datasets.KEYS if k in set(self.fields))


class FieldApproval(models.Model):
    """The privacy officer's dated approval of one extra field for one agreement."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="approvals")
    field_key = models.CharField(_("field"), max_length=40)
    approved_on = models.DateField(_("approved on"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why the supplier needs it"), blank=True)

    class Meta:
        verbose_name = _("approval of an extra field")
        verbose_name_plural = _("approvals of extra fields")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "field_key"], name="approval_once"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.field_key}"


class DataSetVersion(models.Model):
    """One version of an agreement's data set, kept when the agreement is amended, so every
    export (which records `agreement_version`) stays explainable: what was agreed, what was
    exported (extra fields only once approved), since when, changed by whom and why."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    fields = models.JSONField(_("data set"), default=list)
    exported_fields = models.JSONField(_("fields exports contain"), default=list)
    since = models.DateTimeField(_("since"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why it changed"), blank=True)

    class Meta:
        verbose_name = _("data set version")
        verbose_name_plural = _("data set versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="data_set_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} v{self.number}"


class DataFlow(models.Model):
    """How pupil data reaches a product, wherever it runs (most flows do not run through here)."""

    class Source(models.TextChoices):
        PARNASSYS = "parnassys", "ParnasSys"
        ESIS = "esis", "ESIS"
        SCHOOLPRIVACY = "schoolprivacy", _("this system (exports)")
        OTHER = "other", _("other system")

    class Route(models.TextChoices):
        BASISPOORT = "basispoort", "Basispoort"
        ENTREE = "entree", _("Entree Federatie / Edu-iDentity")
        DEVICE_PLATFORM = "device_platform", _("device platform account provisioning")
        DIRECT = "direct", _("direct connection")
        EXPORT = "export", _("file exported here")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="flows")
    source = models.CharField(_("source system"), max_length=20, choices=Source.choices)
    route = models.CharField(_("route"), max_length=20, choices=Route.choices)
    # The fields that travel this way: a subset of the agreement's data set.
    fields = models.JSONField(_("data set"), default=list)

    class Meta:
        verbose_name = _("data flow")
        verbose_name_plural = _("data flows")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "source", "route"], name="data_flow_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.route}"


class Export(models.Model):
    """One roster export: who made it, under which agreement version, what and how much."""

    class Format(models.TextChoices):
        ONEROSTER = "oneroster", "OneRoster 1.2 CSV"
        UWLR_CSV = "uwlr_csv", _("narrow data set (CSV)")
        UWLR_JSON = "uwlr_json", _("narrow data set (JSON)")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="exports")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)
    format = models.CharField(_("format"), max_length=12, choices=Format.choices)
    agreement_version = models.PositiveIntegerField()
    fields = models.JSONField(default=list)
    pupil_count = models.PositiveIntegerField(default=0)
    left_out_count = models.PositiveIntegerField(default=0)
    checksum = models.CharField(max_length=64)
    # Against the previous export of this agreement and school: pupils added, removed, changed.
    added = models.PositiveIntegerField(null=True)
    removed = models.PositiveIntegerField(null=True)
    changed = models.PositiveIntegerField(null=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-made_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=["oneroster", "uwlr_csv", "uwlr_json"]),
                name="export_format_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"export {self.pk}"


class ExportRow(models.Model):
    """A digest per exported pupil of the newest export of an agreement and school, so the next
    export can be compared with it. Older exports' rows are removed when a newer one is made."""

    export = models.ForeignKey(Export, on_delete=models.CASCADE, related_name="rows")
    pupil = models.ForeignKey("people.Pupil", on_delete=models.CASCADE, related_name="+")
    # SHA-256 of the pupil's exported values (which include the keyed pseudonym), truncated.
    digest = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["export", "pupil"], name="export_row_once"),
        ]

    def __str__(self) -> str:
        return f"row of export {self.export_id}"


class EckId(models.Model):
    """The hashed education number (scrypt, eck.py) per pupil, computed once per salt: scrypt
    with the sector's parameters costs a noticeable fraction of a second and 128 MB per pupil."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    pupil = models.OneToOneField("people.Pupil", on_delete=models.CASCADE, related_name="+")
    # Which salt and which number (the keyed lookup hash) it was made from: either changing
    # makes it stale.
    salt_id = models.CharField(max_length=16)
    number_hash = models.CharField(max_length=100)
    value = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"ECK iD of pupil {self.pupil_id}"
