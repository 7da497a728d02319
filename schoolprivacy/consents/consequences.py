"""What a withdrawal (or a refusal after a grant) really does, in words for the person deciding.

The consent pages must not promise more or less than the software does (issue 10): "the school
stops at once" is true of every purpose; what else happens depends on the apps that act on the
purpose. They register a function here that says it for one purpose, in the active language.
"""

from collections.abc import Callable

from schoolprivacy.consents.models import Purpose

Describe = Callable[[Purpose], list[str]]
_DESCRIBERS: list[Describe] = []


def consequences_register(describe: Describe) -> None:
    if describe not in _DESCRIBERS:
        _DESCRIBERS.append(describe)


def consequences_of_stopping(purpose: Purpose) -> list[str]:
    """Sentences on what happens to what was already done under this purpose."""
    return [sentence for describe in _DESCRIBERS for sentence in describe(purpose)]
