from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentsConfig(AppConfig):
    name = "schoolprivacy.consents"
    label = "consents"
    verbose_name = _("Consent")

    def ready(self) -> None:
        # A change of parental authority or of a parent link is a consent event
        # (consents/holders.py).
        from schoolprivacy.consents.holders import holders_changed
        from schoolprivacy.people import changes

        changes.listen(holders_changed)
