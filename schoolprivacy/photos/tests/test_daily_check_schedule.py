"""The daily check of published photos schedules itself on a backend that can defer tasks."""

from datetime import UTC, datetime

import pytest
from django.test import override_settings

from schoolprivacy.photos.tasks import daily_check_schedule, next_daily_run

pytestmark = pytest.mark.django_db


def test_the_next_run_is_tonight_or_tomorrow_night() -> None:
    evening = datetime(2026, 12, 5, 20, 0, tzinfo=UTC)
    run = next_daily_run(evening)
    assert run > evening and (run - evening).total_seconds() < 24 * 3600


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_it_is_queued_once_on_the_database_backend() -> None:
    from django_tasks_db.models import DBTaskResult

    assert daily_check_schedule() is True
    assert daily_check_schedule() is False
    (queued,) = DBTaskResult.objects.filter(task_path__endswith="recheck_publications_task")
    assert queued.run_after > queued.enqueued_at
