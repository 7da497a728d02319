"""Background tasks of the accounts app."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.parent_links import link_account_q, parent_link_create, sign_in_url


@task()
def send_parent_sign_in_link(*, user_id: int | None, language: str) -> None:
    """Email a fresh sign-in link to a parent account (or a pupil aged 16+).

    The sign-in form enqueues this for unknown addresses too (with no user), so the form answers
    in the same time whether or not the address is known. Only the user ID travels through the
    queue: no email address and no token is stored there.
    """
    if user_id is None:
        return
    user = User.objects.filter(link_account_q(), pk=user_id).first()
    if user is None or not user.email:
        return
    token = parent_link_create(user=user)
    # The language the parent chose for emails wins over the language of the sign-in page.
    with translation.override(user.email_language or language):
        context = {"url": sign_in_url(token), "minutes": settings.PARENT_LINK_MINUTES}
        subject = render_to_string("accounts/email/parent_link_subject.txt", context).strip()
        body = render_to_string("accounts/email/parent_link.txt", context)
    EmailMessage(subject=subject, body=body, to=[user.email]).send()
