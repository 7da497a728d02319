"""Seal the events written before the keyed chain, with AUDIT_CHAIN_KEY (decision 0016).

Each chain's current head becomes its legacy seal: its unkeyed events stay valid up to there and
no further, and the head gets its keyed MAC. On a new database there is nothing to seal.
"""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

from schoolprivacy.audit.legacy import seal_unkeyed_chains


def forwards(apps, schema_editor):
    seal_unkeyed_chains(
        head_model=apps.get_model("audit", "AuditChainHead"),
        seal_model=apps.get_model("audit", "AuditLegacySeal"),
        key=settings.AUDIT_CHAIN_KEY.encode(),
        now=timezone.now(),
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_keyed_chain")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
