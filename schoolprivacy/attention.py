"""What needs the privacy officer's attention, collected from every app (the workspace, issue 17).

An app that has something to attend to (a request near its deadline, an incident's 72-hour clock,
an emergency access to review, an expiring processor agreement, ...) has an `attention.py` with

    def attention_items(user: User) -> list[AttentionItem]

that returns only what `user` may see (the access policy decides; an empty list otherwise).
`collect(user)` imports these through `apps.get_app_configs()`, like the privacy registry, so the
workspace page (a composition app) needs to know no app by name and no app imports upward.
"""

import importlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps


@dataclass(frozen=True)
class AttentionItem:
    kind: str  # a stable key: "request", "breach", "break_glass", "dispute", "agreement", ...
    title: str  # translated, names the thing ("Inzageverzoek van de ouder van Sanne de Vries")
    url: str  # where the officer acts on it
    due_at: datetime | None = None  # the deadline, when there is one
    detail: str = ""  # translated, one line (what is asked, who reported it)
    overdue: bool = False


def collect(user: Any) -> list[AttentionItem]:
    """Every app's items for `user`, most urgent first (overdue, then by deadline, then title)."""
    found: list[AttentionItem] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.attention"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        found.extend(module.attention_items(user))
    far = datetime.max.replace(tzinfo=None)
    return sorted(
        found,
        key=lambda i: (
            not i.overdue,
            (i.due_at.replace(tzinfo=None) if i.due_at else far),
            i.title,
        ),
    )
