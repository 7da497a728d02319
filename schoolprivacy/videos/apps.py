from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def consent_changed(event: object) -> None:
    # Imported when an event arrives: the withdrawal path loads the video and imaging libraries.
    from schoolprivacy.videos.withdrawal import consent_changed as handle

    handle(event)  # type: ignore[arg-type]


class VideosConfig(AppConfig):
    name = "schoolprivacy.videos"
    verbose_name = _("Videos")

    def ready(self) -> None:
        # The same consent events that re-check published photos re-check published videos
        # (docs/decisions/0016 and 0034); the outbox calls this after the change committed.
        from schoolprivacy.consents.consequences import consequences_register
        from schoolprivacy.consents.outbox import effect_register
        from schoolprivacy.videos.consequences import withdrawal_consequences
        from schoolprivacy.videos.withdrawal import RECHECK_KINDS

        for kind in RECHECK_KINDS:
            effect_register(kind, consent_changed)
        consequences_register(withdrawal_consequences)
