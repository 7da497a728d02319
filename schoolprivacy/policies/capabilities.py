"""What `policies` makes true (schoolprivacy/capabilities.py): per board, because a regulation
the (G)MR consented to, the data protection officer and the board's website are the board's to
record. Until they are, the statement does not mention them."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from schoolprivacy.capabilities import Capability
from schoolprivacy.policies.selectors import contacts_for, published_for_board


def _published(board_id: int) -> Mapping[str, Any]:
    return {
        "documents": [
            {
                "id": p.document.pk,
                "title": p.document.title,
                "kind": p.document.kind,
                "number": p.version.number,
                "council": p.version.get_council_display(),
                "decided_on": p.version.council_decided_on,
                "published_at": p.version.published_at,
            }
            for p in published_for_board(board_id)
        ]
    }


def _has_regulation(board_id: int) -> bool:
    return any(d["kind"] == "regulation" for d in _published(board_id)["documents"])


def _dpo(board_id: int) -> Mapping[str, Any]:
    contacts = contacts_for(board_id)
    if contacts is None:
        return {}
    return {"name": contacts.dpo_name, "email": contacts.dpo_email, "phone": contacts.dpo_phone}


def _website(board_id: int) -> Mapping[str, Any]:
    contacts = contacts_for(board_id)
    return {"url": contacts.website} if contacts is not None and contacts.website else {}


CAPABILITIES = [
    Capability(
        "policies.regulation",
        _("a privacy regulation the (G)MR consented to is published"),
        is_on=_has_regulation,
        facts=_published,
    ),
    Capability(
        "policies.dpo",
        _("the data protection officer's name and contact details are recorded"),
        is_on=lambda board_id: bool(_dpo(board_id).get("name") and _dpo(board_id).get("email")),
        facts=_dpo,
    ),
    Capability(
        "policies.board_website",
        _("the board's web page about privacy is recorded"),
        is_on=lambda board_id: bool(_website(board_id)),
        facts=_website,
    ),
]
