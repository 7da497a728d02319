"""Read logging (issue 3 §6): opening a dossier and every read of protected data is recorded.

Call `log_dossier_opened` whenever a page, API response or export shows a pupil's data, with the
decisions of the categories it shows (as `policy.visible_categories` returns them). It writes
`dossier.dossier.opened` and, when special data or the education number was among them,
`dossier.special.read`. The events hold category keys, rule codes and grant or emergency-access
IDs, never a value.
"""

from collections.abc import Mapping

from django.db import transaction

from schoolprivacy.access.models import BOARD_ROLES
from schoolprivacy.access.policy import Decision, is_protected
from schoolprivacy.access.selectors import scope_for
from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.audit.services import CONTEXT_CODE, AuditError, Subject, audit_record
from schoolprivacy.people.models import Pupil

DOSSIER_OPENED = "dossier.dossier.opened"
SPECIAL_READ = "dossier.special.read"
BREAK_GLASS_OPENED = "access.break_glass.opened"
# A platform operator's look at pupil rows in the technical admin (access.admin_reads).
ADMIN_READ = "admin.pupil_data.read"
# Everything that counts as "looked at this pupil's data" on the oversight pages.
READ_ACTIONS = (DOSSIER_OPENED, SPECIAL_READ, BREAK_GLASS_OPENED, ADMIN_READ)


def _codes(values: list[str]) -> list[str]:
    # audit_record checks string values only; the lists here must hold codes too.
    for value in values:
        if not CONTEXT_CODE.match(value):
            raise AuditError(f"Read-log value {value!r} is not a code.")
    return values


def reader_roles(user: User, pupil: Pupil) -> list[str]:
    """The reader's roles that relate to this pupil's school (for "which roles read this")."""
    scope = scope_for(user)
    roles = sorted(
        role
        for role in scope.roles
        if role in BOARD_ROLES or pupil.school_id in scope.schools_by_role.get(role, ())
    )
    return roles or sorted(scope.roles)


def _ids(decisions: Mapping[str, Decision], attribute: str) -> set[int]:
    return {i for d in decisions.values() if (i := getattr(d, attribute)) is not None}


def _context(user: User, pupil: Pupil, decisions: Mapping[str, Decision]) -> dict[str, object]:
    keys = sorted(decisions)
    return {
        "categories": _codes(keys),
        "rules": _codes([decisions[k].rule for k in keys]),
        "grant_ids": sorted(_ids(decisions, "grant_id")),
        "break_glass_ids": sorted(_ids(decisions, "break_glass_id")),
        "roles": _codes(reader_roles(user, pupil)),
        "school": pupil.school_id,
    }


def _subjects(pupil: Pupil, decisions: Mapping[str, Decision]) -> list[Subject]:
    subjects = [Subject(subject_types.PUPIL, pupil.pk)]
    subjects += [Subject(subject_types.GRANT, i) for i in sorted(_ids(decisions, "grant_id"))]
    subjects += [
        Subject(subject_types.BREAK_GLASS, i) for i in sorted(_ids(decisions, "break_glass_id"))
    ]
    return subjects


@transaction.atomic
def log_dossier_opened(
    user: User, pupil: Pupil, decisions: Mapping[str, Decision], channel: str = "web"
) -> list[AuditEvent]:
    """Record that `user` was shown these categories of `pupil`'s data.

    `decisions` maps category keys to the policy's decisions for the categories actually shown;
    refusals are ignored. Returns the events written (one or two).
    """
    shown = {key: d for key, d in decisions.items() if d.allowed}
    context = _context(user, pupil, shown)
    events = [
        audit_record(
            action=DOSSIER_OPENED,
            board_id=pupil.board_id,
            actor_id=user.pk,
            subjects=_subjects(pupil, shown),
            context=context,
            channel=channel,
        )
    ]
    protected = {key: d for key, d in shown.items() if is_protected(key)}
    if protected:
        special_context = _context(user, pupil, protected)
        events.append(
            audit_record(
                action=SPECIAL_READ,
                board_id=pupil.board_id,
                actor_id=user.pk,
                subjects=_subjects(pupil, protected),
                context=special_context,
                channel=channel,
            )
        )
    return events
