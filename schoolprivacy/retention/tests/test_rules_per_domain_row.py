"""The retention table of domain.md, one test per row, against what the purge really erases.

Each test puts data in place, runs the purge on the day before and the day after the period ends,
and looks at what is left. The rules come from the register's defaults (register/defaults).
"""

from datetime import date

import pytest

from schoolprivacy.accounts.models import User
from schoolprivacy.dossier.models import Record
from schoolprivacy.people.models import GroupMembership, Pupil, Staff
from schoolprivacy.register.models import ProcessingActivity, RetentionRule
from schoolprivacy.retention.engine import purge_run, totals
from schoolprivacy.retention.preview import preview
from schoolprivacy.retention.rules import add_period, category_rules, effective
from schoolprivacy.retention.tests.conftest import leave, previewed, record

pytestmark = pytest.mark.django_db

LEFT = date(2022, 7, 10)


def _keys(pupil: Pupil) -> set[str]:
    return set(Record.objects.filter(pupil_id=pupil.pk).values_list("category_key", flat=True))


def _purge(world, day: date):
    previewed(world.board, day)
    return purge_run(board=world.board, day=day)


def test_the_rules_come_from_the_register(world, register):
    rules = effective(category_rules(world.board.pk), set())
    assert rules["pupil.results.tests"].rule == "pupil_file"
    assert rules["pupil.absence"].rule == "enrolment_records"
    # A category several activities use is kept for the longest of their rules.
    assert rules["pupil.identity"].rule == "enrolment_records"
    assert rules["pupil.care.referral"].rule == "referral"
    assert "pupil.image" not in rules and "staff.activity" not in rules
    # The referral activity keeps the test results it passed on longer, for referred pupils.
    referred = effective(category_rules(world.board.pk), {"pupil.care.referral"})
    assert referred["pupil.results.tests"].rule == "referral"


def test_a_referred_pupils_test_results_are_kept_with_the_referral(world, register):
    pupil = leave(world.pupil_a, LEFT)
    record(pupil, "pupil.results.tests")
    record(pupil, "pupil.care.referral")
    _purge(world, date(2024, 7, 11))
    assert {"pupil.results.tests", "pupil.care.referral"} <= _keys(pupil)
    _purge(world, date(2025, 7, 11))
    assert not {"pupil.results.tests", "pupil.care.referral"} & _keys(pupil)


def test_pupil_file_two_years_after_leaving(world, register):
    pupil = leave(world.pupil_a, LEFT)
    for key in ("pupil.results.tests", "pupil.observations", "pupil.care.notes"):
        record(pupil, key)
    last_day = add_period(LEFT, 2, 0)
    _purge(world, last_day)
    assert {"pupil.results.tests", "pupil.observations", "pupil.care.notes"} <= _keys(pupil)
    _purge(world, date(2024, 7, 11))
    assert not {"pupil.results.tests", "pupil.observations", "pupil.care.notes"} & _keys(pupil)


def test_absence_and_enrolment_five_years_after_deenrolment(world, register):
    pupil = leave(world.pupil_a, LEFT)
    record(pupil, "pupil.absence")
    record(pupil, "pupil.results.tests")
    _purge(world, date(2025, 7, 11))  # three years on: the pupil file went, enrolment stays
    assert _keys(pupil) == {"pupil.absence"}
    assert GroupMembership.objects.filter(pupil_id=pupil.pk).exists()
    assert Pupil.objects.get(pk=pupil.pk).surname == "Jansen"
    _purge(world, date(2027, 7, 10))  # the last day of the five years
    assert _keys(pupil) == {"pupil.absence"}
    _purge(world, date(2027, 7, 11))
    assert not Record.objects.filter(pupil_id=pupil.pk).exists()
    assert not GroupMembership.objects.filter(pupil_id=pupil.pk).exists()
    # Nothing else keeps the pupil: the row went too.
    assert not Pupil.objects.filter(pk=pupil.pk).exists()


def test_referral_three_years_after_leaving(world, register):
    pupil = leave(world.pupil_a, LEFT)
    record(pupil, "pupil.care.referral")
    _purge(world, date(2025, 7, 10))
    assert "pupil.care.referral" in _keys(pupil)
    _purge(world, date(2025, 7, 11))
    assert "pupil.care.referral" not in _keys(pupil)


def test_central_exam_at_least_six_months(world, register):
    pupil = leave(world.pupil_b, LEFT)
    record(pupil, "pupil.results.central_exam")
    rules = effective(category_rules(world.board.pk), set())
    assert rules["pupil.results.central_exam"].is_duty  # a legal minimum
    _purge(world, date(2023, 1, 10))
    assert "pupil.results.central_exam" in _keys(pupil)
    _purge(world, date(2023, 1, 11))
    assert "pupil.results.central_exam" not in _keys(pupil)


def test_samenwerkingsverband_data_at_most_three_years(world, register):
    # The default register holds no activity with this rule (this product keeps no data of the
    # samenwerkingsverband); a board that records such data links its activity to the rule, and
    # the purge follows it.
    rule = RetentionRule.objects.get(board=world.board, code="samenwerkingsverband")
    assert (rule.years, rule.months, rule.is_minimum) == (3, 0, False)
    ProcessingActivity.objects.filter(board=world.board).update(is_active=False)
    activity = ProcessingActivity.objects.filter(board=world.board).first()
    ProcessingActivity.objects.filter(pk=activity.pk).update(
        is_active=True, retention_rule=rule, categories=["pupil.care.measures"]
    )
    pupil = leave(world.pupil_a, LEFT)
    record(pupil, "pupil.care.measures")
    _purge(world, date(2025, 7, 10))
    assert "pupil.care.measures" in _keys(pupil)
    _purge(world, date(2025, 7, 11))
    assert "pupil.care.measures" not in _keys(pupil)


def test_staff_file_two_years_after_leaving(world, register):
    staff = Staff.objects.get(user=world.teacher)
    Staff.objects.filter(pk=staff.pk).update(left_on=LEFT, email="kim@school.nl")
    _purge(world, date(2024, 7, 10))
    assert Staff.objects.get(pk=staff.pk).surname == "leerkracht"
    run = _purge(world, date(2024, 7, 11))
    staff.refresh_from_db()
    assert (staff.first_name, staff.surname, staff.email) == ("", "", "")
    # Two items: the name on the staff row and the sign-in account, now emptied.
    assert totals(run)[("staff_file", "staff.identity")] == 2
    assert User.objects.get(pk=world.teacher.pk).username.startswith("erased-")
    # ID copies (5 years) and salary (7 years) are rules of the register, but this product holds
    # neither: no activity links a category to them.
    codes = {rule.rule for found in category_rules(world.board.pk).values() for rule in found}
    assert not codes & {"staff_id_copy", "staff_salary"}


def test_photos_follow_their_own_rule(world, register):
    # "As long as the consented purpose lasts": photos/retention.py with `purge-photos`; the
    # purge never touches them.
    assert "pupil.image" not in category_rules(world.board.pk)


def test_the_destruction_log_has_counts_not_values(world, register):
    pupil = leave(world.pupil_a, LEFT)
    record(pupil, "pupil.results.tests")
    record(pupil, "pupil.results.tests")
    before = preview(world.board, day=date(2025, 1, 1))
    run = _purge(world, date(2025, 1, 1))
    assert totals(run) == {("pupil_file", "pupil.results.tests"): 2}
    assert before.counts == {("pupil_file", "Leerlingdossier", "pupil.results.tests"): 2}
    row = run.destructions.get()
    assert (row.school_id, row.rule, row.category, row.count) == (
        pupil.school_id,
        "pupil_file",
        "pupil.results.tests",
        2,
    )


def test_a_legal_hold_stops_the_purge(world, register):
    from schoolprivacy.retention.models import LegalHold

    pupil = leave(world.pupil_a, LEFT)
    record(pupil, "pupil.results.tests")
    LegalHold.objects.create(board=world.board, pupil=pupil, reason="klacht", case="K-1")
    assert preview(world.board, day=date(2025, 1, 1)).held == 1
    _purge(world, date(2025, 1, 1))
    assert "pupil.results.tests" in _keys(pupil)
