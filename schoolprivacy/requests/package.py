"""The package of an inspection request: everything about the child, from every app's privacy
declaration, with per category why and how it is processed (GDPR art. 15; issue 14 item 5).

One zip with a readable PDF (WeasyPrint; the request's language, Dutch or English; layout in
package_pdf.py), the same data as JSON and as CSV, and the child's photos with every other face
blurred (the registry's `export_files`, made only for the zip). Names of other pupils in free
text are redacted, also in what staff found in other systems, and every redaction is listed
(domain.md: "Data about other people (another pupil in a note) is redacted").
"""

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone, translation
from django.utils.translation import gettext

from schoolprivacy import taxonomy
from schoolprivacy.access.read_log import special_reads_for_parent
from schoolprivacy.people.models import GroupMembership, Pupil
from schoolprivacy.privacy_registry import DataSubject, export_subject, export_subject_files
from schoolprivacy.register.statement import statement_for
from schoolprivacy.requests.models import Request, identity_check_text

REDACTED = "[…]"


@dataclass
class Use:
    title: str
    purpose: str
    legal_basis: str
    sources: list[str]
    systems: list[str]
    recipients: list[str]
    processors: list[str]
    retention: str
    who_may_see: list[str]


@dataclass
class Section:
    key: str
    label: str
    special: bool
    rows: list[dict[str, Any]]
    uses: list[Use]
    readable: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Redaction:
    category: str
    source: str
    id: Any
    field: str
    count: int


@dataclass
class PackageFile:
    """A file in the zip besides the PDF, JSON and CSV: a photo with other faces blurred."""

    name: str
    source: str
    id: int
    description: str


@dataclass
class MissingFile:
    """A file that belongs in the copy but could not be made: listed with the reason, never
    silently left out (a video whose file is gone or damaged)."""

    name: str
    source: str
    id: int
    description: str
    reason: str


@dataclass
class Package:
    request_id: int
    pupil: str
    school: str
    made_at: datetime
    language: str
    sections: list[Section]
    redactions: list[Redaction] = field(default_factory=list)
    reads: list[dict[str, Any]] = field(default_factory=list)
    checks: list[dict[str, str]] = field(default_factory=list)
    files: list[PackageFile] = field(default_factory=list)
    missing: list[MissingFile] = field(default_factory=list)
    # File name -> what makes it: only a download pays for decoding and blurring the photos.
    makers: dict[str, Callable[[], bytes]] = field(default_factory=dict, repr=False)
    # File name -> what writes it to a path, with progress: videos, made only by the task that
    # builds a download link's package (requests/building.py), never in a request.
    writers: dict[str, Callable[[Path, Callable[[int], None]], None]] = field(
        default_factory=dict, repr=False
    )

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["makers"]
        del data["writers"]
        for section in data["sections"]:
            del section["readable"]
        data["made_at"] = self.made_at.isoformat()
        return data


def _other_pupils_pattern(pupil: Pupil) -> re.Pattern[str] | None:
    """Full names of the school's other pupils, and first names of the child's classmates."""
    others = Pupil.objects.filter(board_id=pupil.board_id, school_id=pupil.school_id).exclude(
        pk=pupil.pk
    )
    names: set[str] = set()
    for first, given, prefix, surname in others.values_list(
        "first_name", "given_names", "surname_prefix", "surname"
    ):
        names.add(" ".join(p for p in (first, prefix, surname) if p))
        names.add(" ".join(p for p in (given, prefix, surname) if p))
    # Every group the child was ever in: old notes name old classmates.
    groups = GroupMembership.objects.filter(pupil=pupil).values("group_id")
    classmates = (
        GroupMembership.objects.filter(group_id__in=groups)
        .exclude(pupil=pupil)
        .values_list("pupil__first_name", flat=True)
    )
    names.update(n for n in classmates if n and n.lower() != pupil.first_name.lower())
    names = {n.strip() for n in names if len(n.strip()) > 1}
    if not names:
        return None
    # Any run of white space between the parts: notes are typed, with double spaces and breaks.
    alternatives = "|".join(
        r"\s+".join(re.escape(part) for part in n.split())
        for n in sorted(names, key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _redact(
    key: str, rows: list[dict[str, Any]], pattern: re.Pattern[str] | None
) -> tuple[list[dict[str, Any]], list[Redaction]]:
    if pattern is None:
        return rows, []
    found: list[Redaction] = []
    out = []
    for row in rows:
        fields = {}
        for name, value in row["fields"].items():
            if isinstance(value, str):
                value, n = pattern.subn(REDACTED, value)
                if n:
                    found.append(Redaction(key, row["source"], row["id"], name, n))
            fields[name] = value
        out.append({**row, "fields": fields})
    return out, found


def _field_label(source: str, name: str) -> str:
    try:
        model = apps.get_model(source)
        return str(getattr(model._meta.get_field(name), "verbose_name", name))
    except (LookupError, ValueError, FieldDoesNotExist):
        # A computed field (the education number, shown unsealed): its words are in the
        # catalogue through the model field of the same name.
        return gettext(name.replace("_", " "))


def _readable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with translated field names for the PDF (the JSON keeps the field names too)."""
    out = []
    for row in rows:
        try:
            kind = str(apps.get_model(row["source"])._meta.verbose_name)
        except (LookupError, ValueError):
            kind = row["source"]
        items = []
        for name, value in row["fields"].items():
            if isinstance(value, list | dict):
                value = json.dumps(value, ensure_ascii=False)
            elif name == "identity_check" and isinstance(value, str):
                value = identity_check_text(value)
            items.append({"label": _field_label(row["source"], name), "value": value})
        out.append(
            {
                "kind": kind,
                "items": items,
                "source": row["source"],
                "id": row["id"],
                # Text fields a requester may propose a correction of.
                "fields": [n for n, v in row["fields"].items() if isinstance(v, str)],
            }
        )
    return out


def _uses(pupil: Pupil) -> dict[str, list[Use]]:
    by_key: dict[str, list[Use]] = {}
    for p in statement_for(pupil.school).purposes:
        use = Use(
            title=p.title,
            purpose=p.text,
            legal_basis=f"{p.reason} ({p.legal_reference})",
            sources=p.sources,
            systems=p.systems,
            recipients=[f"{r.name} ({r.basis})" for r in p.recipients],
            processors=p.processors,
            retention=p.retention,
            who_may_see=p.roles,
        )
        for c in p.categories:
            by_key.setdefault(c.key, []).append(use)
    return by_key


def build(request: Request) -> Package:
    """The package for `request`, in its language, with the school's checklist of other systems."""
    pattern = _other_pupils_pattern(request.pupil)
    checks = []
    redactions: list[Redaction] = []
    for c in request.checks.all():
        finding, n = pattern.subn(REDACTED, c.finding) if pattern else (c.finding, 0)
        if n:
            redactions.append(Redaction("checks", "requests.SystemCheck", c.pk, "finding", n))
        checks.append(
            {
                "source": c.get_source_display(),
                "name": c.name,
                "finding": finding,
                "checked_at": c.checked_at.isoformat() if c.checked_at else "",
            }
        )
    built = build_for_pupil(request.pupil, request.language, request_id=request.pk, checks=checks)
    built.redactions.extend(redactions)
    return built


def build_for_pupil(
    pupil: Pupil,
    language: str,
    *,
    request_id: int = 0,
    checks: list[dict[str, str]] | None = None,
) -> Package:
    """Everything about `pupil` from every app, through the registry (also the portal's view).

    The caller decided who may see it (access.parents or a verified request)."""
    with translation.override(language):
        data = export_subject(DataSubject.of(pupil))
        uses = _uses(pupil)
        pattern = _other_pupils_pattern(pupil)
        sections = []
        redactions: list[Redaction] = []
        for category in taxonomy.CATEGORIES:
            rows = data.get(category.key)
            if category.subject is not taxonomy.Subject.PUPIL and not rows:
                continue
            if not rows and category.key not in uses:
                continue
            clean, found = _redact(category.key, rows or [], pattern)
            redactions.extend(found)
            sections.append(
                Section(
                    key=category.key,
                    label=str(category.label),
                    special=category.is_special,
                    rows=clean,
                    uses=uses.get(category.key, []),
                    readable=_readable(clean),
                )
            )
        files = export_subject_files(DataSubject.of(pupil))
        reads = [
            {
                "at": e.occurred_at.isoformat(),
                "by": e.reader_name,
                "roles": [str(r) for r in e.roles],
                "categories": [str(c) for c in e.categories],
                "emergency": e.is_emergency,
            }
            for e in special_reads_for_parent(pupil)
        ]
    return Package(
        request_id=request_id,
        pupil=pupil.name,
        school=pupil.school.name,
        made_at=timezone.now(),
        language=language,
        sections=sections,
        redactions=redactions,
        reads=reads,
        checks=checks or [],
        files=[PackageFile(f.name, f.source, f.id, f.description) for f in files],
        makers={f.name: f.content for f in files if f.write_to is None},
        writers={f.name: f.write_to for f in files if f.write_to is not None},
    )


def as_json(package: Package) -> bytes:
    return json.dumps(package.as_json(), ensure_ascii=False, indent=2).encode()


def as_csv(package: Package) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["category", "source", "id", "field", "value"])
    for section in package.sections:
        for row in section.rows:
            for name, value in row["fields"].items():
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                writer.writerow([section.key, row["source"], row["id"], name, text])
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def as_html(package: Package) -> str:
    from schoolprivacy.requests.package_pdf import as_html as pdf_html

    return pdf_html(package)


def as_pdf(package: Package) -> bytes:
    from schoolprivacy.requests.package_pdf import as_pdf as pdf

    return pdf(package)


def file_missing(package: Package, name: str, reason: str) -> None:
    """Move a file from the package's list to its missing files, with the reason."""
    for listed in [f for f in package.files if f.name == name]:
        package.files.remove(listed)
        package.missing.append(
            MissingFile(listed.name, listed.source, listed.id, listed.description, reason)
        )


def write_archive(
    archive: zipfile.ZipFile, package: Package, made: dict[str, Path] | None = None
) -> None:
    """The PDF, JSON, CSV, the photos, and the files already written to disk (`made`: videos,
    streamed into the zip from their files)."""
    stem = (
        f"gegevens-{package.request_id}"
        if package.language == "nl"
        else f"data-{package.request_id}"
    )
    archive.writestr(f"{stem}.pdf", as_pdf(package))
    archive.writestr(f"{stem}.json", as_json(package))
    archive.writestr(f"{stem}.csv", as_csv(package))
    for name, make in package.makers.items():
        # JPEGs are compressed already; deflating them again only costs time.
        archive.writestr(name, make(), compress_type=zipfile.ZIP_STORED)
    for name, path in (made or {}).items():
        archive.write(path, name, compress_type=zipfile.ZIP_STORED)


def as_zip(package: Package) -> bytes:
    """The package in memory, made in the request (the API). Videos are made only by the
    background task of a download link: here they are listed as missing, with that reason."""
    with translation.override(package.language):
        for name in package.writers:
            file_missing(package, name, gettext("Made only in the package of a download link."))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        write_archive(archive, package)
    return buffer.getvalue()
