"""The organisations a school shares pupil data with, and the bases each may rely on, as data.

domain.md, "Sharing without consent (legal obligation)" and "More rules for requests, sharing,
suppliers and governance": sharing without consent happens only on a legal basis, each named in
the record; youth care, GGD, external specialists and researchers need consent for that recipient
and purpose. Every legal ground below names its article and the data the law lets the school give
(data minimisation, GDPR art. 5(1)(c)); `rules.py` applies them.

The keys are stable: they are stored in every disclosure and used by the API.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LEGAL_OBLIGATION = "legal_obligation"
CONSENT = "consent"
BASES = (LEGAL_OBLIGATION, CONSENT)

EDUCATION_NUMBER = "pupil.education_number"

# Leerplichtwet 1969 art. 21a: the head of the school reports unauthorised absence of at least
# 16 lesson hours within 4 consecutive school weeks to the attendance officer (through DUO's
# verzuimregister). Below the threshold this article gives no duty to report.
ABSENCE_REPORT_HOURS = 16
ABSENCE_REPORT_WEEKS = 4
# Wet register onderwijsdeelnemers / WPO art. 178a: enrolment and de-enrolment go to DUO within
# 7 days.
ENROLMENT_REPORT_DAYS = 7

_IDENTITY = "pupil.identity"
_ENROLMENT = "pupil.enrolment"
_ABSENCE = "pupil.absence"
_GUARDIAN = ("guardian.identity", "guardian.contact")


@dataclass(frozen=True)
class LegalGround:
    """One article that obliges (or, for the meldcode, entitles) the school to share."""

    code: str  # stable, sent by API clients as `article`
    citation: str  # the article as a lawyer writes it (Dutch, as in the register)
    summary: Promise  # what it allows, for staff
    # The data the law lets the school give under this article; nothing else goes.
    categories: frozenset[str]
    # Leerplichtwet art. 21a: only from the threshold of unauthorised absence.
    needs_absence_hours: bool = False
    # WPO art. 42: parents see the transfer report first; the school records that.
    needs_shown_to_parents: bool = False
    # A legal order (police, public prosecutor) has a reference the school keeps.
    needs_reference: bool = False


@dataclass(frozen=True)
class Recipient:
    key: str
    name: Promise
    description: Promise
    legal_grounds: tuple[LegalGround, ...] = ()
    # The consent purpose (consents.Purpose.key) that covers this recipient, when consent is a
    # basis it may rely on.
    consent_purpose: str = ""
    # domain.md, Special categories: the education number only for legal purposes (DUO,
    # leerplicht, another school); never to samenwerkingsverbanden or suppliers.
    may_receive_education_number: bool = False
    # The meldcode: the professional decides whether (and when) the parents are told.
    meldcode: bool = False
    # School kinds (schools.School.Kind values) per basis; empty means every kind.
    legal_for_kinds: frozenset[str] = field(default_factory=frozenset)
    consent_for_kinds: frozenset[str] = field(default_factory=frozenset)

    def bases_for(self, school_kind: str) -> tuple[str, ...]:
        found = []
        if self.legal_grounds and (not self.legal_for_kinds or school_kind in self.legal_for_kinds):
            found.append(LEGAL_OBLIGATION)
        if self.consent_purpose and (
            not self.consent_for_kinds or school_kind in self.consent_for_kinds
        ):
            found.append(CONSENT)
        return tuple(found)

    @property
    def bases(self) -> tuple[str, ...]:
        """Every basis this recipient may be given data on, at some kind of school."""
        return tuple(
            b
            for b, present in (
                (LEGAL_OBLIGATION, bool(self.legal_grounds)),
                (CONSENT, bool(self.consent_purpose)),
            )
            if present
        )

    def ground(self, article: str) -> LegalGround | None:
        """The ground named by its code or by its exact citation."""
        wanted = article.strip()
        return next(
            (g for g in self.legal_grounds if wanted in (g.code, g.citation)),
            None,
        )


PRIMARY = "primary"
SECONDARY = "secondary"

RECIPIENTS: tuple[Recipient, ...] = (
    Recipient(
        "leerplicht",
        _("Attendance officer (leerplicht)"),
        _("The municipality's attendance officer, through DUO's absence register."),
        legal_grounds=(
            LegalGround(
                "leerplichtwet_21a",
                "Leerplichtwet 1969 art. 21a (ongeoorloofd verzuim: 16 lesuren in 4 "
                "opeenvolgende lesweken)",
                _(
                    "Report of unauthorised absence of at least 16 lesson hours within 4 "
                    "consecutive school weeks."
                ),
                frozenset({_IDENTITY, EDUCATION_NUMBER, _ENROLMENT, _ABSENCE, *_GUARDIAN}),
                needs_absence_hours=True,
            ),
        ),
        may_receive_education_number=True,
    ),
    Recipient(
        "duo",
        _("DUO"),
        _("Dienst Uitvoering Onderwijs: the register of pupils (enrolment and de-enrolment)."),
        legal_grounds=(
            LegalGround(
                "register_onderwijsdeelnemers",
                "Wet register onderwijsdeelnemers; WPO art. 178a; WVO 2020 (in- en "
                "uitschrijving binnen 7 dagen)",
                _("Enrolment and de-enrolment, within 7 days."),
                frozenset({_IDENTITY, EDUCATION_NUMBER, _ENROLMENT}),
            ),
            LegalGround(
                "ocw_data_delivery",
                "WPO art. 178a; WVO 2020 (structurele gegevenslevering aan OCW/DUO)",
                _("Structural data delivery to the ministry (OCW/DUO)."),
                frozenset({_IDENTITY, EDUCATION_NUMBER, _ENROLMENT, "pupil.results.central_exam"}),
            ),
        ),
        may_receive_education_number=True,
    ),
    Recipient(
        "inspectie",
        _("Inspectorate of Education"),
        _("The Inspectorate of Education, supervising the school."),
        legal_grounds=(
            LegalGround(
                "wot_awb_5_20",
                "Wet op het onderwijstoezicht; Awb art. 5:20 (medewerkingsplicht aan de "
                "toezichthouder)",
                _("Information the Inspectorate asks for in its supervision."),
                frozenset(
                    {
                        _IDENTITY,
                        _ENROLMENT,
                        _ABSENCE,
                        "pupil.results.tests",
                        "pupil.results.reports",
                        "pupil.results.central_exam",
                        "pupil.care.measures",
                        "pupil.care.referral",
                    }
                ),
            ),
        ),
    ),
    Recipient(
        "samenwerkingsverband",
        _("Partnership for inclusive education (samenwerkingsverband)"),
        _("For its statutory tasks: advice, extra support, admission to special education."),
        legal_grounds=(
            LegalGround(
                "wpo_18a",
                "WPO art. 18a; WVO 2020 (samenwerkingsverband passend onderwijs)",
                _(
                    "What the partnership needs for its statutory tasks, never the education "
                    "number."
                ),
                frozenset(
                    {
                        _IDENTITY,
                        "pupil.results.tests",
                        "pupil.results.reports",
                        "pupil.observations",
                        "pupil.care.notes",
                        "pupil.care.measures",
                        "pupil.care.diagnosis",
                        "pupil.care.referral",
                        "guardian.identity",
                    }
                ),
            ),
        ),
        may_receive_education_number=False,
    ),
    Recipient(
        "next_school",
        _("The next school (transfer report via OSO)"),
        _(
            "The educational report (onderwijskundig rapport) through the Overstapservice "
            "Onderwijs. From a primary school without consent, after showing it to the parents; "
            "from a secondary school with the consent of the parents or of the pupil aged 16+."
        ),
        legal_grounds=(
            LegalGround(
                "wpo_42",
                "WPO art. 42 (onderwijskundig rapport); UAVG art. 46 (onderwijsnummer)",
                _("The transfer report, shown to the parents first; only the listed data."),
                frozenset(
                    {
                        _IDENTITY,
                        EDUCATION_NUMBER,
                        _ENROLMENT,
                        _ABSENCE,
                        "pupil.results.tests",
                        "pupil.results.reports",
                        "pupil.care.measures",
                        *_GUARDIAN,
                    }
                ),
                needs_shown_to_parents=True,
            ),
        ),
        consent_purpose="transfer_report",
        may_receive_education_number=True,
        legal_for_kinds=frozenset({PRIMARY}),
        consent_for_kinds=frozenset({SECONDARY}),
    ),
    Recipient(
        "youth_care",
        _("Youth care"),
        _("Youth care services of the municipality (wijkteam, jeugdhulp): consent only."),
        consent_purpose="sharing_youth_care",
    ),
    Recipient(
        "ggd",
        _("GGD (youth health care)"),
        _("The school doctor or nurse of the GGD: consent only."),
        consent_purpose="sharing_ggd",
    ),
    Recipient(
        "veilig_thuis",
        _("Veilig Thuis (reporting code)"),
        _(
            "A report under the reporting code for domestic violence and child abuse (meldcode): "
            "without consent when needed for the child's safety."
        ),
        legal_grounds=(
            LegalGround(
                "meldcode",
                "Wmo 2015 art. 5.2.6 (meldrecht); Wet verplichte meldcode huiselijk geweld en "
                "kindermishandeling",
                _(
                    "A report to Veilig Thuis; the parents are normally told, unless that "
                    "endangers the child."
                ),
                frozenset(
                    {
                        _IDENTITY,
                        "pupil.contact",
                        _ENROLMENT,
                        _ABSENCE,
                        "pupil.observations",
                        "pupil.care.notes",
                        "pupil.care.measures",
                        "pupil.care.diagnosis",
                        *_GUARDIAN,
                    }
                ),
            ),
        ),
        meldcode=True,
    ),
    Recipient(
        "police",
        _("Police or public prosecutor (legal order)"),
        _("Only on a written legal order; the order's reference is recorded."),
        legal_grounds=(
            LegalGround(
                "sv_126nd",
                "Wetboek van Strafvordering art. 126nd (vordering van gegevens door de officier "
                "van justitie)",
                _("Data named in a written order of the public prosecutor."),
                frozenset({_IDENTITY, "pupil.contact", _ENROLMENT, _ABSENCE, *_GUARDIAN}),
                needs_reference=True,
            ),
        ),
    ),
    Recipient(
        "specialist",
        _("External specialist"),
        _(
            "An external specialist such as a remedial educationalist or psychologist: consent "
            "only."
        ),
        consent_purpose="sharing_specialist",
    ),
    Recipient(
        "researcher",
        _("Researcher"),
        _("Scientific research: consent only."),
        consent_purpose="research",
    ),
)

BY_KEY: dict[str, Recipient] = {r.key: r for r in RECIPIENTS}


def recipient(key: str) -> Recipient | None:
    return BY_KEY.get(key)
