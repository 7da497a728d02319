from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """`schoolprivacy backup` and `schoolprivacy restore` (decision 0043). No models: a backup is a
    file outside the database, and a restore ends with the audit check and the erasure replay."""

    name = "schoolprivacy.backups"
    label = "backups"
    verbose_name = _("Backups")
