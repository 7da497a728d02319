"""The roles page (issue 19) shows what each role may see and do, read from the access policy:
change the policy and the page changes. The board's staff managers only; 404 for the others."""

from django.urls import reverse
from django.utils import translation

from schoolprivacy.access import policy
from schoolprivacy.access.duties import Duty
from schoolprivacy.access.models import Role
from schoolprivacy.access.role_overview import DUTY_NAMES
from schoolprivacy.taxonomy import category
from schoolprivacy.testing import factories


def _manager(world):
    member = factories.make_staff(board=world.board, username="beheer")
    factories.assign(member, Role.FUNCTIONAL_ADMIN)
    return member.user


def _section(text: str, role: Role) -> str:
    start = text.index(f'id="role-{role.value}"')
    end = text.find("<section", start)
    return text[start : end if end != -1 else len(text)]


def _label(key: str) -> str:
    with translation.override("nl"):  # the page's language
        return str(category(key).label)


def test_each_role_lists_the_categories_the_policy_gives_it(world, staff_client):
    text = staff_client(world.privacy_officer).get(reverse("access:role_list")).text
    teacher = _section(text, Role.TEACHER)
    care = _section(text, Role.CARE_COORDINATOR)
    # Special data the care coordinator reads and the teacher does not (the diagnosis).
    (special, *_rest) = sorted(
        (policy.ROUTINE_READS[Role.CARE_COORDINATOR] - policy.ROUTINE_READS[Role.TEACHER])
        & {k for k in policy.PUPIL_KEYS if category(k).needs_protection}
    )
    assert _label("pupil.observations") in teacher
    assert _label(special) not in teacher
    assert _label(special) in care
    with translation.override("nl"):
        approve = str(DUTY_NAMES[Duty.APPROVE_GRANTS])
    assert approve in _section(text, Role.LOCATION_DIRECTOR)
    assert approve not in teacher


def test_the_page_follows_the_policy(world, staff_client, monkeypatch):
    reads = dict(policy.ROUTINE_READS)
    reads[Role.TEACHER] = reads[Role.TEACHER] - {"pupil.absence"}
    monkeypatch.setattr("schoolprivacy.access.role_overview.ROUTINE_READS", reads)
    text = staff_client(world.privacy_officer).get(reverse("access:role_list")).text
    assert _label("pupil.absence") not in _section(text, Role.TEACHER)
    assert _label("pupil.absence") in _section(text, Role.ADMINISTRATION)


def test_the_staff_managers_only(world, staff_client):
    assert staff_client(_manager(world)).get(reverse("access:role_list")).status_code == 200
    for user in (world.teacher, world.director, world.other_board_staff):
        assert staff_client(user).get(reverse("access:role_list")).status_code == 404
