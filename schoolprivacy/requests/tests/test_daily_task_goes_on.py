"""The daily requests task goes on past a failing step and always queues its next run: a storage
that is down one morning must not stop the notices, the recovery of dead builds or, worst, the
reminders of legal deadlines on every day after (the task queues itself)."""

from typing import Any

import pytest
from django.test import override_settings

from schoolprivacy.requests import build_recovery, notices, orphans
from schoolprivacy.requests.tasks import remind_requests_task

pytestmark = pytest.mark.django_db


class StorageDown(Exception):
    pass


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_failing_step_is_raised_after_the_others_ran_and_the_next_run_is_queued(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from django_tasks_db.models import DBTaskResult

    ran: list[str] = []

    def down(**_kwargs: Any) -> None:
        ran.append("sweep")
        raise StorageDown

    monkeypatch.setattr(notices, "notices_send_queued", lambda: ran.append("notices"))
    monkeypatch.setattr(orphans, "package_orphans_sweep", down)
    monkeypatch.setattr(build_recovery, "package_builds_recover", lambda: ran.append("recover"))

    with pytest.raises(StorageDown):
        remind_requests_task.call()
    assert ran == ["notices", "sweep", "recover"]
    assert "The daily requests task: down failed." in caplog.text  # down: the stand-in's name
    (queued,) = DBTaskResult.objects.filter(task_path=remind_requests_task.module_path)
    assert queued.status == "READY" and queued.run_after > queued.enqueued_at


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_day_without_failures_queues_the_next_run_once() -> None:
    from django_tasks_db.models import DBTaskResult

    assert remind_requests_task.call() == 0
    assert remind_requests_task.call() == 0
    (queued,) = DBTaskResult.objects.filter(task_path=remind_requests_task.module_path)
    assert queued.status == "READY"
