"""Pupils, their guardians and the staff of a board."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from schoolprivacy.encryption import EncryptedTextField
from schoolprivacy.lib.sealed import LOOKUP_HASH_LENGTH
from schoolprivacy.schools.models import Board, Group, School


def display_name(first: str, prefix: str, surname: str) -> str:
    """Dutch name order: roepnaam, voorvoegsel, achternaam ("Sanne van den Berg")."""
    return " ".join(part for part in (first, prefix, surname) if part)


class Pupil(models.Model):
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="+", verbose_name=_("board")
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="pupils", verbose_name=_("school")
    )
    given_names = models.CharField(_("given names"), max_length=200)
    first_name = models.CharField(_("first name used"), max_length=100)
    surname_prefix = models.CharField(_("surname prefix"), max_length=20, blank=True)
    surname = models.CharField(_("surname"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"))
    enrolled_on = models.DateField(_("enrolled on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # domain.md, Parents: pupils of 18 and older decide themselves what their parents may see.
    # Parental authority ends at 18 (BW 1:233), so the default is that parents no longer see the
    # adult pupil's data in the portal until the pupil allows it. Read by access.parents.
    parents_may_see_as_adult = models.BooleanField(
        _("parents may see my data after I turn 18"),
        default=False,
        help_text=_(
            "From 18 the pupil decides. Until the pupil allows it, parents no longer see this "
            "pupil's data online."
        ),
    )
    # The pupil's own address from the pupil administration: the sign-in of a pupil aged 16+.
    email = models.EmailField(_("email address"), blank=True)
    # The pupil's key in the pupil administration (ESIS, ParnasSys), used by imports.
    external_id = models.CharField(_("key in pupil administration"), max_length=100, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pupil",
        help_text=_("Sign-in account of a pupil aged 16 or older."),
        verbose_name=_("user account"),
    )
    # --- Education number (owned by `dossier`, see dossier/education_numbers.py) ---------------
    # BSN or onderwijsnummer: a national identifier for legal purposes only (domain.md). Sealed
    # at rest; set only through `education_number_set`, which also keeps the keyed lookup hash
    # that lets imports find a pupil by number without decrypting anything. Not editable in forms
    # or the admin, so the two can never disagree.
    education_number = EncryptedTextField(
        _("education number"),
        purpose="people_pupil.education_number",
        blank=True,
        editable=False,
    )
    education_number_hash = models.CharField(
        _("lookup key of the education number"),
        max_length=LOOKUP_HASH_LENGTH,
        blank=True,
        editable=False,
    )

    class Meta:
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")
        ordering = ["surname", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("enrolled_on")),
                name="pupil_leaves_after_enrolment",
            ),
            models.CheckConstraint(
                condition=Q(enrolled_on__gt=F("date_of_birth")),
                name="pupil_enrolled_after_birth",
            ),
            models.UniqueConstraint(
                fields=["school", "external_id"],
                condition=~Q(external_id=""),
                name="pupil_external_id_unique_per_school",
            ),
            # The education number and its lookup hash are set and cleared together.
            models.CheckConstraint(
                condition=Q(education_number="", education_number_hash="")
                | (~Q(education_number="") & ~Q(education_number_hash="")),
                name="pupil_education_number_has_hash",
            ),
            # Two pupils of one school with the same number is an administration error.
            models.UniqueConstraint(
                fields=["school", "education_number_hash"],
                condition=~Q(education_number_hash=""),
                name="pupil_education_number_unique_per_school",
            ),
        ]
        indexes = [models.Index(fields=["school", "surname"], name="pupil_school_surname")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return display_name(self.first_name, self.surname_prefix, self.surname)

    def age_on(self, day: date) -> int:
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years

    def is_enrolled_on(self, day: date) -> bool:
        return self.enrolled_on <= day and (self.left_on is None or self.left_on >= day)


class GroupMembership(models.Model):
    """A pupil's place in a group over time; a pupil changes group at least once a year."""

    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="+", verbose_name=_("board")
    )
    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("pupil")
    )
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="membership_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["pupil", "group", "starts_on"], name="membership_unique_start"
            ),
        ]
        indexes = [models.Index(fields=["group", "ends_on"], name="membership_group_current")]

    def __str__(self) -> str:
        return f"{self.pupil_id} in {self.group_id} from {self.starts_on}"


class Guardian(models.Model):
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="+", verbose_name=_("board")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    surname_prefix = models.CharField(_("surname prefix"), max_length=20, blank=True)
    surname = models.CharField(_("surname"), max_length=200)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    external_id = models.CharField(_("key in pupil administration"), max_length=100, blank=True)
    # One sign-in account per email address of the board: a parent known at two schools is two
    # guardian records sharing one account (accounts.provisioning keeps these in step).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guardians",
        verbose_name=_("user account"),
    )

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["surname", "first_name"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return display_name(self.first_name, self.surname_prefix, self.surname)


class GuardianRelation(models.Model):
    class Kind(models.TextChoices):
        PARENT = "parent", _("parent")
        VOOGD = "voogd", _("guardian (voogd)")
        FOSTER_PARENT = "foster_parent", _("foster parent")
        # Kinds that real exports carry (issue 18). They hold no parental authority of their
        # own: `has_parental_authority` says whether this person has it (the authority column of
        # the export), and only that flag decides access and consent (access.parents,
        # consents.rules), never the kind.
        STEP_PARENT = "step_parent", _("step-parent")
        GRANDPARENT = "grandparent", _("grandparent")
        CARER = "carer", _("carer")
        FAMILY_HOME_PARENT = "family_home_parent", _("family-home parent")
        OTHER = "other", _("other")

    class Restriction(models.TextChoices):
        NONE = "", _("no restriction")
        COURT_ORDER = "court_order", _("court order")
        CHILD_INTEREST = "child_interest", _("in the interest of the child")

    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="+", verbose_name=_("board")
    )
    guardian = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, related_name="relations", verbose_name=_("guardian")
    )
    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="guardian_relations", verbose_name=_("pupil")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    has_parental_authority = models.BooleanField(_("has parental authority"))
    recognised = models.BooleanField(_("recognised"), default=True)
    information_restriction = models.CharField(
        _("information restriction"), max_length=20, choices=Restriction.choices, blank=True
    )
    restriction_reason = models.TextField(_("reason for the restriction"), blank=True)
    # The first day the link no longer holds (an import no longer lists this guardian for the
    # pupil). From that day the guardian sees nothing of the child and may no longer decide.
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("guardian relation")
        verbose_name_plural = _("guardian relations")
        constraints = [
            models.UniqueConstraint(fields=["guardian", "pupil"], name="guardian_relation_unique"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "parent",
                        "voogd",
                        "foster_parent",
                        "step_parent",
                        "grandparent",
                        "carer",
                        "family_home_parent",
                        "other",
                    ]
                ),
                name="guardian_relation_kind_valid",
            ),
            # A voogd is appointed by a court to hold authority; without it they are not a voogd.
            models.CheckConstraint(
                condition=~Q(kind="voogd") | Q(has_parental_authority=True),
                name="guardian_relation_voogd_has_authority",
            ),
            # A restriction must say why (BW 1:377c: a refusal of information is reasoned).
            models.CheckConstraint(
                condition=Q(information_restriction="") | ~Q(restriction_reason=""),
                name="guardian_relation_restriction_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(information_restriction__in=["", "court_order", "child_interest"]),
                name="guardian_relation_restriction_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guardian_id} -> {self.pupil_id} ({self.kind})"


class Staff(models.Model):
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="staff", verbose_name=_("board")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("user account"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    surname_prefix = models.CharField(_("surname prefix"), max_length=20, blank=True)
    surname = models.CharField(_("surname"), max_length=200)
    email = models.EmailField(_("work email address"), blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["surname", "first_name"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return display_name(self.first_name, self.surname_prefix, self.surname)


class Invitation(models.Model):
    """An emailed invitation to the portal for one account, sent for one school's round.

    The invitation is a sign-in link (accounts.parent_links) that lasts longer than a requested
    one; revoking it or sending a new one makes the old link worthless.
    """

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    link = models.ForeignKey(
        "accounts.ParentSignInLink",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["school", "user"], name="invitation_school_user")]

    def __str__(self) -> str:
        return f"invitation {self.pk} of user {self.user_id}"
