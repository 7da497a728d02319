"""Background tasks of the consent app."""

from django.tasks import task

from schoolprivacy.consents.outbox import handle_pending


@task()
def handle_consent_events() -> int:
    """Handle every pending consent event; enqueued after the commit that wrote one."""
    return handle_pending()
