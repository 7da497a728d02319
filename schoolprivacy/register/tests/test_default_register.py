"""A new board starts with a sensible Dutch-school register that covers the whole taxonomy."""

import pytest

from schoolprivacy import taxonomy
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.register.defaults import ACTIVITY_DEFAULTS, RETENTION_DEFAULTS
from schoolprivacy.register.models import ActivityVersion, ProcessingActivity, RetentionRule
from schoolprivacy.register.services import register_install_defaults
from schoolprivacy.testing import factories

pytestmark = pytest.mark.django_db


def test_every_taxonomy_key_is_covered_by_a_default_activity():
    covered = {key for spec in ACTIVITY_DEFAULTS for key in spec.categories}
    assert set(taxonomy.BY_KEY) - covered == set()


def test_installing_creates_valid_activities_covering_every_key():
    board = factories.make_board()
    created = register_install_defaults(board=board, actor_id=None)

    assert 10 <= len(created) <= 14
    activities = ProcessingActivity.objects.filter(board=board)
    covered = {key for activity in activities for key in activity.categories}
    assert covered == set(taxonomy.BY_KEY)
    assert all(a.is_active and a.version == 1 for a in activities)
    assert ActivityVersion.objects.filter(board=board, number=1).count() == len(created)
    assert RetentionRule.objects.filter(board=board).count() == len(RETENTION_DEFAULTS)


def test_it_is_idempotent():
    board = factories.make_board()
    register_install_defaults(board=board, actor_id=None)
    events = AuditEvent.objects.filter(chain=board.pk).count()

    assert register_install_defaults(board=board, actor_id=None) == []
    assert ProcessingActivity.objects.filter(board=board).count() == len(ACTIVITY_DEFAULTS)
    assert AuditEvent.objects.filter(chain=board.pk).count() == events


def test_it_records_one_audit_event_naming_the_activities():
    board = factories.make_board()
    created = register_install_defaults(board=board, actor_id=None, channel="command")

    [event] = AuditEvent.objects.filter(chain=board.pk, action="register.defaults.installed")
    assert {s["id"] for s in event.subjects} == {a.pk for a in created}
    assert event.context["activities"] == len(created)
    assert event.channel == "command"


def test_special_data_always_names_its_exception_and_the_number_its_law():
    board = factories.make_board()
    for activity in register_install_defaults(board=board, actor_id=None):
        if activity.special_categories:
            assert activity.special_basis
        if "pupil.education_number" in activity.categories:
            assert "UAVG art. 46" in activity.legal_basis_article
            assert "samenwerkingsverband" not in " ".join(r["name"] for r in activity.recipients)


def test_schools_mostly_rely_on_law_and_public_task():
    bases = [spec.legal_basis.value for spec in ACTIVITY_DEFAULTS]
    assert bases.count("c") + bases.count("e") > len(bases) / 2
    assert "f" not in bases  # a public body may not use legitimate interest for its task


def test_boards_get_their_own_register():
    board, other = factories.make_board(), factories.make_board()
    register_install_defaults(board=board, actor_id=None)
    register_install_defaults(board=other, actor_id=None)
    rules = ProcessingActivity.objects.filter(board=other).values_list(
        "retention_rule__board", flat=True
    )
    assert set(rules) == {other.pk}
