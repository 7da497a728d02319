"""Parents are told when a new version of a privacy policy is published (issue 17 item 3).

Like consent requests (consents/notifications.py): only the version's ID travels through the
queue; addresses are read when the task runs; one email per address, in the language the parent
chose for email (Dutch otherwise), linking to the published text on the page of their child's
school. Recipients: parents of current pupils without an information restriction (a restricted
parent hears from the school only), and pupils of 16+ with an account.
"""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from schoolprivacy.people.models import GuardianRelation, Pupil
from schoolprivacy.policies.models import PolicyVersion

AGE_OF_OWN_DECISION = 16


def recipients_for(version: PolicyVersion) -> dict[str, tuple[str, set[str]]]:
    """email -> (language, school slugs of their children)."""
    today = timezone.localdate()
    current = Pupil.objects.filter(board_id=version.board_id).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=today)
    )
    found: dict[str, tuple[str, set[str]]] = {}
    schools: defaultdict[str, set[str]] = defaultdict(set)
    languages: dict[str, str] = {}
    relations = GuardianRelation.objects.filter(
        pupil__in=current, information_restriction=""
    ).select_related("guardian__user", "pupil__school")
    for relation in relations:
        email = relation.guardian.email.strip().lower()
        if not email:
            continue
        schools[email].add(relation.pupil.school.slug)
        user = relation.guardian.user
        languages.setdefault(email, getattr(user, "email_language", "") or "")
    for pupil in current.filter(user__isnull=False).select_related("user", "school"):
        user = pupil.user
        if user is None or not user.is_active or not user.email:
            continue
        if pupil.age_on(today) < AGE_OF_OWN_DECISION:
            continue
        email = user.email.lower()
        schools[email].add(pupil.school.slug)
        languages.setdefault(email, getattr(user, "email_language", "") or "")
    for email, slugs in schools.items():
        found[email] = (languages.get(email) or settings.LANGUAGE_CODE, slugs)
    return found


@task()
def notify_parents_of_policy(*, version_id: int) -> int:
    """Email every parent of the board about a newly published version; returns the count."""
    version = (
        PolicyVersion.objects.select_related("document")
        .filter(pk=version_id, published_at__isnull=False)
        .first()
    )
    if version is None:
        return 0
    sent = 0
    for email, (language, slugs) in recipients_for(version).items():
        urls = [
            settings.SITE_URL + reverse("policies:public", args=[slug, version.document_id])
            for slug in sorted(slugs)
        ]
        with translation.override(language):
            context = {"version": version, "document": version.document, "urls": urls}
            subject = render_to_string("policies/email/new_version_subject.txt", context).strip()
            body = render_to_string("policies/email/new_version.txt", context)
        EmailMessage(subject=subject, body=body, to=[email]).send()
        sent += 1
    return sent
