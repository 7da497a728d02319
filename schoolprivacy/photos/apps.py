from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhotosConfig(AppConfig):
    name = "schoolprivacy.photos"
    verbose_name = _("Photos")

    def ready(self) -> None:
        # A withdrawal (or a refusal replacing a grant, or a dispute) takes published photos back;
        # the consent outbox calls these after the decision is committed.
        from schoolprivacy.consents.models import EventKind
        from schoolprivacy.consents.outbox import effect_register
        from schoolprivacy.photos.withdrawal import consent_lost

        for kind in (EventKind.WITHDRAWN, EventKind.REFUSED, EventKind.DISPUTE_OPENED):
            effect_register(kind, consent_lost)
