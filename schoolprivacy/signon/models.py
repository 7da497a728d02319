"""Single sign-on for staff through OpenID Connect: each board's provider, and who is who there.

A staff member is matched by the provider's issuer and subject identifier (`iss` + `sub`), which
the provider promises never to reassign; never by display name or email address, which change and
can be chosen by the person. Roles are still granted here, in `access`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from schoolprivacy.schools.models import Board


class Provider(models.Model):
    """The OpenID Connect provider of one board (Entra ID, Google Workspace, Entree Federatie).

    The client secret is not stored here: it comes from OIDC_CLIENT_SECRETS (decision 0022), so it
    stays out of the database and its backups.
    """

    board = models.OneToOneField(
        Board, on_delete=models.CASCADE, related_name="signon_provider", verbose_name=_("board")
    )
    name = models.CharField(
        _("name on the sign-in button"), max_length=100, help_text=_("For example: Microsoft")
    )
    issuer = models.URLField(
        _("issuer"), help_text=_("Exactly as the provider's discovery document states it.")
    )
    client_id = models.CharField(_("client ID"), max_length=255)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("single sign-on provider")
        verbose_name_plural = _("single sign-on providers")
        constraints = [
            models.CheckConstraint(
                condition=Q(issuer__startswith="https://") | Q(issuer__startswith="http://"),
                name="signon_provider_issuer_is_url",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Identity(models.Model):
    """One staff account's identity at its board's provider."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signon_identities"
    )
    issuer = models.URLField(_("issuer"))
    subject = models.CharField(_("subject identifier"), max_length=255)
    created_at = models.DateTimeField(_("linked at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        constraints = [
            # One subject is one person: it can never sign in to two accounts.
            models.UniqueConstraint(fields=["issuer", "subject"], name="signon_identity_unique"),
            models.CheckConstraint(condition=~Q(subject=""), name="signon_identity_has_subject"),
        ]

    def __str__(self) -> str:
        return f"identity {self.pk} of user {self.user_id}"


class ProviderMfaDevice(Device):
    """Stands for "the provider asserted multi-factor authentication" in a django-otp session.

    Signing in with it marks the session verified, exactly as a TOTP code does, so every check of
    the second factor (pages, sudo, the admin) treats both alike. It accepts no codes: it can only
    be used by the sign-on callback, after an ID token whose `amr` claim says "mfa".
    """

    # As django-otp's own, but without a reverse accessor on User (nothing needs one, and the
    # type checker's Django plugin cannot resolve it for a subclass of an untyped model).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The user that this device belongs to."),
    )

    class Meta:
        verbose_name = _("multi-factor sign-in at the provider")
        verbose_name_plural = _("multi-factor sign-ins at the provider")

    def verify_token(self, token: object) -> bool:
        return False
