from schoolprivacy.register.models.activity import ActivityVersion, ProcessingActivity
from schoolprivacy.register.models.choices import LegalBasis, RetentionEvent, SchoolKind, Source
from schoolprivacy.register.models.retention import RetentionRule

__all__ = [
    "ActivityVersion",
    "LegalBasis",
    "ProcessingActivity",
    "RetentionEvent",
    "RetentionRule",
    "SchoolKind",
    "Source",
]
