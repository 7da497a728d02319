"""An import locks the board's audit chain only at the end of each chunk (issue 18.2).

Appending an event locks the chain's head until the transaction commits, and every audited action
of the board waits for it (page views that log reads too). The apply therefore writes a chunk's
rows first and its audit events last: in the order of calls, no write of the school's data follows
an audit event of the same chunk.
"""

from typing import Any

import pytest

from schoolprivacy.conftest import World
from schoolprivacy.imports import auditing, pacing, services, undo
from schoolprivacy.imports.tests.helpers import run


def test_each_chunk_writes_its_rows_before_its_audit_events(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "APPLY_CHUNK_SIZE", 2)
    monkeypatch.setattr(pacing, "APPLY_PAUSE", 0)
    calls: list[str] = []
    for module in (auditing, undo):
        real = module.audit_record

        def audited(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            calls.append("audit")
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, "audit_record", audited)
    for name in ("create", "update"):
        real_write = getattr(undo.Writes, name)

        def write(self: undo.Writes, *args: Any, _real: Any = real_write, **kwargs: Any) -> Any:
            if not self.dry:
                calls.append("write")
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(undo.Writes, name, write)
    real_committed = undo.Journal.committed

    def committed(self: undo.Journal) -> None:
        calls.append("commit")
        real_committed(self)

    monkeypatch.setattr(undo.Journal, "committed", committed)
    report = run(world, "parnassys.csv")
    assert report.applied and calls.count("commit") >= 2 and "audit" in calls
    chunks = " ".join(calls).split("commit")
    for chunk in chunks:
        words = chunk.split()
        if "audit" in words:
            assert "write" not in words[words.index("audit") :], chunks
