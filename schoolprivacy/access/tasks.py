"""Background tasks of the access app."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from schoolprivacy.access.models import BreakGlassAccess, Role
from schoolprivacy.people.models import Staff


def _recipients(access: BreakGlassAccess) -> list[str]:
    """The board's privacy contact; without one, the board's current privacy officers."""
    if access.board.privacy_contact_email:
        return [access.board.privacy_contact_email]
    today = timezone.localdate()
    officers = (
        Staff.objects.filter(board_id=access.board_id)
        .filter(assignments__role=Role.PRIVACY_OFFICER, assignments__starts_on__lte=today)
        .filter(Q(assignments__ends_on__isnull=True) | Q(assignments__ends_on__gte=today))
        .exclude(email="")
    )
    return sorted(set(officers.values_list("email", flat=True)))


@task()
def notify_break_glass(*, break_glass_id: int) -> None:
    """Tell the privacy officer that someone opened emergency access to a pupil.

    The email names the staff member, the school and the time, and links to the officer's list;
    the pupil's name and the stated reason stay behind sign-in. Only the ID travels through the
    queue.
    """
    access = (
        BreakGlassAccess.objects.select_related("board", "staff", "pupil__school")
        .filter(pk=break_glass_id)
        .first()
    )
    if access is None:
        return
    recipients = _recipients(access)
    if not recipients:
        return
    # Written for the officer, in the board's language, not the language of whoever opened it.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "access": access,
            "staff_name": access.staff.name,
            "school_name": access.pupil.school.name,
            "url": settings.SITE_URL + reverse("access:break_glass_list"),
        }
        subject = render_to_string("access/email/break_glass_subject.txt", context).strip()
        body = render_to_string("access/email/break_glass.txt", context)
    EmailMessage(subject=subject, body=body, to=recipients).send()
