"""Pupils without the consent an agreement depends on are left out (silence is no)."""

import csv
import io

import pytest

from schoolprivacy.conftest import World
from schoolprivacy.consents.models import Decision, Method, Purpose
from schoolprivacy.consents.services import consent_decide, purposes_install_defaults
from schoolprivacy.suppliers.exports.rows import ExportRefused
from schoolprivacy.suppliers.exports.service import export_make
from schoolprivacy.suppliers.tests.helpers import make_agreement

pytestmark = pytest.mark.django_db


def _names(world: World, agreement) -> list[str]:
    made = export_make(
        agreement=agreement, school=world.school_a, actor=world.administration, fmt="uwlr_csv"
    )
    return sorted(r["first_name"] for r in csv.DictReader(io.StringIO(made.file.read().decode())))


def test_refused_and_unanswered_pupils_are_left_out(world: World) -> None:
    purposes_install_defaults(board=world.board, actor_id=world.privacy_officer.pk)
    purpose = Purpose.objects.filter(board=world.board, school__isnull=True).order_by("key").first()
    assert purpose is not None
    agreement = make_agreement(
        world, fields=["pseudonym", "first_name"], consent_purpose=purpose.key
    )
    guardian = world.parent.guardians.get()
    # Sanne's parent refuses; Daan's parents never answered.
    consent_decide(
        actor=world.parent,
        pupil=world.pupil_a,
        purpose=purpose,
        decision=Decision.REFUSED,
        by_guardian=guardian,
        method=Method.PORTAL,
    )
    assert _names(world, agreement) == []
    export = agreement.exports.get()
    assert (export.pupil_count, export.left_out_count) == (0, 2)
    consent_decide(
        actor=world.parent,
        pupil=world.pupil_a,
        purpose=purpose,
        decision=Decision.GRANTED,
        by_guardian=guardian,
        method=Method.PORTAL,
    )
    assert _names(world, agreement) == ["Sanne"]


def test_a_consent_the_school_does_not_ask_for_refuses_the_export(world: World) -> None:
    agreement = make_agreement(world, fields=["pseudonym"], consent_purpose="no-such-purpose")
    with pytest.raises(ExportRefused):
        export_make(
            agreement=agreement, school=world.school_a, actor=world.administration, fmt="uwlr_csv"
        )
