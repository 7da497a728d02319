from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "schoolprivacy.portal"
    label = "portal"
    verbose_name = _("Parent portal")
