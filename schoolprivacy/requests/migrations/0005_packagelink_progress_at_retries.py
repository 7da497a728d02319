"""PackageLink.progress_at (when the build last showed life) and retries (how often a build whose
worker died was queued again), requests/build_recovery.py. A link being built when this runs
gets progress_at = now: its build is judged from here on, like any other (a deploy that runs
this migration often stopped that build's worker)."""

from typing import Any

from django.db import migrations, models
from django.utils import timezone


def building_from_now(apps: Any, schema_editor: Any) -> None:
    link = apps.get_model("requests", "PackageLink")
    link.objects.filter(build="building", progress_at__isnull=True).update(
        progress_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("requests", "0004_packagelink_queued_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="packagelink",
            name="progress_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="packagelink",
            name="retries",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(building_from_now, migrations.RunPython.noop),
    ]
