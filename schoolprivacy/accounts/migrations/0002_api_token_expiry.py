"""API tokens expire (issue 12.11). Tokens made before this get the default 90 days from their
creation; one older than that stops working at once and must be made again with create-token."""

from datetime import timedelta

from django.db import migrations, models
from django.db.models import F

DAYS_FOR_EXISTING_TOKENS = 90


def give_existing_tokens_an_expiry(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=F("created_at") + timedelta(days=DAYS_FOR_EXISTING_TOKENS)
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.RunPython(give_existing_tokens_an_expiry, migrations.RunPython.noop),
    ]
