"""The access policy's rule codes in words, in the third person, for people reading the audit log
("rule: care coordinator of the pupil's school"). `policy.REASONS` says the same to the reader
in the second person; this says it about them (issue 17)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schoolprivacy.access.policy import TEACHER_RULE

RULE_WORDS: dict[str, Promise] = {
    TEACHER_RULE: _("teacher of a group the pupil is in"),
    "care.school": _("care coordinator of the pupil's school"),
    "administration.school": _("administration of the pupil's school"),
    "director.school": _("location director of the pupil's school"),
    "grant": _("an approved exception"),
    "break_glass": _("emergency access"),
    "denied.no_assignment": _("refused: no assignment with this pupil"),
    "denied.category": _("refused: the role does not need this data"),
    "denied.left_pupil": _("refused: the pupil has left"),
}


def rule_words(codes: list[str]) -> list[str]:
    """Each rule once, in words, in the order first met; an unknown code stays as it is."""
    seen: list[str] = []
    for code in codes:
        word = str(RULE_WORDS.get(code, code))
        if word not in seen:
            seen.append(word)
    return seen
