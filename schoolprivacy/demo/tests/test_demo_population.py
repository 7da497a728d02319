from django.utils import timezone

from schoolprivacy.demo.specs import school_year_of
from schoolprivacy.people.models import GroupMembership, Guardian, GuardianRelation, Pupil
from schoolprivacy.schools.models import Group, School, SchoolYear


def test_it_seeds_two_schools_with_about_eight_groups_this_school_year(demo):
    schools = School.objects.filter(board=demo)
    assert sorted(schools.values_list("kind", flat=True)) == ["primary", "secondary"]
    assert all(school.locations.count() == 1 for school in schools)
    start, end = school_year_of(timezone.localdate())
    current = SchoolYear.objects.get(board=demo, starts_on=start, ends_on=end)
    assert 6 <= Group.objects.filter(school_year=current).count() <= 10


def test_it_seeds_about_two_hundred_pupils_in_groups(demo):
    pupils = Pupil.objects.filter(board=demo)
    assert 180 <= pupils.count() <= 220
    current = pupils.filter(left_on__isnull=True)
    assert not current.exclude(memberships__ends_on__isnull=True).exists()


def test_it_has_pupils_of_sixteen_and_older_in_the_secondary_school(demo):
    today = timezone.localdate()
    ages = [
        pupil.age_on(today)
        for pupil in Pupil.objects.filter(board=demo, left_on__isnull=True).select_related("school")
        if pupil.school.kind == School.Kind.SECONDARY
    ]
    assert sum(age >= 16 for age in ages) >= 10
    primary = Pupil.objects.filter(board=demo, school__kind=School.Kind.PRIMARY)
    assert all(4 <= pupil.age_on(today) <= 13 for pupil in primary)


def test_it_has_pupils_who_left_last_school_year_with_their_memberships_ended(demo):
    start, _ = school_year_of(timezone.localdate())
    leavers = list(Pupil.objects.filter(board=demo, left_on__isnull=False))
    assert len(leavers) >= 4
    for pupil in leavers:
        assert pupil.left_on is not None and pupil.left_on < start
        memberships = list(pupil.memberships.all())
        assert memberships
        assert all(m.ends_on == pupil.left_on for m in memberships)


def test_it_gives_most_pupils_two_parents_with_authority(demo):
    pupils = Pupil.objects.filter(board=demo)
    joint = GuardianRelation.objects.filter(kind="parent", has_parental_authority=True)
    two = sum(1 for pupil in pupils if joint.filter(pupil=pupil).count() == 2)
    assert two > pupils.count() / 2
    assert not pupils.filter(guardian_relations__isnull=True).exists()


def test_it_has_the_harder_family_situations(demo):
    relations = GuardianRelation.objects.filter(board=demo)
    without = relations.filter(kind="parent", has_parental_authority=False)
    assert without.count() >= 3  # separated parents
    restricted = relations.exclude(information_restriction="")
    assert restricted.exists()
    assert all(r.restriction_reason.strip() for r in restricted)
    assert relations.filter(kind="voogd", has_parental_authority=True).exists()
    assert relations.filter(kind="foster_parent").exists()


def test_it_keeps_every_row_inside_the_demo_board_and_one_school(demo):
    for membership in GroupMembership.objects.filter(pupil__board=demo).select_related(
        "pupil", "group"
    ):
        assert membership.board_id == demo.pk == membership.group.board_id
        assert membership.group.school_id == membership.pupil.school_id
    for relation in GuardianRelation.objects.filter(pupil__board=demo).select_related(
        "guardian", "pupil"
    ):
        assert relation.board_id == relation.guardian.board_id == relation.pupil.board_id
    assert not Guardian.objects.exclude(board=demo).exists()
