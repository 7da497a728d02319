"""Background tasks of the consent app."""

from django.tasks import task

from schoolprivacy.consents.outbox import BATCH, handle_pending


@task()
def handle_consent_events() -> int:
    """Handle every pending consent event that is due; enqueued after the commit that wrote one,
    and at the time a failed one is to be tried again. Batch after batch until none is left."""
    total = 0
    while (handled := handle_pending()) > 0:
        total += handled
        if handled < BATCH:
            break
    return total
