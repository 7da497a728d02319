"""The promises of the public privacy statement, each tied to the capabilities that make it true
(issue 17 item 6, "a statement that cannot lie").

A sentence of the statement templates that promises a behaviour carries `data-claim="<key>"` and
is shown only inside `{% if claims.<key> %}`; `claims_for(board_id)` is on for a claim when
every capability it needs is on for the board (schoolprivacy/capabilities.py). The tests render
the statement with capabilities switched off and fail when a sentence stays, and fail when the
templates hold a `data-claim` that is not listed here (register/tests/test_statement_claims.py).

Capabilities of apps still being built (requests, retention, disclosures, suppliers, breaches)
are listed as they will be named: until an app provides them, their sentences are not shown.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from schoolprivacy.capabilities import enabled_keys


@dataclass(frozen=True)
class Claim:
    key: str
    needs: tuple[str, ...]


CLAIMS: Mapping[str, Claim] = {
    c.key: c
    for c in (
        Claim("special_encrypted", ("dossier.encryption",)),
        Claim("need_to_know", ("access.need_to_know",)),
        Claim("special_for_care_only", ("access.need_to_know", "access.exception_grants")),
        Claim("education_number_restricted", ("access.need_to_know",)),
        Claim("special_reads_logged", ("access.special_read_log",)),
        Claim(
            "parents_see_special_reads",
            ("access.special_read_log", "portal.special_reads_for_parents"),
        ),
        Claim("sharing_needs_basis", ("disclosures.basis_required",)),
        Claim("sharing_logged", ("disclosures.log",)),
        Claim("processor_agreements", ("suppliers.agreements",)),
        Claim("photos_deleted", ("photos.retention_purge",)),
        Claim("data_deleted", ("retention.purge",)),
        Claim("two_factor", ("accounts.two_factor",)),
        Claim("change_log", ("audit.tamper_evident_log", "access.special_read_log")),
        Claim("breach_reported", ("breaches.register",)),
        Claim("consent_online", ("consents.online",)),
        Claim("withdrawal_immediate", ("consents.withdrawal_immediate",)),
        Claim("photos_in_portal", ("photos.portal",)),
        Claim("photos_need_consent", ("photos.consent_gate",)),
        Claim("rights_online", ("requests.online",)),
        Claim("answer_within_month", ("requests.deadlines",)),
        Claim("identity_checked", ("requests.identity_check",)),
        Claim("live_statement", ("register.live_statement",)),
        Claim("regulation_approved", ("policies.regulation",)),
        Claim("board_website", ("policies.board_website",)),
        Claim("dpo_named", ("policies.dpo",)),
    )
}


def claims_for(board_id: int) -> dict[str, bool]:
    """Claim key -> whether the running system makes it true for this board."""
    on = enabled_keys(board_id)
    return {key: all(need in on for need in claim.needs) for key, claim in CLAIMS.items()}
