"""PackageLink.queued_at: when the link's build task was queued. Links made before packages were
built in the background (0003) keep it empty: no task is behind them, so their page queues one
(requests/views/download.py, building.package_build_queue_unqueued)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("requests", "0003_package_built_in_background"),
    ]

    operations = [
        migrations.AddField(
            model_name="packagelink",
            name="queued_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
