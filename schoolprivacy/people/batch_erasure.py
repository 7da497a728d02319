"""`people`'s batch form of `erase` (privacy_registry.ManyEraser): the same categories of many
pupils or parents in a few set-based queries, for the retention purge (issue 16).

Per subject it answers exactly what `privacy.erase` answers (the same counts, blank fields and
deleted rows); it writes one audit event per kind of subject per batch, naming every erased
subject by ID with the summed counts, never values. Staff members go through `erase` one by one
(a board has few leavers among its staff, and their rows stay).
"""

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, DateField, ProtectedError, QuerySet, RestrictedError
from django.db.models.functions import TruncYear

from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.people.models import (
    GroupMembership,
    Guardian,
    GuardianRelation,
    Invitation,
    Pupil,
)
from schoolprivacy.privacy_registry import DataSubject, Erasure

_ID = "pupil.identity"
_AUTHORITY = "guardian.authority"


def erase_many(
    subjects: Sequence[DataSubject],
    *,
    actor_id: int | None,
    categories: Collection[str],
    dry_run: bool = True,
) -> dict[DataSubject, Erasure]:
    # privacy.py exposes this function, so its names are looked up when it runs.
    from schoolprivacy.people.privacy import GUARDIANS, PUPILS, RELATIONS, erase

    wanted = frozenset(categories)
    found: dict[DataSubject, Erasure] = {}
    groups: dict[tuple[str, int], list[DataSubject]] = {}
    for subject in subjects:
        if subject.kind in ("pupil", "guardian"):
            groups.setdefault((subject.kind, subject.board_id), []).append(subject)
        else:
            found[subject] = erase(
                subject, actor_id=actor_id, categories=categories, dry_run=dry_run
            )
    with transaction.atomic():
        for (kind, board_id), group in groups.items():
            if kind == "pupil":
                counts = _pupils(board_id, group, wanted, PUPILS.keys, dry_run=dry_run)
            else:
                every = GUARDIANS.keys | RELATIONS.keys
                counts = _guardians(board_id, group, wanted, every, dry_run=dry_run)
            erased = {s: {k: n for k, n in c.items() if n} for s, c in counts.items()}
            for subject in group:
                found[subject] = Erasure("people", erased.get(subject, {}), done=not dry_run)
            _audit(kind, board_id, erased, actor_id=actor_id, dry_run=dry_run)
    return found


def _audit(
    kind: str,
    board_id: int,
    erased: dict[DataSubject, dict[str, int]],
    *,
    actor_id: int | None,
    dry_run: bool,
) -> None:
    """One event for the batch: every erased subject by ID, the counts summed per category."""
    touched = [s for s, counts in erased.items() if counts]
    if dry_run or not touched:
        return
    total: Counter[str] = Counter()
    for counts in erased.values():
        total.update(counts)
    audit_record(
        action=f"people.{kind}.erased",
        board_id=board_id,
        actor_id=actor_id,
        subjects=[Subject(subject_types.for_person_kind(kind), s.id) for s in touched],
        context=dict(sorted(total.items())),
        channel="system",
    )


def _per_id(rows: QuerySet[Any], field: str) -> dict[int, int]:
    return dict(rows.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))


def _pupils(
    board_id: int,
    group: list[DataSubject],
    wanted: frozenset[str],
    every: frozenset[str],
    *,
    dry_run: bool,
) -> dict[DataSubject, dict[str, int]]:
    by_id = {s.id: s for s in group}
    pupils = Pupil.objects.filter(board_id=board_id, pk__in=list(by_id))
    memberships = GroupMembership.objects.filter(board_id=board_id, pupil_id__in=list(by_id))
    joined = _per_id(memberships, "pupil_id") if "pupil.enrolment" in wanted else {}
    found: dict[DataSubject, dict[str, int]] = {}
    for (
        pk,
        given,
        first,
        prefix,
        surname,
        born,
        email,
        number,
        external,
        user_id,
    ) in pupils.values_list(
        "pk",
        "given_names",
        "first_name",
        "surname_prefix",
        "surname",
        "date_of_birth",
        "email",
        "education_number_hash",
        "external_id",
        "user_id",
    ):
        counts: dict[str, int] = {}
        if _ID in wanted:
            named = any((given, first, prefix, surname))
            counts[_ID] = int(named or (born.month, born.day) != (1, 1))
        if "pupil.contact" in wanted:
            counts["pupil.contact"] = int(bool(email))
        if "pupil.education_number" in wanted:
            counts["pupil.education_number"] = int(bool(number))
        if "pupil.enrolment" in wanted:
            counts["pupil.enrolment"] = joined.get(pk, 0) + int(bool(external))
        if "pupil.account" in wanted:
            counts["pupil.account"] = int(user_id is not None)
        found[by_id[pk]] = counts
    if dry_run or not found:
        return found
    blank: dict[str, Any] = {}
    if _ID in wanted:
        blank.update(given_names="", first_name="", surname_prefix="", surname="")
        # The row keeps a birth date (the database requires one): 1 January of the same year.
        blank["date_of_birth"] = TruncYear("date_of_birth", output_field=DateField())
    if "pupil.contact" in wanted:
        blank["email"] = ""
    if "pupil.education_number" in wanted:
        blank.update(education_number="", education_number_hash="")
    if "pupil.enrolment" in wanted:
        memberships.delete()
        blank["external_id"] = ""
    if "pupil.account" in wanted:
        blank.update(user=None, parents_may_see_as_adult=False)
    if blank:
        pupils.update(**blank)
    if every <= wanted:
        _delete_unreferenced(Pupil, board_id, [s.id for s in found])
    return found


def _guardians(
    board_id: int,
    group: list[DataSubject],
    wanted: frozenset[str],
    every: frozenset[str],
    *,
    dry_run: bool,
) -> dict[DataSubject, dict[str, int]]:
    by_id = {s.id: s for s in group}
    guardians = Guardian.objects.filter(board_id=board_id, pk__in=list(by_id))
    # Invitations are the account's: found through the subject's account, as `erase` does.
    users = {s.user_id: s.id for s in group if s.user_id is not None}
    invitations = Invitation.objects.filter(board_id=board_id, user_id__in=list(users))
    relations = GuardianRelation.objects.filter(board_id=board_id, guardian_id__in=list(by_id))
    invited = {
        users[user]: n
        for user, n in (
            _per_id(invitations, "user_id") if "guardian.contact" in wanted else {}
        ).items()
    }
    linked = _per_id(relations, "guardian_id") if _AUTHORITY in wanted else {}
    found: dict[DataSubject, dict[str, int]] = {}
    for (
        pk,
        first,
        prefix,
        surname,
        external,
        email,
        phone,
        address,
        user_id,
    ) in guardians.values_list(
        "pk",
        "first_name",
        "surname_prefix",
        "surname",
        "external_id",
        "email",
        "phone",
        "address",
        "user_id",
    ):
        counts: dict[str, int] = {}
        if "guardian.identity" in wanted:
            counts["guardian.identity"] = int(any((first, prefix, surname)) or bool(external))
        if "guardian.contact" in wanted:
            has = any((email, phone, address)) or user_id is not None
            counts["guardian.contact"] = int(has) + invited.get(pk, 0)
        if _AUTHORITY in wanted:
            counts[_AUTHORITY] = linked.get(pk, 0)
        found[by_id[pk]] = counts
    if dry_run or not found:
        return found
    blank: dict[str, Any] = {}
    if "guardian.identity" in wanted:
        blank.update(first_name="", surname_prefix="", surname="", external_id="")
    if "guardian.contact" in wanted:
        invitations.delete()
        blank.update(email="", phone="", address="", user=None)
    if _AUTHORITY in wanted:
        relations.delete()
    if blank:
        guardians.update(**blank)
    if every <= wanted:
        _delete_unreferenced(Guardian, board_id, [s.id for s in found])
    return found


def _delete_unreferenced(
    model: type[Pupil] | type[Guardian], board_id: int, ids: list[int]
) -> None:
    """Delete the rows that no other app's kept record protects (the consent ledger keeps its
    proof): all at once; when some are protected, those found in the refusal are left as empty
    shells and the rest tried again; one by one only when the refusal names no row of ours."""
    left = list(ids)
    for _attempt in range(3):
        if not left:
            return
        try:
            with transaction.atomic():
                model.objects.filter(board_id=board_id, pk__in=left).delete()
            return
        except (ProtectedError, RestrictedError) as refusal:
            blocked = _pointed_at(model, refusal)
        except IntegrityError:
            blocked = set()
        if not blocked & set(left):
            break
        left = [pk for pk in left if pk not in blocked]
    for pk in left:
        try:
            with transaction.atomic():
                model.objects.filter(board_id=board_id, pk=pk).delete()
        except (ProtectedError, RestrictedError, IntegrityError):
            continue


def _pointed_at(model: type[Pupil] | type[Guardian], refusal: Exception) -> set[int]:
    """The IDs of `model` rows that the protecting rows of a refused delete point at."""
    protecting: Iterable[Any] = (
        getattr(refusal, "protected_objects", None)
        or getattr(refusal, "restricted_objects", None)
        or ()
    )
    blocked: set[int] = set()
    for row in protecting:
        for f in row._meta.concrete_fields:
            if f.is_relation and f.related_model is model:
                value = getattr(row, f.attname)
                if value is not None:
                    blocked.add(int(value))
    return blocked
