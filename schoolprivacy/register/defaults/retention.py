"""Default retention rules, from domain.md ("Retention"). A board may change them later."""

from dataclasses import dataclass

from schoolprivacy.register.models.choices import RetentionEvent


@dataclass(frozen=True)
class DefaultRetention:
    code: str
    name: str
    event: RetentionEvent
    years: int = 0
    months: int = 0
    is_minimum: bool = False
    legal_source: str = ""


# Pupil file (tests, reports, guidance notes): 2 years after leaving. AP and the sector's model
# privacy regulation; long enough to answer questions from the next school and the parents.
PUPIL_FILE = DefaultRetention(
    "pupil_file",
    "Leerlingdossier",
    RetentionEvent.PUPIL_LEFT,
    years=2,
    legal_source="Richtlijn Autoriteit Persoonsgegevens; modelprivacyreglement PO-Raad/VO-raad",
)
# Absence, enrolment and de-enrolment records: 5 years after de-enrolment, so that funding and
# compulsory-education checks (inspection, accountant, leerplicht) can be answered.
ENROLMENT_RECORDS = DefaultRetention(
    "enrolment_records",
    "In- en uitschrijving en verzuim",
    RetentionEvent.DEENROLMENT,
    years=5,
    legal_source="Bekostigingsregels WPO/WVO en Leerplichtwet 1969 (controle door accountant en "
    "inspectie)",
)
# Referral to special education: 3 years after leaving.
REFERRAL = DefaultRetention(
    "referral",
    "Verwijzing naar speciaal onderwijs",
    RetentionEvent.PUPIL_LEFT,
    years=3,
    legal_source="Regels passend onderwijs (toelaatbaarheidsverklaring)",
)
# Central exam results (secondary): at least 6 months after the exam.
CENTRAL_EXAM = DefaultRetention(
    "central_exam",
    "Centraal examen",
    RetentionEvent.CREATED,
    months=6,
    is_minimum=True,
    legal_source="Eindexamenbesluit VO (bewaren van examenwerk)",
)
# Data of the samenwerkingsverband passend onderwijs: at most 3 years.
PARTNERSHIP = DefaultRetention(
    "samenwerkingsverband",
    "Samenwerkingsverband passend onderwijs",
    RetentionEvent.CREATED,
    years=3,
    legal_source="Regels passend onderwijs: ten hoogste 3 jaar",
)
# Staff file: 2 years after leaving; copies of ID documents 5 years; salary records 7 years.
STAFF_FILE = DefaultRetention(
    "staff_file",
    "Personeelsdossier",
    RetentionEvent.STAFF_LEFT,
    years=2,
    legal_source="Richtlijn Autoriteit Persoonsgegevens",
)
STAFF_ID_COPY = DefaultRetention(
    "staff_id_copy",
    "Kopie identiteitsbewijs personeel",
    RetentionEvent.STAFF_LEFT,
    years=5,
    is_minimum=True,
    legal_source="Wet op de loonbelasting 1964",
)
STAFF_SALARY = DefaultRetention(
    "staff_salary",
    "Salarisadministratie",
    RetentionEvent.STAFF_LEFT,
    years=7,
    is_minimum=True,
    legal_source="Algemene wet inzake rijksbelastingen art. 52 (fiscale bewaarplicht)",
)
# Photos and other consent-based data: as long as the consented purpose lasts.
CONSENT = DefaultRetention(
    "consent",
    "Zolang de toestemming geldt",
    RetentionEvent.PURPOSE_ENDED,
    legal_source="AVG art. 7 lid 3 (intrekken van toestemming) en art. 5 lid 1 onder e",
)
# Not in domain.md: the board's own choice, as long as the purpose lasts (AVG art. 5(1)(e)).
PURPOSE = DefaultRetention(
    "purpose",
    "Zolang het doel bestaat",
    RetentionEvent.PURPOSE_ENDED,
    legal_source="AVG art. 5 lid 1 onder e (opslagbeperking)",
)
# Not in domain.md: the audit log is the board's own choice. It answers "who saw my child's
# data" for as long as the enrolment records are kept, so it uses the same 5 years.
AUDIT_LOG = DefaultRetention(
    "audit_log",
    "Toegangslog",
    RetentionEvent.CREATED,
    years=5,
    legal_source="AVG art. 5 lid 2 en art. 32 (verantwoording en beveiliging); keuze van het "
    "bestuur",
)

RETENTION_DEFAULTS: tuple[DefaultRetention, ...] = (
    PUPIL_FILE,
    ENROLMENT_RECORDS,
    REFERRAL,
    CENTRAL_EXAM,
    PARTNERSHIP,
    STAFF_FILE,
    STAFF_ID_COPY,
    STAFF_SALARY,
    CONSENT,
    PURPOSE,
    AUDIT_LOG,
)
