"""domain.md: a parent's data follows the pupil's retention. A parent linked to no pupil any more
(the pupil was erased on request, or the administration removed the link) has no leaving date;
the purge notes the day it first finds them unlinked and erases them a month later."""

from datetime import date

import pytest

from schoolprivacy.people.models import Guardian, GuardianRelation
from schoolprivacy.retention.engine import purge_run, totals
from schoolprivacy.retention.models import UnlinkedGuardian
from schoolprivacy.retention.preview import preview
from schoolprivacy.retention.tests.conftest import previewed

pytestmark = pytest.mark.django_db

FOUND = date(2026, 3, 2)
A_MONTH_LATER = date(2026, 4, 3)


def _unlink(guardian: Guardian) -> None:
    GuardianRelation.objects.filter(guardian=guardian).delete()


def test_an_unlinked_parent_goes_a_month_after_the_purge_found_them(world, register):
    gone = world.parent.guardians.get()
    linked = world.parent_b.guardians.get()
    _unlink(gone)
    previewed(world.board, FOUND)
    first = purge_run(board=world.board, day=FOUND)
    # Found today: kept for a month (a link removed by mistake can be repaired).
    assert Guardian.objects.filter(pk=gone.pk).exists()
    assert UnlinkedGuardian.objects.get(guardian=gone).seen_on == FOUND
    assert not UnlinkedGuardian.objects.filter(guardian=linked).exists()
    assert not any(rule == "guardian_unlinked" for rule, _k in totals(first))
    assert preview(world.board, day=date(2026, 4, 2)).subjects == 0  # the last day it is kept

    shown = preview(world.board, day=A_MONTH_LATER)
    assert shown.subjects == 1
    assert {rule for rule, _name, _key in shown.counts} == {"guardian_unlinked"}
    run = purge_run(board=world.board, day=A_MONTH_LATER)
    assert not Guardian.objects.filter(pk=gone.pk).exists()
    assert Guardian.objects.filter(pk=linked.pk).exists()
    erased = totals(run)
    assert erased and {rule for rule, _key in erased} == {"guardian_unlinked"}
    assert all(key.startswith("guardian.") for _rule, key in erased)
    assert sum(erased.values()) == shown.total


def test_a_parent_linked_again_is_kept(world, register):
    guardian = world.parent.guardians.get()
    relation = GuardianRelation.objects.get(guardian=guardian)
    _unlink(guardian)
    previewed(world.board, FOUND)
    purge_run(board=world.board, day=FOUND)
    relation.pk = None
    relation.save()  # the administration repaired the link
    purge_run(board=world.board, day=A_MONTH_LATER)
    assert Guardian.objects.filter(pk=guardian.pk).exists()
    assert not UnlinkedGuardian.objects.filter(guardian=guardian).exists()
