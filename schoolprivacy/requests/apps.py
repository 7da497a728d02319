from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "schoolprivacy.requests"
    label = "requests"
    verbose_name = _("Requests")

    def ready(self) -> None:
        # GDPR art. 19: the erasure engine (retention) says when it is about to erase, and the
        # notices to the recipients are recorded in its transaction (requests/notices.py).
        # The nightly purge says the same before each batch (decision 0057).
        from schoolprivacy.requests.notices import (
            on_erasure_starting,
            on_purge_ended,
            on_purge_erasing,
        )
        from schoolprivacy.retention.signals import erasure_starting, purge_ended, purge_erasing

        erasure_starting.connect(on_erasure_starting, dispatch_uid="requests.art19_notices")
        purge_erasing.connect(on_purge_erasing, dispatch_uid="requests.art19_purge_notices")
        purge_ended.connect(on_purge_ended, dispatch_uid="requests.art19_purge_digests")
