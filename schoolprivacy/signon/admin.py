"""The board's single sign-on provider is set up in the admin (/beheer/) by the privacy officer or
functional administrator; the client secret comes from OIDC_CLIENT_SECRETS, never from here."""

from django.contrib import admin

from schoolprivacy.access.admin_scoping import BoardScopedAdmin, SudoRequiredAdmin
from schoolprivacy.signon.models import Provider


@admin.register(Provider)
class ProviderAdmin(SudoRequiredAdmin, BoardScopedAdmin):
    list_display = ("name", "issuer", "client_id", "enabled")
    fields = ("board", "name", "issuer", "client_id", "enabled")
