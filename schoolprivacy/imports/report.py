"""What an import did or would do: counts, pupil numbers per outcome and every problem.

Holds pupil numbers (the key in the school's own administration, shown to its administration)
but never an education number or any other personal value.
"""

from dataclasses import dataclass, field

from schoolprivacy.imports.parsing import Problem


@dataclass
class Change:
    line: int
    external_id: str
    fields: list[str]

    @property
    def labels(self) -> list[str]:
        """The changed fields as the pupil page names them ("Surname", not `surname`)."""
        from schoolprivacy.people.models import Pupil

        fields = [Pupil._meta.get_field(name) for name in self.fields]
        return [str(getattr(f, "verbose_name", f.name)) for f in fields]


@dataclass
class Report:
    format_name: str = ""
    file_kind: str = ""
    detail: str = ""
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    unchanged: int = 0
    groups_created: list[str] = field(default_factory=list)
    guardians_created: int = 0
    guardians_updated: int = 0
    relations_created: int = 0
    relations_updated: int = 0
    memberships_changed: int = 0
    problems: list[Problem] = field(default_factory=list)
    # Values left out or read in a safe way; their rows are imported (issue 18.1).
    warnings: list[Problem] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)
    skip_bad_rows: bool = False
    applied: bool = False
    # Pupil number -> name, for the preview the importer reads (issue 19: names, not numbers
    # only). Shown on the page only; `counts` and the audit keep numbers.
    names: dict[str, str] = field(default_factory=dict)

    def named(self, external_ids: list[str]) -> list[str]:
        return [f"{self.names[i]} ({i})" if i in self.names else i for i in external_ids]

    @property
    def created_named(self) -> list[str]:
        return self.named(self.created)

    @property
    def left_named(self) -> list[str]:
        return self.named(self.left)

    @property
    def updated_named(self) -> list[tuple[Change, str]]:
        return [(c, self.names.get(c.external_id, "")) for c in self.updated]

    @property
    def skipped_lines(self) -> list[int]:
        return sorted({p.line for p in self.problems}) if self.skip_bad_rows else []

    @property
    def has_changes(self) -> bool:
        return bool(
            self.created
            or self.updated
            or self.left
            or self.groups_created
            or self.guardians_created
            or self.guardians_updated
            or self.relations_created
            or self.relations_updated
            or self.memberships_changed
        )

    @property
    def blocked(self) -> bool:
        """Problems stop the whole import unless the user chose to skip bad rows."""
        return bool(self.problems) and not self.skip_bad_rows

    def counts(self) -> dict[str, int]:
        """Numbers only, for the audit event and the command's summary."""
        return {
            "rows": self.rows,
            "created": len(self.created),
            "updated": len(self.updated),
            "left": len(self.left),
            "unchanged": self.unchanged,
            "groups_created": len(self.groups_created),
            "guardians_created": self.guardians_created,
            "guardians_updated": self.guardians_updated,
            "relations_created": self.relations_created,
            "relations_updated": self.relations_updated,
            "memberships_changed": self.memberships_changed,
            "problems": len(self.problems),
            "warnings": len(self.warnings),
            "skipped": len(self.skipped_lines),
        }
