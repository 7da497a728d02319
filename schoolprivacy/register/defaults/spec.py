"""The shape of one default activity (plain data, written in both languages)."""

from dataclasses import dataclass

from schoolprivacy.access.models import Role
from schoolprivacy.register.defaults.retention import DefaultRetention
from schoolprivacy.register.models.choices import LegalBasis, SchoolKind, Source
from schoolprivacy.taxonomy import Subject

# Systems and processors most Dutch boards use; a board edits them to its own.
SCHOOLPRIVACY = "Schoolprivacy"
PARNASSYS = "ParnasSys"
ESIS = "ESIS"
TOPICUS = "Topicus (ParnasSys)"
ROVICT = "Rovict (ESIS)"


@dataclass(frozen=True)
class DefaultActivity:
    key: str
    name: str
    name_en: str
    purpose: str
    purpose_en: str
    legal_basis: LegalBasis
    legal_basis_article: str
    data_subjects: tuple[Subject, ...]
    categories: tuple[str, ...]
    sources: tuple[Source, ...]
    retention: DefaultRetention
    access_roles: tuple[Role, ...]
    systems: tuple[str, ...] = (SCHOOLPRIVACY,)
    recipients: tuple[tuple[str, LegalBasis], ...] = ()
    processors: tuple[str, ...] = ()
    special_basis: str = ""
    security_measures: str = ""
    dpia_reference: str = ""
    school_kind: SchoolKind = SchoolKind.ALL
