from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "schoolprivacy.access"
    label = "access"
    verbose_name = _("Access")

    def ready(self) -> None:
        from schoolprivacy.access import memo_reset

        memo_reset.connect()
