"""Default activities about enrolment, learning and absence, and the order of the first half
of the register (the care activities come from `care`)."""

from schoolprivacy.access.models import Role
from schoolprivacy.register.defaults import retention
from schoolprivacy.register.defaults.care import (
    CARE,
    INCLUSIVE_EDUCATION,
    TRANSFER_PRIMARY,
    TRANSFER_SECONDARY,
)
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
PUPIL_ADMINISTRATION = DefaultActivity(
    key="pupil_administration",
    name="Leerlingadministratie en inschrijving",
    name_en="Pupil administration and enrolment",
    purpose="We schrijven leerlingen in en uit, houden bij in welke groep of klas zij zitten en "
    "geven elke in- en uitschrijving binnen 7 dagen door aan DUO. Het onderwijsnummer (BSN) "
    "gebruiken we alleen waar de wet dat voorschrijft: voor DUO, de leerplicht en de overstap "
    "naar een andere school.",
    purpose_en="We enrol pupils, register when they leave, keep track of their group or class, "
    "and report every enrolment and de-enrolment to DUO within 7 days. We use the education "
    "number (BSN) only where the law requires it: for DUO, compulsory education and the move to "
    "another school.",
    legal_basis=_LAW,
    legal_basis_article="WPO art. 178a; WVO 2020; Wet register onderwijsdeelnemers; "
    "Leerplichtwet 1969 art. 18; UAVG art. 46 (onderwijsnummer)",
    data_subjects=(_PUPIL, _GUARDIAN),
    categories=(
        "pupil.identity",
        "pupil.contact",
        "pupil.education_number",
        "pupil.enrolment",
        "guardian.identity",
        "guardian.contact",
        "guardian.authority",
    ),
    sources=(Source.PARENTS, Source.PUPIL_ADMINISTRATION, Source.PREVIOUS_SCHOOL, Source.DUO),
    systems=(SCHOOLPRIVACY, PARNASSYS, ESIS),
    recipients=(("DUO (Register Onderwijsdeelnemers)", _LAW), ("Gemeente (leerplicht)", _LAW)),
    processors=(TOPICUS, ROVICT),
    access_roles=(
        Role.ADMINISTRATION,
        Role.LOCATION_DIRECTOR,
        Role.CARE_COORDINATOR,
        Role.TEACHER,
    ),
    retention=retention.ENROLMENT_RECORDS,
    security_measures="Onderwijsnummer versleuteld opgeslagen en alleen zichtbaar voor de "
    "administratie. Medewerkers loggen in met tweestapsverificatie. Elke wijziging staat in het "
    "auditlog.",
)

EDUCATION = DefaultActivity(
    key="education_progress",
    name="Onderwijs en voortgang",
    name_en="Education and progress",
    purpose="We volgen de ontwikkeling van elke leerling om het onderwijs goed op de leerling af "
    "te stemmen: toetsen, rapporten en observaties van leerkrachten en mentoren. Zo kunnen we "
    "op tijd bijsturen en u op de hoogte houden.",
    purpose_en="We follow each pupil's development to match our teaching to the pupil: tests, "
    "reports and the observations of teachers and mentors. This lets us adjust in time and keep "
    "you informed.",
    legal_basis=_TASK,
    legal_basis_article="WPO art. 8 (leerlingvolgsysteem); WVO 2020",
    data_subjects=(_PUPIL,),
    categories=(
        "pupil.identity",
        "pupil.results.tests",
        "pupil.results.reports",
        "pupil.observations",
    ),
    sources=(Source.TEACHERS, Source.PUPIL),
    systems=(SCHOOLPRIVACY, PARNASSYS, ESIS),
    recipients=(("Inspectie van het Onderwijs", _LAW),),
    processors=(TOPICUS, ROVICT, "Cito (leerling- en onderwijsvolgsysteem)"),
    access_roles=(Role.TEACHER, Role.CARE_COORDINATOR, Role.LOCATION_DIRECTOR),
    retention=retention.PUPIL_FILE,
    security_measures="Leerkrachten zien alleen de leerlingen van hun eigen groepen. "
    "Tweestapsverificatie voor medewerkers.",
)

EXAMS = DefaultActivity(
    key="exams",
    name="Examens",
    name_en="Exams",
    purpose="We nemen schoolexamens en centrale examens af, stellen de uitslag vast en geven die "
    "door aan DUO, dat het diplomaregister bijhoudt.",
    purpose_en="We hold the school exams and the central exams, determine the results and report "
    "them to DUO, which keeps the register of diplomas.",
    legal_basis=_LAW,
    legal_basis_article="WVO 2020; Eindexamenbesluit VO; UAVG art. 46 (onderwijsnummer)",
    data_subjects=(_PUPIL,),
    categories=("pupil.identity", "pupil.education_number", "pupil.results.central_exam"),
    sources=(Source.TEACHERS, Source.PUPIL),
    systems=(SCHOOLPRIVACY, ESIS),
    recipients=(("DUO (uitslagen en diplomaregister)", _LAW),),
    processors=(ROVICT,),
    access_roles=(Role.ADMINISTRATION, Role.TEACHER, Role.LOCATION_DIRECTOR),
    retention=retention.CENTRAL_EXAM,
    security_measures="Examencijfers alleen te wijzigen door de examensecretaris; elke "
    "wijziging in het auditlog.",
    school_kind=SchoolKind.SECONDARY,
)

ABSENCE = DefaultActivity(
    key="absence",
    name="Verzuim en leerplicht",
    name_en="Absence and compulsory education",
    purpose="We registreren afwezigheid en te laat komen. Ongeoorloofd verzuim (16 uur in 4 "
    "schoolweken), langdurig verzuim en vakantie onder schooltijd melden we via het "
    "verzuimregister van DUO aan de leerplichtambtenaar, zoals de Leerplichtwet voorschrijft.",
    purpose_en="We record absence and lateness. Unauthorised absence (16 hours in 4 school weeks), "
    "long-term absence and holidays during school time are reported through DUO's absence "
    "register to the compulsory education officer (leerplichtambtenaar), as the Compulsory "
    "Education Act requires.",
    legal_basis=_LAW,
    legal_basis_article="Leerplichtwet 1969 art. 21 en 21a; UAVG art. 46 (onderwijsnummer)",
    data_subjects=(_PUPIL, _GUARDIAN),
    categories=(
        "pupil.identity",
        "pupil.education_number",
        "pupil.absence",
        "pupil.enrolment",
        "guardian.contact",
    ),
    sources=(Source.TEACHERS, Source.PARENTS, Source.PUPIL_ADMINISTRATION),
    systems=(SCHOOLPRIVACY, PARNASSYS, ESIS),
    recipients=(
        ("DUO (verzuimregister)", _LAW),
        ("Leerplichtambtenaar van de woongemeente", _LAW),
    ),
    processors=(TOPICUS, ROVICT),
    access_roles=(
        Role.TEACHER,
        Role.ADMINISTRATION,
        Role.LOCATION_DIRECTOR,
        Role.CARE_COORDINATOR,
    ),
    retention=retention.ENROLMENT_RECORDS,
)

PUPIL_ACTIVITIES: tuple[DefaultActivity, ...] = (
    PUPIL_ADMINISTRATION,
    EDUCATION,
    EXAMS,
    CARE,
    INCLUSIVE_EDUCATION,
    ABSENCE,
    TRANSFER_PRIMARY,
    TRANSFER_SECONDARY,
)
