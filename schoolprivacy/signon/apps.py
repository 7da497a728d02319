from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignOnConfig(AppConfig):
    name = "schoolprivacy.signon"
    label = "signon"
    verbose_name = _("School account sign-in")
