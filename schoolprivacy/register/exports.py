"""The whole register as CSV (for a spreadsheet) and JSON (for other tools).

The register describes processing, not people: it holds no personal data, so exporting it
needs no step-up authentication and records no audit event.
"""

import csv
import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from schoolprivacy import taxonomy
from schoolprivacy.register.history import field_label, value_in_words
from schoolprivacy.register.models import ProcessingActivity
from schoolprivacy.register.services import activity_snapshot
from schoolprivacy.schools.models import Board

# The columns of the CSV, in the order of an art. 30 register.
CSV_FIELDS = (
    "name",
    "purpose",
    "legal_basis",
    "legal_basis_article",
    "special_basis",
    "data_subjects",
    "categories",
    "sources",
    "systems",
    "recipients",
    "processors",
    "access_roles",
    "retention_rule",
    "security_measures",
    "dpia_reference",
    "school_kind",
    "is_active",
    "name_en",
    "purpose_en",
)
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def register_csv(activities: list[ProcessingActivity]) -> str:
    out = io.StringIO()
    # A byte-order mark, so that spreadsheet programs read "zorgcoördinator" as UTF-8.
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(
        [
            field_label("key"),
            *(field_label(name) for name in CSV_FIELDS),
            gettext("special data"),
            field_label("version"),
            field_label("updated_at"),
        ]
    )
    for activity in activities:
        snapshot = activity_snapshot(activity)
        writer.writerow(
            [
                activity.key,
                *(_cell(value_in_words(name, snapshot[name])) for name in CSV_FIELDS),
                ", ".join(str(c.label) for c in activity.special_categories),
                activity.version,
                activity.updated_at.isoformat(),
            ]
        )
    return out.getvalue()


def _category(key: str) -> dict[str, str]:
    category = taxonomy.BY_KEY.get(key)
    if category is None:
        return {"key": key, "label": key, "classification": ""}
    return {
        "key": key,
        "label": str(category.label),
        "classification": category.classification.value,
    }


def activity_json(activity: ProcessingActivity) -> dict[str, Any]:
    data = activity_snapshot(activity)
    data["retention_rule"]["description"] = activity.retention_in_words()
    return {
        "id": activity.pk,
        "key": activity.key,
        **data,
        "categories": [_category(key) for key in activity.categories],
        "version": activity.version,
        "updated_at": activity.updated_at.isoformat(),
    }


def register_json(board: Board, activities: list[ProcessingActivity]) -> dict[str, Any]:
    return {
        "board": {"name": board.name, "board_number": board.board_number},
        "taxonomy_version": taxonomy.TAXONOMY_VERSION,
        "exported_at": timezone.now().isoformat(),
        "activities": [activity_json(a) for a in activities],
    }
