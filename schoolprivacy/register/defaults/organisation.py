"""Default activities about materials, photos, parents, security and staff (second half)."""

from schoolprivacy.access.models import Role
from schoolprivacy.register.defaults import retention
from schoolprivacy.register.defaults.spec import PARNASSYS, SCHOOLPRIVACY, TOPICUS, DefaultActivity
from schoolprivacy.register.models.choices import LegalBasis, SchoolKind, Source
from schoolprivacy.taxonomy import Subject

_PUPIL, _GUARDIAN, _STAFF = Subject.PUPIL, Subject.GUARDIAN, Subject.STAFF
_LAW, _TASK, _CONSENT = LegalBasis.LEGAL_OBLIGATION, LegalBasis.PUBLIC_TASK, LegalBasis.CONSENT
_PARENT_APP = "Leverancier van de ouderapp"

LEARNING_MATERIALS = DefaultActivity(
    key="learning_materials",
    name="Digitaal leermateriaal",
    name_en="Digital learning materials",
    purpose="Leerlingen werken met digitaal lesmateriaal en oefenprogramma's. De leveranciers zijn "
    "verwerkers: zij mogen de gegevens alleen voor ons gebruiken, volgens de model-"
    "verwerkersovereenkomst van de sector. Zij krijgen zo weinig mogelijk: een pseudoniem (ECK "
    "iD) in plaats van het onderwijsnummer, de naam, het leerjaar en de groep. Nooit het "
    "geslacht, het adres of zorggegevens.",
    purpose_en="Pupils work with digital learning materials and practice software. The suppliers "
    "are processors: they may use the data only on our behalf, under the sector's model "
    "processor agreement. They receive as little as possible: a pseudonym (ECK iD) instead of "
    "the education number, the name, the year and the group. Never sex, address or care data.",
    legal_basis=_TASK,
    legal_basis_article="WPO art. 8; WVO 2020; Convenant Digitale Onderwijsmiddelen en Privacy "
    "(model verwerkersovereenkomst 4.0)",
    data_subjects=(_PUPIL, _STAFF),
    categories=(
        "pupil.identity",
        "pupil.enrolment",
        "pupil.results.tests",
        "staff.identity",
        "staff.contact",
        "staff.assignments",
    ),
    sources=(Source.PUPIL_ADMINISTRATION, Source.PUPIL, Source.SYSTEM),
    systems=(SCHOOLPRIVACY, "Producten van leveranciers van leermateriaal"),
    processors=(
        "Uitgevers en leveranciers van digitaal leermateriaal (met verwerkersovereenkomst)",
        "Kennisnet (Nummervoorziening ECK iD)",
    ),
    access_roles=(Role.TEACHER, Role.ADMINISTRATION),
    retention=retention.PURPOSE,
    security_measures="Smalle gegevensset per leverancier; ECK iD of een eigen pseudoniem per "
    "leverancier; verwerkersovereenkomst met privacybijsluiter en beveiligingsbijlage.",
    dpia_reference="DPIA digitaal leermateriaal",
)

PHOTOS = DefaultActivity(
    key="photos",
    name="Foto's en video's",
    name_en="Photos and video",
    purpose="We maken foto's en video's van schoolactiviteiten. We publiceren die alleen als u "
    "daarvoor toestemming gaf, per kanaal (website, schoolgids, sociale media, nieuwsbrief, "
    "ouderapp, schoolfotograaf). Vanaf 16 jaar beslist de leerling zelf. U kunt uw toestemming "
    "altijd intrekken; dan publiceren we niets nieuws meer en halen we weg wat we kunnen. We "
    "herkennen gezichten nooit automatisch.",
    purpose_en="We take photos and videos of school activities. We publish them only when you "
    "consented for that channel (website, school guide, social media, newsletter, parent app, "
    "school photographer). From the age of 16 the pupil decides. You may withdraw consent at any "
    "time; we then publish nothing new and remove what we can. We never recognise faces "
    "automatically.",
    legal_basis=_CONSENT,
    legal_basis_article="UAVG art. 5 (toestemming van de ouders onder 16 jaar)",
    data_subjects=(_PUPIL,),
    categories=("pupil.image", "pupil.identity"),
    sources=(Source.TEACHERS,),
    systems=(SCHOOLPRIVACY, "Website en ouderapp van de school"),
    recipients=(("Schoolfotograaf", _CONSENT),),
    processors=(_PARENT_APP,),
    access_roles=(Role.TEACHER, Role.LOCATION_DIRECTOR, Role.ADMINISTRATION),
    retention=retention.CONSENT,
    security_measures="Publicatie pas na controle van de toestemming per kanaal; gezichten van "
    "kinderen zonder toestemming worden vervaagd.",
)

PARENT_COMMUNICATION = DefaultActivity(
    key="parent_communication",
    name="Contact met ouders",
    name_en="Communication with parents",
    purpose="We houden u op de hoogte van de ontwikkeling van uw kind en van wat er op school "
    "gebeurt, via gesprekken, e-mail, de ouderapp en het ouderportaal. Een ouder zonder gezag "
    "krijgt op verzoek informatie over belangrijke zaken, tenzij dat niet in het belang van het "
    "kind is.",
    purpose_en="We keep you informed about your child's development and school life, through "
    "conversations, email, the parent app and the parent portal. A parent without parental "
    "authority receives information about important matters on request, unless that is not in "
    "the child's interest.",
    legal_basis=_TASK,
    legal_basis_article="WPO art. 13 en WVO 2020 (informatie aan ouders); BW 1:377c (ouder "
    "zonder gezag)",
    data_subjects=(_GUARDIAN, _PUPIL),
    categories=("guardian.identity", "guardian.contact", "guardian.authority", "pupil.identity"),
    sources=(Source.PARENTS,),
    systems=(SCHOOLPRIVACY, "Ouderapp", "E-mail"),
    processors=(_PARENT_APP,),
    access_roles=(
        Role.TEACHER,
        Role.ADMINISTRATION,
        Role.LOCATION_DIRECTOR,
        Role.CARE_COORDINATOR,
    ),
    retention=retention.PUPIL_FILE,
)

ACCESS_AND_SECURITY = DefaultActivity(
    key="access_security",
    name="Inloggen, beveiliging en verantwoording",
    name_en="Sign-in, security and accountability",
    purpose="Om de gegevens te beschermen loggen medewerkers in met tweestapsverificatie, ouders "
    "met een persoonlijke link per e-mail en leerlingen vanaf 16 jaar met een eigen account. We "
    "leggen vast wie wat deed en wie bijzondere gegevens bekeek, zodat we kunnen laten zien dat "
    "alleen bevoegde mensen erbij kwamen. Ouders zien op de pagina van hun kind wie bijzondere "
    "gegevens heeft ingezien.",
    purpose_en="To protect the data, staff sign in with two-step verification, parents with a "
    "personal link sent by email, and pupils from 16 with their own account. We record who did "
    "what and who looked at special data, so we can show that only authorised people had access. "
    "Parents see on their child's page who has read special data about the child.",
    legal_basis=_LAW,
    legal_basis_article="AVG art. 5 lid 2 (verantwoordingsplicht) en art. 32 (beveiliging)",
    data_subjects=(_STAFF, _PUPIL, _GUARDIAN),
    categories=(
        "staff.identity",
        "staff.contact",
        "staff.assignments",
        "staff.activity",
        "pupil.account",
        "guardian.contact",
    ),
    sources=(Source.SYSTEM, Source.STAFF_MEMBER, Source.PARENTS),
    systems=(SCHOOLPRIVACY,),
    processors=("Hostingpartij van Schoolprivacy",),
    access_roles=(Role.PRIVACY_OFFICER, Role.FUNCTIONAL_ADMIN),
    retention=retention.AUDIT_LOG,
    security_measures="Auditlog als hash-keten die niet te wijzigen is (schoolprivacy "
    "verify-audit); tweestapsverificatie; wachtwoorden met Argon2id.",
)

STAFF_ADMINISTRATION = DefaultActivity(
    key="staff_administration",
    name="Personeelsadministratie",
    name_en="Staff administration",
    purpose="We houden bij wie bij het bestuur werkt, in welke rol en op welke school of groep, "
    "zodat iedereen alleen toegang heeft tot wat het werk vraagt.",
    purpose_en="We keep track of who works for the board, in which role and at which school or "
    "group, so that everyone has access only to what their work requires.",
    legal_basis=LegalBasis.CONTRACT,
    legal_basis_article="Arbeidsovereenkomst (Burgerlijk Wetboek boek 7); cao",
    data_subjects=(_STAFF,),
    categories=("staff.identity", "staff.contact", "staff.assignments"),
    sources=(Source.STAFF_MEMBER,),
    systems=(SCHOOLPRIVACY, "Personeels- en salarisadministratie van het bestuur"),
    recipients=(("Belastingdienst en pensioenfonds", _LAW),),
    processors=("Administratiekantoor van het bestuur",),
    access_roles=(Role.LOCATION_DIRECTOR, Role.FUNCTIONAL_ADMIN),
    retention=retention.STAFF_FILE,
)

RELIGIOUS_EDUCATION = DefaultActivity(
    key="religious_education",
    name="Godsdienstig en humanistisch vormingsonderwijs",
    name_en="Religious and humanist education lessons",
    purpose="Op een openbare basisschool kunnen ouders kiezen voor lessen godsdienstig of "
    "humanistisch vormingsonderwijs (GVO of HVO). We leggen die keuze alleen vast als u om de "
    "lessen vraagt, en gebruiken haar alleen om de lessen in te delen.",
    purpose_en="At a public primary school, parents may choose lessons in religious or humanist "
    "education (GVO or HVO). We record that choice only when you ask for the lessons, and use it "
    "only to arrange them.",
    legal_basis=_CONSENT,
    legal_basis_article="WPO art. 50 (vormingsonderwijs op openbare scholen)",
    special_basis="AVG art. 9 lid 2 onder a (uitdrukkelijke toestemming)",
    data_subjects=(_PUPIL, _GUARDIAN),
    categories=("pupil.religion", "pupil.identity", "pupil.enrolment"),
    sources=(Source.PARENTS,),
    systems=(SCHOOLPRIVACY, PARNASSYS),
    recipients=(("Vakleerkracht GVO of HVO", _CONSENT),),
    processors=(TOPICUS,),
    access_roles=(Role.ADMINISTRATION, Role.TEACHER, Role.LOCATION_DIRECTOR),
    retention=retention.CONSENT,
    school_kind=SchoolKind.PRIMARY,
)

ORGANISATION_ACTIVITIES: tuple[DefaultActivity, ...] = (
    LEARNING_MATERIALS,
    PHOTOS,
    PARENT_COMMUNICATION,
    ACCESS_AND_SECURITY,
    STAFF_ADMINISTRATION,
    RELIGIOUS_EDUCATION,
)
