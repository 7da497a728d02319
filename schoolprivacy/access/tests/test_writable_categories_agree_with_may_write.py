import pytest

from schoolprivacy.access.policy import PUPIL_KEYS, may_write, writable_categories

pytestmark = pytest.mark.django_db

PERSONAS = [
    "teacher",
    "care_coordinator",
    "director",
    "administration",
    "privacy_officer",
    "teacher_b",
    "other_board_staff",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_batched_answer_matches_asking_one_category_at_a_time(world, persona):
    user = getattr(world, persona)
    for pupil in (world.pupil_a, world.pupil_a2, world.pupil_b):
        one_by_one = {key for key in PUPIL_KEYS if may_write(user, pupil, key).allowed}
        assert set(writable_categories(user, pupil)) == one_by_one


def test_it_resolves_the_facts_once(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        allowed = writable_categories(world.teacher, world.pupil_a)
    assert set(allowed) == {"pupil.results.tests", "pupil.observations", "pupil.care.measures"}
