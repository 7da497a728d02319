"""Staff onboarding pages: the privacy officer and the functional administrator add staff, give
and end roles and end employment; everyone else gets a 404."""

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.access.models import Assignment, Role
from schoolprivacy.access.selectors import scope_for
from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.sudo import SUDO_SESSION_KEY
from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.testing import factories

StaffClient = Callable[[User], Client]


def with_sudo(client: Client) -> Client:
    session = client.session
    session[SUDO_SESSION_KEY] = timezone.now().timestamp()
    session.save()
    return client


@pytest.fixture
def officer(world: World, staff_client: StaffClient) -> Client:
    return with_sudo(staff_client(world.privacy_officer))


def test_the_officer_sees_the_staff_of_the_board_only(world: World, officer: Client) -> None:
    page = officer.get(reverse("access:staff_list")).content.decode()
    assert world.teacher.staff.name in page
    assert "elders" not in page  # staff of another board


@pytest.mark.parametrize(
    "persona", ["teacher", "director", "care_coordinator", "administration", "other_board_staff"]
)
def test_everyone_else_gets_a_404_on_every_page(
    world: World, staff_client: StaffClient, persona: str
) -> None:
    client = with_sudo(staff_client(getattr(world, persona)))
    member = world.teacher.staff
    assignment = member.assignments.get()
    for name, args, method in [
        ("access:staff_list", [], "get"),
        ("access:staff_create", [], "post"),
        ("access:staff_detail", [member.pk], "post"),
        ("access:assignment_create", [member.pk], "post"),
        ("access:assignment_end", [member.pk, assignment.pk], "post"),
        ("access:activation_resend", [member.pk], "post"),
    ]:
        response = getattr(client, method)(reverse(name, args=args))
        assert response.status_code == 404, (persona, name)
    assert Assignment.objects.get(pk=assignment.pk).ends_on is None


def test_parents_get_a_404(world: World, parent_client: Callable[[User], Client]) -> None:
    response = parent_client(world.parent).get(reverse("access:staff_list"))
    assert response.status_code == 404


def test_the_officer_of_another_board_gets_a_404_for_our_staff(
    world: World, staff_client: StaffClient
) -> None:
    elsewhere = factories.make_board(name="Stichting Verder")
    officer_b = factories.make_staff(board=elsewhere, username="fg.verder")
    factories.assign(officer_b, Role.PRIVACY_OFFICER)
    client = with_sudo(staff_client(officer_b.user))
    response = client.get(reverse("access:staff_detail", args=[world.teacher.staff.pk]))
    assert response.status_code == 404


def test_changes_need_a_recent_re_authentication(world: World, staff_client: StaffClient) -> None:
    client = staff_client(world.privacy_officer)  # no sudo
    response = client.post(reverse("access:staff_create"), {"username": "nieuw"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sudo"))
    assert not User.objects.filter(username="nieuw").exists()


def test_adding_a_staff_member_emails_an_activation_link_that_leads_to_totp_enrolment(
    world: World, officer: Client
) -> None:
    response = officer.post(
        reverse("access:staff_create"),
        {
            "username": "j.devries",
            "first_name": "Jan",
            "surname_prefix": "de",
            "surname": "Vries",
            "email": "j.devries@school.example",
        },
    )
    user = User.objects.get(username="j.devries")
    assert response["Location"] == reverse("access:staff_detail", args=[user.staff.pk])
    assert not user.has_usable_password()
    assert user.staff.board == world.board
    event = AuditEvent.objects.filter(action="access.staff.created").latest("pk")
    assert event.actor_id == world.privacy_officer.pk
    assert "Vries" not in str(event.__dict__)  # field names only, never the values

    assert [m.to for m in mail.outbox] == [["j.devries@school.example"]]
    path = re.search(r"https?://[^/\s]+(/inloggen/activeren/\S+/)", str(mail.outbox[0].body))
    assert path is not None
    newcomer = Client()
    password = "een-lang-en-sterk-wachtwoord-2026"
    answer = newcomer.post(path.group(1), {"new_password1": password, "new_password2": password})
    # Password set, then straight to linking an authenticator app; nothing else is reachable.
    assert answer["Location"] == reverse("accounts:enrol")
    assert newcomer.get(reverse("web:home"))["Location"] == reverse("accounts:second_factor")
    user.refresh_from_db()
    assert user.check_password(password)
    # The link works once.
    again = Client().get(path.group(1))
    assert again.status_code == 404


def test_the_officer_gives_and_ends_a_role(world: World, officer: Client) -> None:
    member = factories.make_staff(board=world.board, username="nieuw")
    response = officer.post(
        reverse("access:assignment_create", args=[member.pk]),
        {"role": Role.TEACHER, "group": world.group_a2.pk, "starts_on": "2026-08-01"},
    )
    assert response.status_code == 302
    assignment = member.assignments.get()
    assert (assignment.role, assignment.school, assignment.group) == (
        Role.TEACHER,
        world.school_a,
        world.group_a2,
    )
    assert world.group_a2.pk in scope_for(member.user).group_ids
    assert AuditEvent.objects.filter(action="access.assignment.created").exists()

    today = timezone.localdate()
    officer.post(
        reverse("access:assignment_end", args=[member.pk, assignment.pk]),
        {"ends_on": today.isoformat()},
    )
    assignment.refresh_from_db()
    assert assignment.ends_on == today
    assert scope_for(member.user, on=today + timedelta(days=1)).roles == frozenset()


def test_nobody_gives_themselves_a_role_the_policy_forbids_for_oneself(
    world: World, officer: Client
) -> None:
    own = world.privacy_officer.staff
    response = officer.post(
        reverse("access:assignment_create", args=[own.pk]),
        {"role": Role.CARE_COORDINATOR, "school": world.school_a.pk, "starts_on": "2026-08-01"},
    )
    assert response.status_code == 200
    assert "Deze rol kun je jezelf niet geven" in response.content.decode()
    assert not own.assignments.filter(role=Role.CARE_COORDINATOR).exists()


def test_the_functional_administrator_manages_staff_too(
    world: World, staff_client: StaffClient
) -> None:
    admin = factories.make_staff(board=world.board, username="fb")
    factories.assign(admin, Role.FUNCTIONAL_ADMIN)
    client = with_sudo(staff_client(admin.user))
    response = client.post(
        reverse("access:assignment_create", args=[world.teacher.staff.pk]),
        {"role": Role.CARE_COORDINATOR, "school": world.school_a.pk, "starts_on": "2026-08-01"},
    )
    assert response.status_code == 302
    assert world.teacher.staff.assignments.filter(role=Role.CARE_COORDINATOR).exists()


def test_ending_employment_ends_all_access_after_that_date(world: World, officer: Client) -> None:
    member = world.care_coordinator.staff
    last_day = date(2026, 12, 31)
    response = officer.post(
        reverse("access:staff_detail", args=[member.pk]),
        {
            "first_name": member.first_name,
            "surname": member.surname,
            "email": "",
            "left_on": last_day.isoformat(),
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left_on == last_day
    # The assignment itself still runs: the end of employment ends it, through the policy.
    assert member.assignments.get().ends_on is None
    assert Role.CARE_COORDINATOR in scope_for(world.care_coordinator, on=last_day).roles
    assert scope_for(world.care_coordinator, on=last_day + timedelta(days=1)).roles == frozenset()
    event = AuditEvent.objects.filter(action="access.staff.employment_ended").latest("pk")
    assert event.actor_id == world.privacy_officer.pk


def test_the_navigation_offers_the_staff_pages_to_staff_managers_only(
    world: World, staff_client: StaffClient
) -> None:
    url = reverse("access:staff_list")
    officer_home = staff_client(world.privacy_officer).get(reverse("web:home"))
    teacher_home = staff_client(world.teacher).get(reverse("web:home"))
    assert f'href="{url}"' in officer_home.content.decode()
    assert f'href="{url}"' not in teacher_home.content.decode()
