from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "schoolprivacy.disclosures"
    label = "disclosures"
    verbose_name = _("Disclosures")

    def ready(self) -> None:
        # Every board gets the consent purposes for sharing with its default purposes
        # (disclosures/purposes.py); consents may not import this app, so it is told here.
        from schoolprivacy.disclosures.purposes import register

        register()
