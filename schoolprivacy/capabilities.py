"""What the running system does, so that what it promises can be checked against it (issue 17
item 6, decision 0032).

The public privacy statement and the README promise behaviours: "we log every sharing", "we
answer within one month", "parents can ask online", "we delete after the retention period". Each
such sentence names the capabilities that make it true (`register/claims.py`); the statement
shows a sentence only when all of them are on, and tests fail when a sentence appears without
them.

An app that makes something true says so in a `capabilities.py` module with

    CAPABILITIES = [Capability("requests.online", _("parents ask online ..."))]

found through `apps.get_app_configs()` like the privacy registry and the attention items: an app
that is not installed provides nothing, and no lower app imports a higher one (the register asks
this module, never the apps). A capability is on for a board when

- an installed app provides it,
- the deployment did not switch it off (`settings.CAPABILITIES_OFF`, a set of keys; tests switch
  capabilities off the same way), and
- its own check holds for the board (`is_on`, for what depends on the board's data: a published
  regulation, a recorded data protection officer).

`facts(key, board_id)` gives what a sentence needs to say (the regulation's title and date), from
the providing app, in plain values.
"""

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings


def _always(board_id: int) -> bool:
    return True


def _no_facts(board_id: int) -> Mapping[str, Any]:
    return {}


@dataclass(frozen=True)
class Capability:
    key: str  # "<app label>.<what>", e.g. "requests.online"
    summary: Any  # translated: what the system does ("parents ask online to see their data")
    is_on: Callable[[int], bool] = field(default=_always)
    facts: Callable[[int], Mapping[str, Any]] = field(default=_no_facts)


def provided() -> dict[str, Capability]:
    """Every capability an installed app provides, by key (switched off or not)."""
    found: dict[str, Capability] = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.capabilities"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        for capability in module.CAPABILITIES:
            if capability.key in found:
                raise ValueError(f"Two apps provide the capability {capability.key!r}.")
            found[capability.key] = capability
    return found


def switched_off() -> frozenset[str]:
    return frozenset(getattr(settings, "CAPABILITIES_OFF", ()))


def enabled(key: str, board_id: int) -> bool:
    capability = provided().get(key)
    return capability is not None and key not in switched_off() and capability.is_on(board_id)


def enabled_keys(board_id: int) -> frozenset[str]:
    off = switched_off()
    return frozenset(key for key, c in provided().items() if key not in off and c.is_on(board_id))


def facts(key: str, board_id: int) -> Mapping[str, Any]:
    """What the providing app says about `key` for the board; empty when it is not on."""
    if not enabled(key, board_id):
        return {}
    return provided()[key].facts(board_id)
