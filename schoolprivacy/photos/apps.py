from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def consent_lost(event: object) -> None:
    # Imported when an event arrives, not at start-up: the withdrawal path loads the imaging
    # libraries, which every command and web worker would otherwise pay for.
    from schoolprivacy.photos.withdrawal import consent_lost as handle

    handle(event)  # type: ignore[arg-type]


class PhotosConfig(AppConfig):
    name = "schoolprivacy.photos"
    verbose_name = _("Photos")

    def ready(self) -> None:
        # A withdrawal (or a refusal replacing a grant, or a dispute) takes published photos back;
        # the consent outbox calls this after the decision is committed.
        from schoolprivacy.consents.models import EventKind
        from schoolprivacy.consents.outbox import effect_register

        for kind in (EventKind.WITHDRAWN, EventKind.REFUSED, EventKind.DISPUTE_OPENED):
            effect_register(kind, consent_lost)
