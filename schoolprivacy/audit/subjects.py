"""The one vocabulary of audit subject types (decision 0021).

A subject type is the subject model's Django label, `app_label.model_name` (`Model._meta
.label_lower`): it names the app that owns the row, the audit app needs to import none of them
(design.md, contract 3), and the admin can audit any model without a table of its own. Every
caller passes one of these constants, every reader filters on them; a test refuses string
literals at call sites (tests/test_subject_vocabulary.py).

Events written before this vocabulary carry short names ("pupil", "grant") in their hashed
subject list. Their index rows (`AuditSubject`) were rewritten to these constants by migration
0006; the events themselves cannot be, because the chain's hash covers them. `canonical_type`
maps an old name to the new one, for the migration, the verifier and every page that shows an
event's subjects. `LEGACY_TYPES` describes events that already exist: never change an entry.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PUPIL = "people.pupil"
GUARDIAN = "people.guardian"
GUARDIAN_RELATION = "people.guardianrelation"
STAFF = "people.staff"
INVITATION = "people.invitation"
USER = "accounts.user"
API_TOKEN = "accounts.apitoken"  # noqa: S105 (a model label, not a secret)
PARENT_LINK = "accounts.parentsigninlink"
SCHOOL = "schools.school"
GROUP = "schools.group"
ASSIGNMENT = "access.assignment"
GRANT = "access.grant"
BREAK_GLASS = "access.breakglassaccess"
RECORD = "dossier.record"
PROCESSING_ACTIVITY = "register.processingactivity"
IMPORT_RUN = "imports.importrun"
PURPOSE_TEXT = "consents.purposetext"
CONSENT_DECISION = "consents.consentdecision"
CONSENT_DISPUTE = "consents.consentdispute"
CONSENT_ROUND = "consents.consentround"
PHOTO_EVENT = "photos.photoevent"
PHOTO = "photos.photo"
FACE = "photos.face"
PUBLICATION = "photos.publication"
VIDEO = "videos.video"
VIDEO_PUBLICATION = "videos.videopublication"
REQUEST = "requests.request"
CORRECTION = "requests.correction"
SUPPLIER = "suppliers.supplier"
AGREEMENT = "suppliers.agreement"
SUPPLIER_EXPORT = "suppliers.export"
DISCLOSURE = "disclosures.disclosure"
BREACH = "breaches.breach"
POLICY_VERSION = "policies.policyversion"
POLICY_CONTACTS = "policies.privacycontacts"
DPIA = "policies.dpia"
ERASURE = "retention.subjecterasure"
LEGAL_HOLD = "retention.legalhold"
PURGE_RUN = "retention.purgerun"

# What the audit viewer offers to filter on, in this order. Admin edits of other models use their
# own label (`for_model`) and can still be found by typing nothing in the type and the number.
LABELS: Mapping[str, Promise] = {
    PUPIL: _("pupil"),
    GUARDIAN: _("guardian"),
    GUARDIAN_RELATION: _("guardian relation"),
    STAFF: _("staff member"),
    USER: _("user account"),
    SCHOOL: _("school"),
    GROUP: _("group"),
    GRANT: _("exception grant"),
    BREAK_GLASS: _("emergency access"),
    RECORD: _("dossier record"),
    CONSENT_DECISION: _("consent decision"),
    CONSENT_DISPUTE: _("consent dispute"),
    PHOTO: _("photo"),
    PUBLICATION: _("photo publication"),
    VIDEO: _("video"),
    VIDEO_PUBLICATION: _("video publication"),
    REQUEST: _("rights request"),
    IMPORT_RUN: _("import run"),
    PROCESSING_ACTIVITY: _("processing activity"),
    DISCLOSURE: _("disclosure"),
    BREACH: _("data breach"),
}

# The names used before decision 0021, by dossier, access, imports and accounts. Frozen.
LEGACY_TYPES: Mapping[str, str] = {
    "pupil": PUPIL,
    "guardian": GUARDIAN,
    "guardian_relation": GUARDIAN_RELATION,
    "staff": STAFF,
    "user": USER,
    "api_token": API_TOKEN,
    "parent_link": PARENT_LINK,
    "school": SCHOOL,
    "group": GROUP,
    "grant": GRANT,
    "break_glass": BREAK_GLASS,
    "record": RECORD,
    "processing_activity": PROCESSING_ACTIVITY,
    "import_run": IMPORT_RUN,
}

SUBJECT_TYPE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


def for_model(model: Any) -> str:
    """The subject type of a model class or instance, for code that audits any model (the admin)."""
    label: str = model._meta.label_lower
    return label


def for_person_kind(kind: str) -> str:
    """The subject type of a privacy-registry subject (`PrivacySubject.kind`)."""
    return {"pupil": PUPIL, "guardian": GUARDIAN, "staff": STAFF}[kind]


def canonical_type(subject_type: str, action: str) -> str:
    """The vocabulary's name for a subject type found in an event with this action.

    Old short names map through LEGACY_TYPES. The admin used to record the bare model name
    (`pupil`, `location`) with the action `app.model.verb`, which names the app.
    """
    if SUBJECT_TYPE.match(subject_type):
        return subject_type
    if subject_type in LEGACY_TYPES:
        return LEGACY_TYPES[subject_type]
    app, _sep, rest = action.partition(".")
    if rest.partition(".")[0] == subject_type:
        return f"{app}.{subject_type}"
    return subject_type


def canonical_subjects(subjects: Iterable[Mapping[str, Any]], action: str) -> list[dict[str, Any]]:
    """An event's subject list in the vocabulary, as its index rows hold it."""
    return [{"type": canonical_type(s["type"], action), "id": s["id"]} for s in subjects]


def ids_of(subjects: Iterable[Mapping[str, Any]], action: str, subject_type: str) -> list[int]:
    """The IDs of one type among an event's subjects, whichever vocabulary the event used."""
    return [s["id"] for s in canonical_subjects(subjects, action) if s["type"] == subject_type]
