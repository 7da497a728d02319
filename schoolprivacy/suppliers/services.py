"""Writes to the processor register, each in a transaction and audited (field names, no values).

Who may call these is decided by the callers through `access.policy` (`supplier_register_board`,
`field_approval_board`); the services check that what they are given belongs to one board.
Roster exports are in `exports/`.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.schools.models import Board, School
from schoolprivacy.suppliers import datasets
from schoolprivacy.suppliers.contacts import checked_privacy_contact
from schoolprivacy.suppliers.models import (
    RETURN_TERM_DAYS,
    Agreement,
    DataFlow,
    DataSetVersion,
    FieldApproval,
    Product,
    Supplier,
)


def _agreement_event(
    action: str, agreement: Agreement, actor: User, fields: list[str], channel: str = "web"
) -> None:
    audit_record(
        action=action,
        board_id=agreement.board_id,
        actor_id=actor.pk,
        subjects=[Subject(subjects.AGREEMENT, agreement.pk)],
        fields=fields,
        context={"version": agreement.version},
        channel=channel,
    )


@transaction.atomic
def supplier_create(
    *,
    board: Board,
    actor: User,
    name: str,
    kind: str = Supplier.Kind.LEARNING_MATERIAL,
    covenant_signed: bool = False,
    processor: Supplier | None = None,
    privacy_contact_name: str = "",
    privacy_contact_email: str = "",
    channel: str = "web",
) -> Supplier:
    name = name.strip()
    contact = checked_privacy_contact(privacy_contact_name, privacy_contact_email)
    if not name:
        raise ValidationError(_("A supplier needs a name."))
    if Supplier.objects.filter(board=board, name__iexact=name).exists():
        raise ValidationError(_("This board already has a supplier with this name."))
    if processor is not None and (
        processor.board_id != board.pk or processor.role != Supplier.Role.PROCESSOR
    ):
        raise ValidationError(_("A sub-processor works for a processor of the same board."))
    supplier = Supplier.objects.create(
        board=board,
        name=name,
        kind=kind,
        covenant_signed=covenant_signed,
        role=Supplier.Role.SUB_PROCESSOR if processor else Supplier.Role.PROCESSOR,
        processor=processor,
        **contact,
    )
    audit_record(
        action="suppliers.supplier.created",
        board_id=board.pk,
        actor_id=actor.pk,
        subjects=[Subject(subjects.SUPPLIER, supplier.pk)],
        fields=["name", "kind", "role", "covenant_signed", *(k for k, v in contact.items() if v)],
        channel=channel,
    )
    return supplier


def _check_schools(board: Board, schools: list[School]) -> None:
    if not schools:
        raise ValidationError(_("Name at least one school that uses the product."))
    if any(s.board_id != board.pk for s in schools):
        raise ValidationError(_("Every school must belong to the board."))


@transaction.atomic
def agreement_create(
    *,
    board: Board,
    actor: User,
    supplier: Supplier,
    product_name: str,
    schools: list[School],
    fields: list[str],
    ends_on: date,
    signed_on: date | None = None,
    approver: User | None = None,
    consent_purpose: str = "",
    facts: dict[str, str] | None = None,
    channel: str = "web",
) -> Agreement:
    """A processor agreement with its data set.

    Extra fields (datasets.EXTRA) count only once the privacy officer approved them: pass
    `approver` (a privacy officer, decided by the caller) to record that approval now, dated.
    Keys that may never be offered raise DataSetError.
    """
    if supplier.board_id != board.pk:
        raise ValidationError(_("The supplier belongs to another board."))
    keys = datasets.check_keys(fields)
    _check_schools(board, schools)
    if signed_on is not None and ends_on <= signed_on:
        raise ValidationError(_("An agreement ends after it is signed."))
    name = product_name.strip()
    if not name:
        raise ValidationError(_("Name the product the agreement is for."))
    product, _created = Product.objects.get_or_create(board=board, supplier=supplier, name=name)
    agreement = Agreement.objects.create(
        board=board,
        supplier=supplier,
        product=product,
        signed_on=signed_on,
        ends_on=ends_on,
        fields=list(keys),
        consent_purpose=consent_purpose,
        **(facts or {}),
    )
    agreement.schools.set(schools)
    _agreement_event(
        "suppliers.agreement.created", agreement, actor, ["fields", "schools"], channel
    )
    if approver is not None:
        for key in datasets.needs_approval(keys):
            _approve(agreement, key, approver, reason="", channel=channel)
    _keep_version(agreement, actor, "")
    return agreement


def _keep_version(agreement: Agreement, actor: User, reason: str) -> DataSetVersion:
    """Keep the data set as it is now under the agreement's current version number."""
    return DataSetVersion.objects.create(
        board_id=agreement.board_id,
        agreement=agreement,
        number=agreement.version,
        fields=list(agreement.field_keys),
        exported_fields=list(effective_fields(agreement)),
        changed_by=actor,
        reason=reason,
    )


def _locked(agreement: Agreement) -> Agreement:
    """The agreement re-read under a row lock: data set changes, approvals, data flows and
    exports of one agreement take turns, so an export records the version whose fields it wrote,
    and each reads the data set and version the one before committed."""
    return Agreement.objects.select_for_update(of=("self",)).get(pk=agreement.pk)


def _approve(
    agreement: Agreement,
    key: str,
    approver: User,
    *,
    reason: str,
    channel: str = "web",
    bump: bool = True,
) -> FieldApproval:
    approval = FieldApproval.objects.create(
        board_id=agreement.board_id,
        agreement=agreement,
        field_key=key,
        approved_on=timezone.localdate(),
        approved_by=approver,
        reason=reason,
    )
    # The effective data set changed: exports say which version they were made under.
    if bump:
        Agreement.objects.filter(pk=agreement.pk).update(version=agreement.version + 1)
        agreement.version += 1
    _agreement_event("suppliers.field.approved", agreement, approver, [key], channel)
    return approval


@transaction.atomic
def field_approve(*, agreement: Agreement, key: str, approver: User, reason: str) -> FieldApproval:
    """The privacy officer approves one extra field the agreement names (dated, recorded)."""
    agreement = _locked(agreement)
    if key not in datasets.needs_approval(agreement.field_keys):
        raise ValidationError(_("Only an extra field the agreement names needs approval."))
    if agreement.approvals.filter(field_key=key).exists():
        raise ValidationError(_("This field is already approved."))
    approval = _approve(agreement, key, approver, reason=reason.strip())
    _keep_version(agreement, approver, reason.strip())
    return approval


@transaction.atomic
def agreement_change_data_set(
    *,
    agreement: Agreement,
    actor: User,
    fields: list[str],
    reason: str,
    approver: User | None = None,
    channel: str = "web",
) -> Agreement:
    """The data set as amended: a new version, the previous one kept (DataSetVersion).

    Added extra fields count only once approved: pass `approver` (a privacy officer, decided by
    the caller) to approve them now, dated; otherwise they wait. A removed field loses its
    approval (adding it again needs a new one) and leaves the data flows that carried it.
    Keys that may never be offered raise DataSetError.
    """
    keys = datasets.check_keys(fields)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the data set changes (the amendment of the agreement)."))
    agreement = _locked(agreement)
    before = agreement.field_keys
    if keys == before:
        raise ValidationError(_("The data set did not change."))
    added = [k for k in keys if k not in before]
    removed = [k for k in before if k not in keys]
    agreement.approvals.filter(field_key__in=removed).delete()
    for flow in agreement.flows.all():
        kept = [k for k in flow.fields if k in keys]
        if not kept:
            flow.delete()
        elif kept != flow.fields:
            flow.fields = kept
            flow.save(update_fields=["fields"])
    agreement.fields = list(keys)
    agreement.version += 1
    agreement.save(update_fields=["fields", "version"])
    _agreement_event(
        "suppliers.data_set.changed", agreement, actor, sorted(added + removed), channel
    )
    if approver is not None:
        for key in datasets.needs_approval(tuple(added)):
            _approve(agreement, key, approver, reason=reason, channel=channel, bump=False)
    _keep_version(agreement, actor, reason)
    return agreement


def effective_fields(agreement: Agreement) -> tuple[str, ...]:
    """The fields exports may contain: the narrow fields named, and approved extra fields."""
    approved = {a.field_key for a in agreement.approvals.all()}
    return tuple(
        k for k in agreement.field_keys if not datasets.FIELDS[k].needs_approval or k in approved
    )


@transaction.atomic
def agreement_sign(*, agreement: Agreement, actor: User, signed_on: date) -> Agreement:
    if agreement.ends_on <= signed_on:
        raise ValidationError(_("An agreement ends after it is signed."))
    agreement.signed_on = signed_on
    agreement.save(update_fields=["signed_on"])
    _agreement_event("suppliers.agreement.signed", agreement, actor, ["signed_on"])
    return agreement


@transaction.atomic
def agreement_update_facts(
    *, agreement: Agreement, actor: User, facts: dict[str, str]
) -> Agreement:
    """The key facts of the privacy information sheet and the security annex."""
    allowed = {
        "data_location",
        "sub_processors",
        "certifications",
        "breach_contact",
        "dpia_url",
        "model_version",
    }
    changed = [k for k, v in facts.items() if k in allowed and getattr(agreement, k) != v]
    for key in changed:
        setattr(agreement, key, facts[key])
    if changed:
        agreement.full_clean(exclude=["schools", "fields"])
        agreement.save(update_fields=changed)
        _agreement_event("suppliers.agreement.facts_changed", agreement, actor, changed)
    return agreement


@transaction.atomic
def data_flow_add(
    *, agreement: Agreement, actor: User, source: str, route: str, fields: list[str]
) -> DataFlow:
    """Register how data reaches the product (most flows run through brokers, not through here).

    A flow carries at most the agreement's data set: checked under the agreement's lock, so an
    amendment that removes a field waits, or is waited for and then checked against.
    """
    keys = datasets.check_keys(fields)
    agreement = _locked(agreement)
    outside = set(keys) - set(agreement.field_keys)
    if outside:
        raise ValidationError(
            _("A data flow carries only fields of the agreement's data set: %(keys)s")
            % {"keys": ", ".join(sorted(outside))}
        )
    if source not in DataFlow.Source.values or route not in DataFlow.Route.values:
        raise ValidationError(_("Choose a source system and a route."))
    flow, _created = DataFlow.objects.update_or_create(
        board_id=agreement.board_id,
        agreement=agreement,
        source=source,
        route=route,
        defaults={"fields": list(keys)},
    )
    _agreement_event("suppliers.flow.registered", agreement, actor, ["flows"])
    return flow


@transaction.atomic
def agreement_request_end(
    *, agreement: Agreement, actor: User, action: str, deadline: date | None = None
) -> Agreement:
    """Ask the supplier to return or destroy the data (domain.md: at the end of an agreement)."""
    if action not in Agreement.EndAction.values:
        raise ValidationError(_("Choose return or destruction."))
    today = timezone.localdate()
    agreement.end_action = action
    agreement.end_requested_on = today
    agreement.end_deadline = deadline or max(today, agreement.ends_on) + timedelta(
        days=RETURN_TERM_DAYS
    )
    agreement.save(update_fields=["end_action", "end_requested_on", "end_deadline"])
    _agreement_event(
        "suppliers.agreement.end_requested",
        agreement,
        actor,
        ["end_action", "end_requested_on", "end_deadline"],
    )
    return agreement


@transaction.atomic
def agreement_confirm_end(
    *, agreement: Agreement, actor: User, confirmed_on: date, reference: str
) -> Agreement:
    """Record the supplier's confirmation that the data was returned or destroyed."""
    if agreement.end_requested_on is None:
        raise ValidationError(_("Request the return or destruction first."))
    if not reference.strip():
        raise ValidationError(_("Say where the supplier's confirmation is kept."))
    agreement.end_confirmed_on = confirmed_on
    agreement.end_confirmation = reference.strip()
    agreement.save(update_fields=["end_confirmed_on", "end_confirmation"])
    _agreement_event(
        "suppliers.agreement.end_confirmed",
        agreement,
        actor,
        ["end_confirmed_on", "end_confirmation"],
    )
    return agreement
