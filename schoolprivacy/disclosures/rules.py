"""The disclosure gate (domain.md, "Sharing without consent" and issue 16 §1), in one place.

A disclosure is allowed only

1. to a known recipient, on a basis that recipient may rely on at this kind of school: the
   transfer report goes to the next school on WPO art. 42 from a primary school, and only with
   consent (of the parents, or of the pupil from 16) from a secondary school;
2. with the education number only to recipients with a legal use for it (DUO, leerplicht, the next
   school); never to a samenwerkingsverband (WPO art. 18a) or anyone else;
3. on a legal obligation: with an article that obliges the school to give this recipient data, and
   only the data that article lists; with the ground's own conditions (the absence threshold of
   Leerplichtwet art. 21a, the parents having seen the transfer report, a legal order's
   reference);
4. on consent: with a consent for the recipient's purpose that allows processing now, as
   `consents.rules` derives it (silence is no, any refusal or withdrawal wins, a dispute stops it).

Otherwise it is refused with the reason. `check` is pure: the service fetches the consent status
under the consent locks and passes it in.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schoolprivacy import taxonomy
from schoolprivacy.consents.rules import DISPUTED, REFUSED, WITHDRAWN, ConsentStatus
from schoolprivacy.disclosures.recipients import (
    ABSENCE_REPORT_HOURS,
    CONSENT,
    EDUCATION_NUMBER,
    LEGAL_OBLIGATION,
    LegalGround,
    Recipient,
    recipient,
)


class DisclosureRefused(ValidationError):
    """The gate said no; the message is translated and can be shown as is, the code is audited."""

    def __init__(self, message: Promise | str, code: str) -> None:
        super().__init__(message, code=code)  # type: ignore[arg-type]


@dataclass(frozen=True)
class DisclosureRequest:
    recipient: str
    basis: str
    categories: tuple[str, ...]
    article: str = ""
    absence_hours: int | None = None
    shown_to_parents_on: date | None = None
    reference: str = ""


def known_recipient(key: str) -> Recipient:
    found = recipient(key)
    if found is None:
        raise DisclosureRefused(_("Unknown recipient."), "recipient")
    return found


def check(
    request: DisclosureRequest,
    *,
    school_kind: str,
    today: date,
    consent: ConsentStatus | None = None,
) -> LegalGround | None:
    """Raise DisclosureRefused with the reason, or return the legal ground (None on consent)."""
    who = known_recipient(request.recipient)
    _check_categories(request.categories)
    bases = who.bases_for(school_kind)
    if request.basis not in (LEGAL_OBLIGATION, CONSENT):
        raise DisclosureRefused(_("Choose a basis: a legal obligation or consent."), "basis")
    if request.basis not in bases:
        raise DisclosureRefused(_basis_refusal(who, request.basis, school_kind), "basis")
    # Rule 2, before anything else about the basis: no consent makes it right either.
    if EDUCATION_NUMBER in request.categories and not who.may_receive_education_number:
        if who.key == "samenwerkingsverband":
            raise DisclosureRefused(
                _("The education number never goes to a samenwerkingsverband (WPO art. 18a)."),
                "education_number",
            )
        raise DisclosureRefused(
            _(
                "The education number may only go to DUO, the attendance officer or the next "
                "school (UAVG art. 46)."
            ),
            "education_number",
        )
    if request.basis == LEGAL_OBLIGATION:
        return _check_legal(who, request, today)
    _check_consent(consent)
    return None


def _check_categories(keys: tuple[str, ...]) -> None:
    if not keys:
        raise DisclosureRefused(_("Say which data is shared."), "categories")
    for key in keys:
        if key not in taxonomy.BY_KEY or key.split(".", 1)[0] not in ("pupil", "guardian"):
            raise DisclosureRefused(_("Unknown data category."), "categories")


def _basis_refusal(who: Recipient, basis: str, school_kind: str) -> Promise:
    if who.key == "next_school":
        if school_kind == "secondary":
            return _(
                "From a secondary school the transfer report needs the consent of the parents "
                "or of the pupil aged 16 or older."
            )
        return _(
            "From a primary school the transfer report is a legal obligation (WPO art. 42): "
            "record it as such, after showing it to the parents."
        )
    if basis == LEGAL_OBLIGATION:
        return _("No law obliges the school to share with this recipient: consent is needed.")
    return _("This recipient receives data only on a legal obligation, not on consent.")


def _check_legal(who: Recipient, request: DisclosureRequest, today: date) -> LegalGround:
    ground = who.ground(request.article)
    if ground is None:
        raise DisclosureRefused(
            _("Name the article that obliges the school to share with this recipient."),
            "article",
        )
    outside = [key for key in request.categories if key not in ground.categories]
    if outside:
        raise DisclosureRefused(
            _("This article does not cover some of the data: %(categories)s.")
            % {"categories": ", ".join(str(taxonomy.BY_KEY[k].label) for k in outside)},
            "categories_outside_article",
        )
    if ground.needs_absence_hours and (request.absence_hours or 0) < ABSENCE_REPORT_HOURS:
        raise DisclosureRefused(
            _(
                "Below the legal threshold: the law obliges a report from %(hours)s hours of "
                "unauthorised absence within 4 consecutive school weeks."
            )
            % {"hours": ABSENCE_REPORT_HOURS},
            "absence_threshold",
        )
    if ground.needs_shown_to_parents and (
        request.shown_to_parents_on is None or request.shown_to_parents_on > today
    ):
        raise DisclosureRefused(
            _("Show the transfer report to the parents first, and record the date."),
            "not_shown_to_parents",
        )
    if ground.needs_reference and not request.reference.strip():
        raise DisclosureRefused(_("Record the reference of the legal order."), "reference")
    return ground


def _check_consent(consent: ConsentStatus | None) -> None:
    if consent is None:
        raise DisclosureRefused(
            _("The school has no consent purpose for this recipient yet."), "no_purpose"
        )
    if consent.allows_processing:
        return
    reasons = {
        WITHDRAWN: _("Consent for this recipient was withdrawn."),
        REFUSED: _("Consent for this recipient was refused."),
        DISPUTED: _("The parents disagree about this consent; sharing waits until they agree."),
    }
    raise DisclosureRefused(
        reasons.get(consent.status, _("There is no consent for this recipient.")),
        f"consent_{consent.status}",
    )
