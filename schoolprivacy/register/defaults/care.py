"""Default activities about care, inclusive education and moving to another school."""

from schoolprivacy.access.models import Role
from schoolprivacy.register.defaults import retention
from schoolprivacy.register.defaults.spec import (
    ESIS,
    PARNASSYS,
    ROVICT,
    SCHOOLPRIVACY,
    TOPICUS,
    DefaultActivity,
)
from schoolprivacy.register.models.choices import LegalBasis, SchoolKind, Source
from schoolprivacy.taxonomy import Subject

_PUPIL, _GUARDIAN = Subject.PUPIL, Subject.GUARDIAN
_LAW, _TASK, _CONSENT = LegalBasis.LEGAL_OBLIGATION, LegalBasis.PUBLIC_TASK, LegalBasis.CONSENT
# UAVG art. 30(2): schools may process health data for special guidance or special provisions.
_HEALTH_EXCEPTION = (
    "UAVG art. 30 lid 2 (speciale begeleiding of bijzondere voorzieningen in verband met de "
    "gezondheid)"
)
_ENCRYPTED_AND_LOGGED = (
    "Bijzondere gegevens versleuteld opgeslagen; elke inzage vastgelegd in het auditlog en "
    "zichtbaar voor de ouders; alleen zorgrollen of een uitzondering met einddatum."
)

CARE = DefaultActivity(
    key="care_guidance",
    name="Zorg en begeleiding",
    name_en="Care and guidance",
    purpose="Sommige leerlingen hebben extra ondersteuning nodig. De intern begeleider of "
    "zorgcoördinator legt vast wat een leerling nodig heeft, wat we met ouders en leerling "
    "bespreken en welke afspraken we maken. Een diagnose, zoals dyslexie of ADHD, bewaren we "
    "alleen als dat nodig is voor de begeleiding, en apart van de maatregel die eruit volgt "
    "(zoals extra tijd bij toetsen). Leerkrachten zien alleen de maatregel.",
    purpose_en="Some pupils need extra support. The care coordinator records what a pupil needs, "
    "what we discuss with the parents and the pupil, and what we agree. A diagnosis such as "
    "dyslexia or ADHD is kept only when guidance needs it, and separately from the measure it "
    "leads to (such as extra time for tests). Teachers see only the measure.",
    legal_basis=_TASK,
    legal_basis_article="WPO art. 8 en art. 40 (zorgplicht passend onderwijs); WVO 2020",
    special_basis=_HEALTH_EXCEPTION,
    data_subjects=(_PUPIL, _GUARDIAN),
    categories=(
        "pupil.identity",
        "pupil.observations",
        "pupil.care.notes",
        "pupil.care.measures",
        "pupil.care.diagnosis",
        "guardian.identity",
    ),
    sources=(Source.TEACHERS, Source.PARENTS, Source.PUPIL, Source.SPECIALISTS),
    systems=(SCHOOLPRIVACY, PARNASSYS, ESIS),
    recipients=(
        ("Externe deskundigen, zoals een orthopedagoog", _CONSENT),
        ("Jeugdarts of GGD", _CONSENT),
    ),
    processors=(TOPICUS, ROVICT),
    access_roles=(Role.CARE_COORDINATOR, Role.TEACHER, Role.LOCATION_DIRECTOR),
    retention=retention.PUPIL_FILE,
    security_measures=_ENCRYPTED_AND_LOGGED,
    dpia_reference="DPIA leerlingdossier en zorg",
)

INCLUSIVE_EDUCATION = DefaultActivity(
    key="inclusive_education",
    name="Passend onderwijs en samenwerkingsverband",
    name_en="Inclusive education and the partnership",
    purpose="Als een leerling meer ondersteuning nodig heeft dan de school zelf kan bieden, vragen "
    "we het samenwerkingsverband passend onderwijs om advies, een arrangement of een "
    "toelaatbaarheidsverklaring voor het speciaal onderwijs. We geven dan alleen door wat het "
    "samenwerkingsverband voor die wettelijke taak nodig heeft, en nooit het onderwijsnummer. "
    "We bespreken dit altijd eerst met u.",
    purpose_en="When a pupil needs more support than the school itself can offer, we ask the "
    "partnership for inclusive education (samenwerkingsverband) for advice, extra support or an "
    "admission statement for special education. We then pass on only what the partnership needs "
    "for that legal task, never the education number. We always discuss this with you first.",
    legal_basis=_LAW,
    legal_basis_article="WPO art. 18a; WVO 2020 (samenwerkingsverband passend onderwijs)",
    special_basis=_HEALTH_EXCEPTION,
    data_subjects=(_PUPIL, _GUARDIAN),
    categories=(
        "pupil.identity",
        "pupil.results.tests",
        "pupil.care.notes",
        "pupil.care.measures",
        "pupil.care.diagnosis",
        "pupil.care.referral",
        "guardian.identity",
    ),
    sources=(Source.TEACHERS, Source.PARENTS, Source.SPECIALISTS),
    systems=(SCHOOLPRIVACY, "Portaal van het samenwerkingsverband"),
    recipients=(
        ("Samenwerkingsverband passend onderwijs", _LAW),
        ("School voor speciaal (basis)onderwijs, bij een verwijzing", _LAW),
    ),
    access_roles=(Role.CARE_COORDINATOR, Role.LOCATION_DIRECTOR),
    retention=retention.REFERRAL,
    security_measures=_ENCRYPTED_AND_LOGGED,
    dpia_reference="DPIA leerlingdossier en zorg",
)

TRANSFER_PRIMARY = DefaultActivity(
    key="transfer_primary",
    name="Overstap naar een andere school",
    name_en="Moving to another school",
    purpose="Als uw kind naar een andere school gaat, bijvoorbeeld naar het voortgezet onderwijs, "
    "stellen we een onderwijskundig rapport op en sturen dat via Overstapservice Onderwijs (OSO) "
    "naar de nieuwe school. Daar is geen toestemming voor nodig, maar u krijgt het rapport altijd "
    "eerst te zien en mag erop reageren. We sturen alleen de gegevens die de wet noemt.",
    purpose_en="When your child moves to another school, for example to secondary school, we "
    "write an educational report (onderwijskundig rapport) and send it to the new school through "
    "the Overstapservice Onderwijs (OSO). This needs no consent, but you always see the report "
    "first and may respond to it. We send only the data the law lists.",
    legal_basis=_LAW,
    legal_basis_article="WPO art. 42 (onderwijskundig rapport); UAVG art. 46 (onderwijsnummer)",
    data_subjects=(_PUPIL, _GUARDIAN),
    categories=(
        "pupil.identity",
        "pupil.education_number",
        "pupil.enrolment",
        "pupil.absence",
        "pupil.results.tests",
        "pupil.results.reports",
        "pupil.care.measures",
        "guardian.identity",
        "guardian.contact",
    ),
    sources=(Source.TEACHERS, Source.PUPIL_ADMINISTRATION),
    systems=(SCHOOLPRIVACY, PARNASSYS, "OSO"),
    recipients=(("De nieuwe school (via OSO)", _LAW),),
    processors=(TOPICUS,),
    access_roles=(
        Role.ADMINISTRATION,
        Role.CARE_COORDINATOR,
        Role.TEACHER,
        Role.LOCATION_DIRECTOR,
    ),
    retention=retention.PUPIL_FILE,
    school_kind=SchoolKind.PRIMARY,
)

TRANSFER_SECONDARY = DefaultActivity(
    key="transfer_secondary",
    name="Overstap naar een andere school",
    name_en="Moving to another school",
    purpose="Als een leerling naar een andere school of naar het mbo gaat, sturen we via "
    "Overstapservice Onderwijs (OSO) een overstapdossier naar de nieuwe school. Vanuit het "
    "voortgezet onderwijs doen we dat alleen met toestemming van de ouders, of van de leerling "
    "zelf vanaf 16 jaar.",
    purpose_en="When a pupil moves to another school or to vocational education (mbo), we send a "
    "transfer file to the new school through the Overstapservice Onderwijs (OSO). From secondary "
    "school we do this only with the consent of the parents, or of the pupil from the age of 16.",
    legal_basis=_CONSENT,
    legal_basis_article="UAVG art. 5 (toestemming); UAVG art. 46 (onderwijsnummer)",
    data_subjects=(_PUPIL,),
    categories=(
        "pupil.identity",
        "pupil.education_number",
        "pupil.enrolment",
        "pupil.absence",
        "pupil.results.tests",
        "pupil.results.reports",
        "pupil.care.measures",
    ),
    sources=(Source.TEACHERS, Source.PUPIL_ADMINISTRATION),
    systems=(SCHOOLPRIVACY, ESIS, "OSO"),
    recipients=(("De nieuwe school of mbo-instelling (via OSO)", _CONSENT),),
    processors=(ROVICT,),
    access_roles=(Role.ADMINISTRATION, Role.CARE_COORDINATOR, Role.LOCATION_DIRECTOR),
    retention=retention.PUPIL_FILE,
    school_kind=SchoolKind.SECONDARY,
)
