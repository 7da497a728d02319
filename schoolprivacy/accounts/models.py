"""Sign-in accounts. Who a user *is* (staff member, guardian, pupil) lives in `people`."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

if TYPE_CHECKING:
    from schoolprivacy.people.models import Guardian


class User(AbstractUser):
    class Kind(models.TextChoices):
        STAFF = "staff", _("staff")
        PARENT = "parent", _("parent or guardian")
        PUPIL = "pupil", _("pupil")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.STAFF)
    # The language of the emails a parent or pupil gets; empty: the school's default (Dutch).
    email_language = models.CharField(
        _("language of emails"), max_length=5, choices=settings.LANGUAGES, blank=True
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["staff", "parent", "pupil"]), name="user_kind_valid"
            ),
            # Parents sign in with their email address, so it must identify one account.
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="user_email_unique_ci"
            ),
        ]

    @property
    def is_parent(self) -> bool:
        return self.kind == self.Kind.PARENT

    @property
    def guardian(self) -> "Guardian":
        """The parent's first guardian record. One account may stand for a record at each school
        of the board (people.accounts); pages about a child use that child's record instead.
        Raises Guardian.DoesNotExist for an account without one."""
        return self.guardians.earliest("pk")


class ApiToken(models.Model):
    """A staff API token. Only its SHA-256 is stored; the token itself is shown once."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user account")
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    # The first characters, kept in clear so an administrator can tell tokens apart.
    prefix = models.CharField(_("prefix"), max_length=12)
    token_hash = models.CharField(max_length=64, unique=True, verbose_name=_("token hash"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # Every token ends: a forgotten integration's token stops working by itself (issue 12.11).
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["prefix"], name="api_token_prefix")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class SignInAttempt(models.Model):
    """Failed passwords and codes, and requested parent links, counted for throttling.

    The key is a keyed hash, so this table holds neither usernames nor IP addresses.
    """

    class Scope(models.TextChoices):
        # Wrong passwords, per account name and per network address.
        ACCOUNT = "account"
        ADDRESS = "address"
        # Wrong second-factor codes (TOTP or backup code), per account and per address.
        CODE_ACCOUNT = "code_account"
        CODE_ADDRESS = "code_address"
        # Requested parent sign-in links, per email address and per network address.
        EMAIL = "email"
        LINK_ADDRESS = "link_address"

    scope = models.CharField(max_length=20, choices=Scope.choices)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"], name="signin_attempt_lookup")]

    def __str__(self) -> str:
        return f"{self.scope} at {self.at:%Y-%m-%d %H:%M}"


class ParentSignInLink(models.Model):
    """A single-use emailed sign-in link. Only the SHA-256 of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("parent sign-in link")
        verbose_name_plural = _("parent sign-in links")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="parent_link_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"sign-in link {self.pk} of user {self.user_id}"


class AuthenticatorApp(TOTPDevice):  # type: ignore[misc]  # django-otp has no type information
    """django-otp's TOTP device under a Dutch name in the admin (issue 19): the library's own
    model names are plain English strings, not translatable. Same table, no data of its own."""

    class Meta:
        proxy = True
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")
