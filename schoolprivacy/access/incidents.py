"""Who may report a data breach, and who keeps the breach register (issue 17 §2).

- Reporting is for everyone who works for the board: any staff member with a current assignment
  reports what they notice, and records a supplier's report they receive. A pupil reports through
  a simple form of their own (the pupil's sign-in decides that, not a role).
- The register, the triage, the 72-hour clock and the decisions are the privacy officer's
  (design.md §2: "breaches").
"""

from schoolprivacy.access.selectors import privacy_officer_board_id, scope_for
from schoolprivacy.accounts.models import User


def reporting_board_id(user: User) -> int | None:
    """The board a staff member reports incidents for (any current role); None otherwise."""
    scope = scope_for(user)
    return scope.board_id if scope.roles else None


def breach_register_board_id(user: User) -> int | None:
    """The board whose breach register the user keeps: the privacy officer's; None otherwise."""
    return privacy_officer_board_id(user)
