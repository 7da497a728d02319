"""Installing the default Dutch-school register for a board."""

from django.db import transaction

from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.register.defaults import ACTIVITY_DEFAULTS, RETENTION_DEFAULTS, DefaultActivity
from schoolprivacy.register.models import ActivityVersion, ProcessingActivity, RetentionRule
from schoolprivacy.register.services.activities import VERSIONED_FIELDS, new_version
from schoolprivacy.register.services.data import ActivityData, Recipient, validate_activity
from schoolprivacy.schools.models import Board
from schoolprivacy.taxonomy import TAXONOMY_VERSION


def _data(spec: DefaultActivity, rule: RetentionRule) -> ActivityData:
    return ActivityData(
        name=spec.name,
        name_en=spec.name_en,
        purpose=spec.purpose,
        purpose_en=spec.purpose_en,
        legal_basis=spec.legal_basis.value,
        legal_basis_article=spec.legal_basis_article,
        special_basis=spec.special_basis,
        data_subjects=tuple(s.value for s in spec.data_subjects),
        categories=spec.categories,
        sources=tuple(s.value for s in spec.sources),
        systems=spec.systems,
        recipients=tuple(Recipient(name, basis.value) for name, basis in spec.recipients),
        processors=spec.processors,
        access_roles=tuple(r.value for r in spec.access_roles),
        retention_rule=rule,
        security_measures=spec.security_measures,
        dpia_reference=spec.dpia_reference,
        school_kind=spec.school_kind.value,
    )


@transaction.atomic
def register_install_defaults(
    *, board: Board, actor_id: int | None, channel: str = "web"
) -> list[ProcessingActivity]:
    """Give the board every default retention rule and activity it does not have yet.

    Idempotent: defaults are matched by their code and key, so running it again adds nothing,
    and an activity the officer deactivated is not brought back. A few bulk inserts whatever
    the register's size, so `seed` stays cheap. Returns the activities it created.
    """
    # Serialise installs for one board: two first visits at once must not both insert.
    Board.objects.select_for_update().filter(pk=board.pk).exists()
    rules = {rule.code: rule for rule in RetentionRule.objects.filter(board=board)}
    new_rules = [
        RetentionRule(
            board=board,
            code=spec.code,
            name=spec.name,
            event=spec.event.value,
            years=spec.years,
            months=spec.months,
            is_minimum=spec.is_minimum,
            legal_source=spec.legal_source,
        )
        for spec in RETENTION_DEFAULTS
        if spec.code not in rules
    ]
    RetentionRule.objects.bulk_create(new_rules)
    rules.update({rule.code: rule for rule in new_rules})

    present = set(ProcessingActivity.objects.filter(board=board).values_list("key", flat=True))
    activities = []
    for spec in ACTIVITY_DEFAULTS:
        if spec.key in present:
            continue
        values = _data(spec, rules[spec.retention.code]).model_values()
        validate_activity(board=board, values=values)  # a failure here is a bug in the defaults
        activities.append(ProcessingActivity(board=board, key=spec.key, version=1, **values))
    if not activities and not new_rules:
        return []
    ProcessingActivity.objects.bulk_create(activities)
    ActivityVersion.objects.bulk_create(
        new_version(a, changed_fields=list(VERSIONED_FIELDS), actor_id=actor_id) for a in activities
    )
    audit_record(
        action="register.defaults.installed",
        board_id=board.pk,
        actor_id=actor_id,
        subjects=[Subject(subject_types.PROCESSING_ACTIVITY, a.pk) for a in activities],
        context={
            "activities": len(activities),
            "retention_rules": len(new_rules),
            "taxonomy_version": TAXONOMY_VERSION,
        },
        channel=channel,
    )
    return activities
