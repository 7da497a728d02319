from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "schoolprivacy.schools"
    label = "schools"
    verbose_name = _("Board and schools")
