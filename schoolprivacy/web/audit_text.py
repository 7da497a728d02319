"""The audit log in sentences (issue 17): "Mevrouw X opende het dossier van leerling Y — regel:
intern begeleider van de school van de leerling", instead of `dossier.dossier.opened` and a rule
code repeated for every category.

Events hold IDs and codes only (contract 3); this module turns one page of them into words for
the privacy officer of their board, looking names up in a fixed number of queries per page. An
action it has no sentence for is still shown, with its code: nothing is hidden.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from schoolprivacy.access.rule_words import rule_words
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.consents.models import Purpose
from schoolprivacy.people.models import Guardian, Pupil, Staff
from schoolprivacy.taxonomy import BY_KEY

# What the officer filters on ("kind"), each a set of action prefixes.
KINDS: dict[str, tuple[Promise, tuple[str, ...]]] = {
    "reads": (
        gettext_lazy("reading pupil data"),
        (
            "dossier.dossier.opened",
            "dossier.special.read",
            "access.break_glass.opened",
            "admin.pupil_data.read",
            "people.pupil.viewed",
        ),
    ),
    "pupil_data": (
        gettext_lazy("changes to pupil and parent data"),
        ("people.", "dossier.record", "dossier.education_number", "dossier.records", "imports."),
    ),
    "consent": (gettext_lazy("consent"), ("consents.",)),
    "photos": (gettext_lazy("photos"), ("photos.",)),
    "access": (gettext_lazy("roles, exceptions and emergency access"), ("access.",)),
    "signin": (gettext_lazy("signing in and accounts"), ("accounts.",)),
    "oversight": (gettext_lazy("the audit log itself"), ("audit.",)),
}


def kind_filter(kind: str) -> Q:
    prefixes = KINDS[kind][1]
    query = Q()
    for prefix in prefixes:
        query |= Q(action__startswith=prefix)
    return query


def kind_of(action: str) -> str:
    for key, (_label, prefixes) in KINDS.items():
        if any(action.startswith(p) for p in prefixes):
            return key
    return ""


# One sentence per action. %(actor)s is a person's name or "the system"; %(pupil)s a pupil's
# name; %(staff)s a staff member's; %(purpose)s a consent purpose; %(count)s a number.
SENTENCES: dict[str, Promise] = {
    "dossier.dossier.opened": gettext_lazy("%(actor)s opened the file of pupil %(pupil)s"),
    "dossier.special.read": gettext_lazy(
        "%(actor)s read special data (%(categories)s) of pupil %(pupil)s"
    ),
    "admin.pupil_data.read": gettext_lazy(
        "%(actor)s opened data of pupil %(pupil)s in the management pages"
    ),
    "people.pupil.viewed": gettext_lazy("%(actor)s looked up pupil %(pupil)s"),
    "access.break_glass.opened": gettext_lazy(
        "%(actor)s opened emergency access to pupil %(pupil)s"
    ),
    "access.break_glass.reviewed": gettext_lazy(
        "%(actor)s reviewed the emergency access of %(staff)s to pupil %(pupil)s"
    ),
    "access.grant.created": gettext_lazy("%(actor)s approved an exception"),
    "access.grant.revoked": gettext_lazy("%(actor)s ended an exception"),
    "access.assignment.created": gettext_lazy("%(actor)s gave %(staff)s a role"),
    "access.assignment.ended": gettext_lazy("%(actor)s ended a role of %(staff)s"),
    "access.staff.created": gettext_lazy("%(actor)s added staff member %(staff)s"),
    "access.staff.employment_ended": gettext_lazy(
        "%(actor)s recorded that %(staff)s no longer works here"
    ),
    "people.pupil.created": gettext_lazy("%(actor)s added pupil %(pupil)s"),
    "people.pupil.updated": gettext_lazy("%(actor)s changed the details of pupil %(pupil)s"),
    "people.pupil.deleted": gettext_lazy("%(actor)s removed pupil %(pupil)s"),
    "people.pupil.parents_access_changed": gettext_lazy(
        "%(actor)s changed whether the parents of %(pupil)s see the data of their adult child"
    ),
    "people.guardian.created": gettext_lazy("%(actor)s added a parent or guardian"),
    "people.guardian.updated": gettext_lazy("%(actor)s changed the details of a parent"),
    "people.guardian_relation.created": gettext_lazy(
        "%(actor)s recorded a parent or guardian of pupil %(pupil)s"
    ),
    "people.guardian_relation.updated": gettext_lazy(
        "%(actor)s changed a parent's relation to pupil %(pupil)s"
    ),
    "people.membership.started": gettext_lazy("%(actor)s placed pupil %(pupil)s in a group"),
    "people.membership.ended": gettext_lazy("%(actor)s took pupil %(pupil)s out of a group"),
    "people.invitation.sent": gettext_lazy("%(actor)s invited someone to the parent portal"),
    "people.invitation.revoked": gettext_lazy("%(actor)s withdrew an invitation"),
    "people.invitation.round_sent": gettext_lazy("%(actor)s sent a round of invitations"),
    "people.accounts.synced": gettext_lazy("%(actor)s synchronised the accounts"),
    "dossier.record.created": gettext_lazy("%(actor)s added a note to the file of %(pupil)s"),
    "dossier.record.updated": gettext_lazy("%(actor)s changed a note in the file of %(pupil)s"),
    "dossier.record.deleted": gettext_lazy("%(actor)s deleted a note from the file of %(pupil)s"),
    "dossier.records.erased": gettext_lazy("%(actor)s erased notes from the file of %(pupil)s"),
    "dossier.education_number.changed": gettext_lazy(
        "%(actor)s changed the education number of %(pupil)s"
    ),
    "dossier.education_number.cleared": gettext_lazy(
        "%(actor)s removed the education number of %(pupil)s"
    ),
    "imports.run.queued": gettext_lazy("%(actor)s started an import from the pupil administration"),
    "imports.run.completed": gettext_lazy("%(actor)s imported data from the pupil administration"),
    "imports.run.undone": gettext_lazy("%(actor)s undid an import"),
    "consents.decision.granted": gettext_lazy(
        "%(actor)s gave consent for %(purpose)s for pupil %(pupil)s"
    ),
    "consents.decision.withdrawn": gettext_lazy(
        "%(actor)s refused or withdrew consent for %(purpose)s for pupil %(pupil)s"
    ),
    "consents.dispute.opened": gettext_lazy(
        "%(actor)s recorded that the parents of %(pupil)s disagree about %(purpose)s"
    ),
    "consents.dispute.resolved": gettext_lazy(
        "%(actor)s resolved the consent dispute about %(pupil)s"
    ),
    "consents.text.published": gettext_lazy("%(actor)s published a new consent text"),
    "consents.purposes.installed": gettext_lazy("%(actor)s installed the consent purposes"),
    "consents.round.reminded": gettext_lazy("%(actor)s sent consent reminders"),
    "consents.notice.queued": gettext_lazy("%(actor)s queued a consent notice"),
    "consents.events.retried": gettext_lazy("%(actor)s retried consent effects"),
    "photos.photo.uploaded": gettext_lazy("%(actor)s uploaded a photo"),
    "photos.faces.detected": gettext_lazy("%(actor)s found faces in a photo"),
    "photos.face.tagged": gettext_lazy("%(actor)s tagged pupil %(pupil)s in a photo"),
    "photos.faces.erased": gettext_lazy("%(actor)s erased face tags of pupil %(pupil)s"),
    "photos.publication.published": gettext_lazy("%(actor)s published a photo"),
    "photos.publication.withdrawn": gettext_lazy("%(actor)s took a published photo down"),
    "photos.publication.blocked": gettext_lazy(
        "%(actor)s tried to publish a photo; consent did not allow it"
    ),
    "photos.publications.checked": gettext_lazy("%(actor)s checked every published photo"),
    "photos.photos.purged": gettext_lazy("%(actor)s deleted photos past their retention period"),
    "photos.event.created": gettext_lazy("%(actor)s created a photo event"),
    "accounts.signin.succeeded": gettext_lazy("%(actor)s signed in"),
    "accounts.signin.failed": gettext_lazy("A sign-in as %(actor)s failed"),
    "accounts.sudo.granted": gettext_lazy("%(actor)s confirmed their password"),
    "accounts.token.created": gettext_lazy("%(actor)s created an API token"),
    "accounts.token.revoked": gettext_lazy("%(actor)s revoked an API token"),
    "accounts.totp.enrolled": gettext_lazy("%(actor)s set up their authenticator app"),
    "accounts.backup_codes.generated": gettext_lazy("%(actor)s made new backup codes"),
    "accounts.parent_link.sent": gettext_lazy("A sign-in link was sent to %(actor)s"),
    "accounts.parent_link.used": gettext_lazy("%(actor)s signed in with an emailed link"),
    "accounts.user.password_set": gettext_lazy("%(actor)s set a password"),
    "accounts.email_language.changed": gettext_lazy("%(actor)s changed their email language"),
    "audit.events.exported": gettext_lazy("%(actor)s downloaded the audit log"),
}
# Admin edits (`app.model.verb`) and other actions without their own sentence.
VERBS: dict[str, Promise] = {
    "created": gettext_lazy("%(actor)s added a %(thing)s"),
    "updated": gettext_lazy("%(actor)s changed a %(thing)s"),
    "changed": gettext_lazy("%(actor)s changed a %(thing)s"),
    "deleted": gettext_lazy("%(actor)s deleted a %(thing)s"),
}
CHANNELS: dict[str, Promise] = {
    "web": gettext_lazy("website"),
    "api": gettext_lazy("API"),
    "command": gettext_lazy("command"),
    "task": gettext_lazy("automatic task"),
    "system": gettext_lazy("system"),
    "admin": gettext_lazy("management pages"),
}


@dataclass
class Line:
    event: AuditEvent
    actor: str
    sentence: str
    rules: list[str] = field(default_factory=list)
    kind: str = ""
    channel: str = ""
    pupil_ids: list[int] = field(default_factory=list)

    @property
    def occurred_at(self) -> datetime:
        return self.event.occurred_at


@dataclass
class _Names:
    actors: dict[int, str]
    pupils: dict[int, str]
    staff: dict[int, str]
    staff_users: dict[int, str]  # staff named by their account (subject `accounts.user`)
    purposes: dict[str, str]


def _actor_names(board_id: int, user_ids: set[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for staff in Staff.objects.filter(board_id=board_id, user_id__in=user_ids):
        names[staff.user_id] = staff.name
    rest = user_ids - names.keys()
    if rest:
        for guardian in Guardian.objects.filter(board_id=board_id, user_id__in=rest):
            assert guardian.user_id is not None  # filtered on it
            names[guardian.user_id] = _("parent %(name)s") % {"name": guardian.name}
    rest -= names.keys()
    if rest:
        for pupil in Pupil.objects.filter(board_id=board_id, user_id__in=rest):
            assert pupil.user_id is not None
            names[pupil.user_id] = _("pupil %(name)s") % {"name": pupil.name}
    rest -= names.keys()
    if rest:
        names.update(User.objects.filter(id__in=rest).values_list("id", "username"))
    return names


def _names(board_id: int, events: Sequence[AuditEvent]) -> _Names:
    actor_ids = {e.actor_id for e in events if e.actor_id is not None}
    pupil_ids = {i for e in events for i in _ids(e, subject_types.PUPIL)}
    staff_ids = {i for e in events for i in _ids(e, subject_types.STAFF)}
    staff_user_ids = {i for e in events for i in _ids(e, subject_types.USER)}
    purpose_keys = {str(e.context["purpose"]) for e in events if "purpose" in e.context}
    pupils = {
        p.pk: p.name
        for p in Pupil.objects.filter(board_id=board_id, id__in=pupil_ids).only(
            "id", "first_name", "surname_prefix", "surname"
        )
    }
    staff: dict[int, str] = {}
    staff_users: dict[int, str] = {}
    for member in Staff.objects.filter(board_id=board_id).filter(
        Q(id__in=staff_ids) | Q(user_id__in=staff_user_ids)
    ):
        staff[member.pk] = member.name
        staff_users[member.user_id] = member.name
    english = (get_language() or "nl").startswith("en")
    purposes: dict[str, str] = {}
    for key, name, name_en in Purpose.objects.filter(
        board_id=board_id, key__in=purpose_keys
    ).values_list("key", "name", "name_en"):
        purposes[key] = (name_en or name) if english else name
    return _Names(_actor_names(board_id, actor_ids), pupils, staff, staff_users, purposes)


def _ids(event: AuditEvent, subject_type: str) -> list[int]:
    return subject_types.ids_of(event.subjects, event.action, subject_type)


def _sentence(event: AuditEvent, names: _Names, actor: str) -> str:
    pupil_ids = _ids(event, subject_types.PUPIL)
    pupils = [names.pupils.get(i) or _("no. %(id)s") % {"id": i} for i in pupil_ids]
    staff_ids = _ids(event, subject_types.STAFF)
    staff = [names.staff.get(i, "") for i in staff_ids] or [
        names.staff_users.get(i, "") for i in _ids(event, subject_types.USER)
    ]
    categories = [str(BY_KEY[k].label) for k in event.context.get("categories", []) if k in BY_KEY]
    purpose_key = str(event.context.get("purpose", ""))
    values = {
        "actor": actor,
        "pupil": ", ".join(pupils) or _("(unknown)"),
        "staff": ", ".join(s for s in staff if s) or _("a staff member"),
        "purpose": names.purposes.get(purpose_key, purpose_key) or _("a purpose"),
        "categories": ", ".join(categories) or _("special data"),
        "count": event.context.get("count", ""),
    }
    template = SENTENCES.get(event.action)
    if template is not None:
        return str(template) % values
    verb = event.action.rsplit(".", 1)[-1]
    things = [subject_types.LABELS.get(s["type"]) for s in event.subject_list]
    thing = next((t for t in things if t is not None), None)
    if verb in VERBS and thing is not None:
        text = str(VERBS[verb]) % {**values, "thing": thing}
        return f"{text} ({values['pupil']})" if pupils else text
    # No words for this action yet: say what is known, with the code, rather than hide it.
    return _("%(actor)s: %(action)s") % {"actor": actor, "action": event.action}


def describe(board_id: int, events: Iterable[AuditEvent]) -> list[Line]:
    """One line per event, for the privacy officer of `board_id`, in the active language."""
    events = list(events)
    names = _names(board_id, events)
    lines = []
    for event in events:
        if event.actor_id is None:
            actor = _("The system")
        else:
            actor = names.actors.get(event.actor_id) or _("account %(id)s") % {"id": event.actor_id}
        kind = kind_of(event.action)
        lines.append(
            Line(
                event=event,
                actor=actor,
                sentence=_sentence(event, names, actor),
                rules=rule_words([str(r) for r in event.context.get("rules", [])]),
                kind=str(KINDS[kind][0]) if kind else "",
                channel=str(CHANNELS.get(event.channel, event.channel)),
                pupil_ids=_ids(event, subject_types.PUPIL),
            )
        )
    return lines
