"""The pupil list's group filter loads the user's groups once, with a plain query.

Django's ModelChoiceIterator reads through `.iterator()`: on PostgreSQL a server-side cursor
(DECLARE ... WITH HOLD and two more round trips) for the handful of groups, read again on every
pass over the choices (decision 0052).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schoolprivacy.access.pupil_search import current_groups_for
from schoolprivacy.web.pupil_forms import PupilSearchForm

pytestmark = pytest.mark.django_db


def test_the_groups_are_read_once_for_rendering_and_validation(world):
    form = PupilSearchForm(
        {"group": str(world.group_a.pk)}, groups=current_groups_for(world.teacher)
    )
    with CaptureQueriesContext(connection) as queries:
        first = list(form.fields["group"].choices)
        again = list(form.fields["group"].choices)
    assert len(queries) == 1, [q["sql"][:150] for q in queries.captured_queries]
    assert "DECLARE" not in queries.captured_queries[0]["sql"]
    assert [str(value) for value, _label in first] == [str(v) for v, _l in again]
    assert str(world.group_a.pk) in [str(value) for value, _label in first]
    assert form.is_valid(), form.errors
