from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def consent_changed(event: object) -> None:
    # Imported when an event arrives, not at start-up: the withdrawal path loads the imaging
    # libraries, which every command and web worker would otherwise pay for.
    from schoolprivacy.photos.withdrawal import consent_changed as handle

    handle(event)  # type: ignore[arg-type]


class PhotosConfig(AppConfig):
    name = "schoolprivacy.photos"
    verbose_name = _("Photos")

    def ready(self) -> None:
        # Every change that can make consent allow less (a withdrawal, a refusal replacing a
        # grant, a dispute, a change of authority, a new text, a setting) re-checks published
        # photos; the consent outbox calls this after the change is committed.
        from schoolprivacy.consents.consequences import consequences_register
        from schoolprivacy.consents.models import EventKind
        from schoolprivacy.consents.outbox import effect_register

        for kind in (
            EventKind.WITHDRAWN,
            EventKind.REFUSED,
            EventKind.DISPUTE_OPENED,
            EventKind.HOLDERS_CHANGED,
            EventKind.TEXT_PUBLISHED,
            EventKind.SETTINGS_CHANGED,
        ):
            effect_register(kind, consent_changed)
        from schoolprivacy.photos.consequences import withdrawal_consequences

        consequences_register(withdrawal_consequences)
