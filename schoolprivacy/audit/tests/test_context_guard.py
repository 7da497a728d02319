"""The audit context holds codes and counts only, at every depth (issue 11 item 5).

Each refused value below is one a careless caller could write; each passed value is one that
existing callers do write.
"""

import pytest

from schoolprivacy.audit.context import elfproef
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.audit.services import AuditError, audit_record

pytestmark = pytest.mark.django_db


def record(world, context: dict) -> AuditEvent:
    return audit_record(
        action="people.pupil.updated", board_id=world.board.id, actor_id=None, context=context
    )


@pytest.mark.parametrize(
    ("context", "message"),
    [
        # Free text inside a list, a dict inside a list, a dict inside a dict.
        ({"notes": ["ok", "Sanne heeft dyslexie"]}, "free text"),
        ({"rows": [{"reason": "ouder belde om 9 uur"}]}, "free text"),
        ({"detail": {"guardian": {"name": "Karin de Vries"}}}, "free text"),
        # Names written as codes.
        ({"who": "Sanne.Jansen"}, "name"),
        ({"who": "sanne.Jansen"}, "name"),
        ({"who": ["teacher", "deVries"]}, "name"),
        # A BSN, as a number, as text and inside a list; an old 8-digit one without its zero.
        ({"count": 111222333}, "BSN"),
        ({"ref": "111222333"}, "BSN"),
        ({"ids": [1, 2, 123456782]}, "BSN"),
        ({"n": 12345672}, "BSN"),
        ({"n": 111222333.0}, "BSN"),
        # Phone numbers: the number loses its 0; text keeps it, with or without a dash.
        ({"callback": 612345678}, "phone"),
        ({"callback": "0612345678"}, "phone"),
        ({"callback": "06-12345678"}, "phone"),
        ({"callback": 31612345678}, "phone"),
        ({"callback": "0031612345678"}, "phone"),
        ({"nested": {"numbers": [201234568]}}, "phone"),
    ],
)
def test_it_refuses_personal_values_at_any_depth(world, context, message) -> None:
    with pytest.raises(AuditError, match=message):
        record(world, context)
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "context",
    [
        {"Sanne Jansen": 1},
        {"Sanne.Jansen": 1},
        {"email@example.nl": True},
        {"": 1},
        {1: "one"},
        {"rows": [{"Karin": 1}]},
        {"x" * 65: 1},
    ],
)
def test_it_refuses_keys_that_are_not_codes(world, context) -> None:
    with pytest.raises(AuditError, match="key"):
        record(world, context)


@pytest.mark.parametrize(
    "context",
    [
        {"value": object()},
        {"value": b"bytes"},
        {"value": {1, 2}},
        {"deep": [[[["too", "deep"]]]]},
    ],
)
def test_it_refuses_what_is_not_plain_data(world, context) -> None:
    with pytest.raises(AuditError):
        record(world, context)


def test_it_keeps_what_existing_callers_write(world) -> None:
    # The read log, imports, grants, publications and key rotation write these shapes.
    context = {
        "categories": ["pupil.care.diagnosis", "pupil.education_number"],
        "rules": ["care_role", "grant"],
        "grant_ids": [4, 17],
        "roles": ["care_coordinator"],
        "school": 12,
        "format": "JPEG",
        "brin": "12AB",
        "starts_on": "2026-12-05",
        "ends_on": "2027-01-31",
        "people_pupil.education_number_hash": 120,
        "staff.activity": 3,
        "reasons": "no_consent/blurred",
        "key_id": "k2",
        "total": 99_999_999,
        "ratio": 0.5,
        "blurred": 0,
        "dry_run": False,
        "via": None,
        "faces": [{"face": 3, "outcome": "shown"}],
    }
    event = record(world, context)
    assert event.context == context


def test_the_eleven_test() -> None:
    assert elfproef("111222333")
    assert elfproef("123456782")
    assert not elfproef("123456789")
    assert not elfproef("000000000")
    assert not elfproef("12345678")
