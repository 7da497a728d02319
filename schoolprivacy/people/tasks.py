"""Background tasks of the people app: the emails of an invitation round."""

from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from schoolprivacy.accounts.parent_links import link_account_q, parent_link_issue, sign_in_url
from schoolprivacy.people.models import Invitation

INVITATION_MINUTES = 14 * 24 * 60  # people.invitations.INVITATION_DAYS


@task()
def send_invitation(*, invitation_id: int) -> None:
    """Make the invitation's sign-in link and email it, in the language the person chose.

    Only the invitation's ID travels through the queue: no address and no token is stored there.
    Nothing is sent for a revoked invitation or an account that may no longer sign in.
    """
    invitation = (
        Invitation.objects.filter(pk=invitation_id, revoked_at__isnull=True, link__isnull=True)
        .select_related("user", "school")
        .first()
    )
    if invitation is None:
        return
    user = invitation.user
    if not user.email or not type(user).objects.filter(link_account_q(), pk=user.pk).exists():
        return
    link, token = parent_link_issue(user=user, minutes=INVITATION_MINUTES)
    Invitation.objects.filter(pk=invitation.pk).update(link=link)
    with translation.override(user.email_language or "nl"):
        context = {
            "url": sign_in_url(token),
            "school": invitation.school.name,
            "days": INVITATION_MINUTES // (24 * 60),
            "is_pupil": user.kind == user.Kind.PUPIL,
        }
        subject = render_to_string("people/email/invitation_subject.txt", context).strip()
        body = render_to_string("people/email/invitation.txt", context)
    EmailMessage(subject=subject, body=body, to=[user.email]).send()
