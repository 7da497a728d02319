"""Boards that already had their default consent purposes get the sharing purposes too
(disclosures/purposes.py); new boards get them from `purposes_install_defaults`. Idempotent: a
board that has a purpose with the key keeps it as it is."""

from typing import Any

from django.db import migrations
from django.utils import timezone

# The texts as of this migration (later edits of SHARING_PURPOSES do not rewrite history).
from schoolprivacy.disclosures.purposes import SHARING_PURPOSES

_LEDGER_DEFAULT_KEY = "website"  # a board with it had purposes_install_defaults run


def install(apps: Any, schema_editor: Any) -> None:
    Purpose = apps.get_model("consents", "Purpose")
    PurposeText = apps.get_model("consents", "PurposeText")
    ProcessingActivity = apps.get_model("register", "ProcessingActivity")
    boards = Purpose.objects.filter(key=_LEDGER_DEFAULT_KEY, school__isnull=True).values_list(
        "board_id", flat=True
    )
    now = timezone.now()
    for board_id in sorted(set(boards)):
        present = set(
            Purpose.objects.filter(board_id=board_id, school__isnull=True).values_list(
                "key", flat=True
            )
        )
        activities = dict(
            ProcessingActivity.objects.filter(board_id=board_id).values_list("key", "pk")
        )
        for spec in SHARING_PURPOSES:
            if spec.key in present:
                continue
            purpose = Purpose.objects.create(
                board_id=board_id,
                key=spec.key,
                name=spec.name,
                name_en=spec.name_en,
                channel_kind=spec.channel_kind,
                activity_id=activities.get(spec.activity),
            )
            PurposeText.objects.create(
                board_id=board_id,
                purpose=purpose,
                version=1,
                text_nl=spec.text_nl,
                text_en=spec.text_en,
                published_at=now,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("disclosures", "0001_initial"),
        ("consents", "0005_append_only_everywhere"),
        ("register", "0002_versions_append_only"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
