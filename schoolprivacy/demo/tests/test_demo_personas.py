from django_otp.plugins.otp_totp.models import TOTPDevice

from schoolprivacy.access.models import Assignment, Role
from schoolprivacy.accounts.models import User
from schoolprivacy.demo.personas import (
    DEMO_PASSWORD,
    PARENT_EMAIL,
    PARENT_WITHOUT_AUTHORITY_EMAIL,
)
from schoolprivacy.people.models import GroupMembership, GuardianRelation
from schoolprivacy.schools.models import Location

SCHOOL_A, SCHOOL_B = "OBS De Wilgenhoek", "Vlietland College"

EXPECTED = {
    # username: (role, school name or None, group name or None)
    "fg": (Role.PRIVACY_OFFICER, None, None),
    "directeur": (Role.LOCATION_DIRECTOR, SCHOOL_A, None),
    "leerkracht": (Role.TEACHER, SCHOOL_A, "Groep 5a"),
    "ib": (Role.CARE_COORDINATOR, SCHOOL_A, None),
    "administratie": (Role.ADMINISTRATION, SCHOOL_A, None),
    "leerkracht.b": (Role.TEACHER, SCHOOL_B, "5V"),
}


def test_it_gives_each_persona_exactly_its_assignment(demo):
    for username, (role, school, group) in EXPECTED.items():
        assignments = list(
            Assignment.objects.filter(staff__user__username=username).select_related(
                "school", "group"
            )
        )
        assert len(assignments) == 1, username
        assignment = assignments[0]
        assert assignment.board == demo
        assert assignment.role == role
        assert (assignment.school.name if assignment.school else None) == school
        assert (assignment.group.name if assignment.group else None) == group
        assert assignment.ends_on is None


def test_it_lets_every_staff_persona_sign_in_with_the_demo_password_and_a_device(demo):
    for username in EXPECTED:
        user = User.objects.get(username=username)
        assert user.kind == User.Kind.STAFF
        assert user.check_password(DEMO_PASSWORD)
        assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert User.objects.get(username="fg").is_staff
    assert not User.objects.get(username="fg").is_superuser
    assert not User.objects.filter(is_staff=True).exclude(username="fg").exists()


def test_it_makes_the_director_persona_director_of_school_a_and_gives_b_one_too(demo):
    directors = {
        location.school.name: location.director.user.username
        for location in Location.objects.filter(board=demo).select_related(
            "school", "director__user"
        )
    }
    assert directors[SCHOOL_A] == "directeur"
    assert directors[SCHOOL_B] not in EXPECTED  # a staff member without a persona


def test_it_adds_more_teachers_without_personas_who_cannot_sign_in(demo):
    others = Assignment.objects.filter(board=demo, role=Role.TEACHER).exclude(
        staff__user__username__in=EXPECTED
    )
    assert others.count() >= 6
    assert not any(a.staff.user.has_usable_password() for a in others.select_related("staff__user"))


def test_it_links_both_parent_personas_to_one_child_of_the_teachers_group(demo):
    parent = User.objects.get(email=PARENT_EMAIL)
    other = User.objects.get(email=PARENT_WITHOUT_AUTHORITY_EMAIL)
    for user in (parent, other):
        assert user.kind == User.Kind.PARENT
        assert not user.has_usable_password()

    with_authority = GuardianRelation.objects.get(guardian__user=parent)
    without = GuardianRelation.objects.get(guardian__user=other)
    assert with_authority.pupil_id == without.pupil_id
    assert with_authority.has_parental_authority
    assert not without.has_parental_authority
    assert GroupMembership.objects.filter(
        pupil_id=with_authority.pupil_id, group__name="Groep 5a", ends_on__isnull=True
    ).exists()
    teacher_groups = Assignment.objects.filter(staff__user__username="leerkracht").values("group")
    assert GroupMembership.objects.filter(
        pupil_id=with_authority.pupil_id, group__in=teacher_groups
    ).exists()
