"""What `suppliers` makes true (schoolprivacy/capabilities.py; wired in by issue 17's statement
work): processor agreements per supplier, exports limited to the fields an agreement allows, and
the list of processors for the public statement (suppliers/statement.py)."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from schoolprivacy.capabilities import Capability
from schoolprivacy.schools.models import Board
from schoolprivacy.suppliers.statement import processors


def _processors(board_id: int) -> Mapping[str, Any]:
    board = Board.objects.get(pk=board_id)
    # Each processor with the data set it receives, in the reader's language (issue 15 §7).
    names = [
        f"{p.supplier} ({p.product}): {', '.join(str(label) for label in p.field_labels)}"
        for p in processors(board)
    ]
    return {"processors": list(dict.fromkeys(names))}


CAPABILITIES = [
    Capability(
        "suppliers.agreements",
        _("suppliers get only the fields their signed processor agreement allows"),
        facts=_processors,
    ),
]
