"""What a service needs to create or change an activity, and the rules it must meet."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from schoolprivacy import taxonomy
from schoolprivacy.access.models import Role
from schoolprivacy.register.models import (
    LegalBasis,
    ProcessingActivity,
    RetentionRule,
    SchoolKind,
    Source,
)
from schoolprivacy.schools.models import Board


@dataclass(frozen=True)
class Recipient:
    name: str
    basis: str

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "basis": self.basis}


@dataclass(frozen=True)
class ActivityData:
    """Every field the privacy officer edits; `is_active`, key and version are the services'."""

    name: str
    purpose: str
    legal_basis: str
    retention_rule: RetentionRule
    name_en: str = ""
    purpose_en: str = ""
    legal_basis_article: str = ""
    special_basis: str = ""
    data_subjects: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    systems: tuple[str, ...] = ()
    recipients: tuple[Recipient, ...] = ()
    processors: tuple[str, ...] = ()
    access_roles: tuple[str, ...] = ()
    security_measures: str = ""
    dpia_reference: str = ""
    school_kind: str = ""

    @classmethod
    def from_activity(cls, activity: ProcessingActivity) -> "ActivityData":
        return cls(
            name=activity.name,
            purpose=activity.purpose,
            legal_basis=activity.legal_basis,
            retention_rule=activity.retention_rule,
            name_en=activity.name_en,
            purpose_en=activity.purpose_en,
            legal_basis_article=activity.legal_basis_article,
            special_basis=activity.special_basis,
            data_subjects=tuple(activity.data_subjects),
            categories=tuple(activity.categories),
            sources=tuple(activity.sources),
            systems=tuple(activity.systems),
            recipients=tuple(Recipient(r["name"], r["basis"]) for r in activity.recipients),
            processors=tuple(activity.processors),
            access_roles=tuple(activity.access_roles),
            security_measures=activity.security_measures,
            dpia_reference=activity.dpia_reference,
            school_kind=activity.school_kind,
        )

    def model_values(self) -> dict[str, Any]:
        """Field values for ProcessingActivity: trimmed text, lists without blanks or repeats."""
        return {
            "name": self.name.strip(),
            "name_en": self.name_en.strip(),
            "purpose": self.purpose.strip(),
            "purpose_en": self.purpose_en.strip(),
            "legal_basis": self.legal_basis,
            "legal_basis_article": self.legal_basis_article.strip(),
            "special_basis": self.special_basis.strip(),
            "data_subjects": _unique(self.data_subjects),
            "categories": _unique(self.categories),
            "sources": _unique(self.sources),
            "systems": _unique(self.systems),
            "recipients": [
                Recipient(r.name.strip(), r.basis).as_dict()
                for r in self.recipients
                if r.name.strip()
            ],
            "processors": _unique(self.processors),
            "access_roles": _unique(self.access_roles),
            "retention_rule": self.retention_rule,
            "security_measures": self.security_measures.strip(),
            "dpia_reference": self.dpia_reference.strip(),
            "school_kind": self.school_kind,
        }


def _unique(values: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in values if v.strip()))


def _unknown(values: list[str], allowed: set[str]) -> list[str]:
    return [v for v in values if v not in allowed]


def validate_activity(*, board: Board, values: dict[str, Any]) -> None:
    """Raise ValidationError (keyed by field) unless the values make a sound register entry."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not values["name"]:
        add("name", _("Give the activity a name."))
    if not values["purpose"]:
        add("purpose", _("Describe the purpose in plain words."))
    if values["legal_basis"] not in LegalBasis.values:
        add("legal_basis", _("Choose a legal basis."))
    if values["school_kind"] not in SchoolKind.values:
        add("school_kind", _("Choose which schools this applies to."))
    if values["retention_rule"].board_id != board.pk:
        add("retention_rule", _("Choose one of this board's retention rules."))

    categories: list[str] = values["categories"]
    if not categories:
        add("categories", _("Choose at least one data category."))
    unknown = _unknown(categories, set(taxonomy.BY_KEY))
    if unknown:
        add("categories", _("Unknown data categories: %s.") % ", ".join(unknown))
    known = [taxonomy.BY_KEY[key] for key in categories if key in taxonomy.BY_KEY]

    subjects: list[str] = values["data_subjects"]
    if _unknown(subjects, {s.value for s in taxonomy.Subject}):
        add("data_subjects", _("Unknown data subjects."))
    missing = sorted({c.subject.value for c in known} - set(subjects))
    if missing:
        add(
            "data_subjects",
            _("The chosen categories also concern: %s.") % ", ".join(missing),
        )
    if _unknown(values["sources"], set(Source.values)):
        add("sources", _("Unknown sources."))
    if _unknown(values["access_roles"], set(Role.values)):
        add("access_roles", _("Unknown roles."))
    if any(r["basis"] not in LegalBasis.values for r in values["recipients"]):
        add("recipients", _("Choose the basis for sharing with every recipient."))

    # GDPR art. 9: special data needs an exception on top of the art. 6 basis.
    if any(c.is_special for c in known) and not values["special_basis"]:
        add(
            "special_basis",
            _("This activity uses special data: name the exception that allows it."),
        )
    # UAVG art. 46: the education number only where a law provides for it.
    has_number = any(c.classification is taxonomy.Classification.NATIONAL_IDENTIFIER for c in known)
    if has_number and not values["legal_basis_article"]:
        add(
            "legal_basis_article",
            _("The education number may only be used where a law allows it: name that law."),
        )
    if errors:
        raise ValidationError(errors)
