"""Make a roster export under an agreement: by construction, logged, diffed, in flat memory.

`export_make` checks the agreement (signed, not ended, names the school), locks the pupils and
the consent purpose (rows.plan_export), writes the file to a temporary file in one pass over the
pupils, and records the export: who, the agreement version, the fields, how many pupils, how
many were left out for consent, the SHA-256 of the file, and how it differs from the previous
export of the same agreement and school (pupils added, removed, changed). The caller streams the
returned file; nothing of it is kept here.
"""

import hashlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from schoolprivacy.accounts.models import User
from schoolprivacy.audit import subjects
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.schools.models import School
from schoolprivacy.suppliers import datasets, eck
from schoolprivacy.suppliers.exports import oneroster, uwlr
from schoolprivacy.suppliers.exports.rows import ExportRefused, Plan, Row, plan_export, pupil_rows
from schoolprivacy.suppliers.models import Agreement, Export, ExportRow
from schoolprivacy.suppliers.services import effective_fields

FORMATS: dict[str, tuple[str, str]] = {
    Export.Format.ONEROSTER: ("application/zip", "zip"),
    Export.Format.UWLR_CSV: ("text/csv; charset=utf-8", "csv"),
    Export.Format.UWLR_JSON: ("application/json", "json"),
}
ROW_BATCH = 1000


@dataclass
class MadeExport:
    export: Export
    file: IO[bytes]
    filename: str
    content_type: str


def _digest(row: Row, fields: tuple[str, ...]) -> str:
    text = "\x1f".join(uwlr.cell(row.values[k]) for k in fields) + f"\x1e{row.group_key}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _formula_like(value: Any) -> bool:
    if isinstance(value, str):
        return value.startswith(FORMULA_START)
    if isinstance(value, list):
        return any(_formula_like(v) for v in value)
    return False


def _no_formulas(rows: Iterator[Row]) -> Iterator[Row]:
    """Refuse the export when a value would start a formula (decision 0030, amendment).

    The roster formats carry values exactly (the OneRoster CSV binding has no escaping: a quote
    put before a value becomes part of the pupil's name in the supplier's system, and "'t" is a
    real surname prefix, so the supplier could not take it off again). No real name, group or
    address starts with these characters, so such a value is a mistake or an attack in the
    source record: the administration corrects it, then exports again. The whole export is
    refused (the transaction rolls back) rather than one pupil silently left out.
    """
    for row in rows:
        keys = sorted(k for k, v in row.values.items() if _formula_like(v))
        if keys:
            raise ExportRefused(
                _(
                    "A pupil's %(fields)s starts with =, +, -, @ or a tab, which a spreadsheet "
                    "runs as a formula. Correct it in the pupil's record, then export again."
                )
                % {"fields": ", ".join(str(datasets.FIELDS[k].label) for k in keys)}
            )
        yield row


def _recorded(rows: Iterator[Row], export: Export, fields: tuple[str, ...]) -> Iterator[Row]:
    """Pass rows through while keeping a digest per pupil for the next export's diff.

    Plain batched INSERTs rather than model instances: thousands of rows per export."""
    table = connection.ops.quote_name(ExportRow._meta.db_table)
    sql = f"INSERT INTO {table} (export_id, pupil_id, digest) VALUES (%s, %s, %s)"  # noqa: S608 (quoted name)  # nosec B608
    batch: list[tuple[int, int, str]] = []
    count = 0
    for row in rows:
        count += 1
        batch.append((export.pk, row.pupil_id, _digest(row, fields)))
        if len(batch) >= ROW_BATCH:
            with connection.cursor() as cursor:
                cursor.executemany(sql, batch)
            batch = []
        yield row
    if batch:
        with connection.cursor() as cursor:
            cursor.executemany(sql, batch)
    export.pupil_count = count


def _check(agreement: Agreement, school: School, fmt: str) -> tuple[str, ...]:
    today = timezone.localdate()
    if not agreement.allows_exports_on(today):
        raise ExportRefused(_("Exports are possible only under a signed agreement that runs."))
    if not agreement.schools.filter(pk=school.pk).exists():
        raise ExportRefused(_("The agreement does not name this school."))
    if fmt not in FORMATS:
        raise ExportRefused(_("Unknown export format."))
    if _formula_like(school.name):
        raise ExportRefused(
            _("The school's name starts with a character a spreadsheet runs as a formula.")
        )
    fields = effective_fields(agreement)
    if fmt == Export.Format.ONEROSTER:
        oneroster.check_fields(fields)
    if "eck_id" in fields:
        try:
            eck.salt()
        except eck.EckUnavailable:
            raise ExportRefused(
                _("The ECK iD cannot be made: no ECK iD salt is configured.")
            ) from None
    return fields


def _diff(export: Export) -> None:
    previous = (
        Export.objects.filter(agreement=export.agreement, school=export.school)
        .exclude(pk=export.pk)
        .filter(rows__isnull=False)
        .order_by("-made_at", "-pk")
        .first()
    )
    if previous is None:
        export.added, export.removed, export.changed = export.pupil_count, 0, 0
        return
    old = ExportRow.objects.filter(export=previous)
    new = ExportRow.objects.filter(export=export)
    export.added = new.exclude(pupil_id__in=old.values("pupil_id")).count()
    export.removed = old.exclude(pupil_id__in=new.values("pupil_id")).count()
    before = old.filter(pupil_id=OuterRef("pupil_id")).values("digest")[:1]
    export.changed = (
        new.filter(pupil_id__in=old.values("pupil_id")).exclude(digest=Subquery(before)).count()
    )
    # Only the newest export's digests are needed for the next comparison.
    ExportRow.objects.filter(
        export__agreement=export.agreement, export__school=export.school
    ).exclude(export=export).delete()


@transaction.atomic
def export_make(
    *, agreement: Agreement, school: School, actor: User, fmt: str, channel: str = "web"
) -> MadeExport:
    """Who may make it is decided by the caller (access.policy.export_school_ids)."""
    # Under the agreement's row lock: a data set change waits, so the version recorded is the
    # version whose fields are written.
    agreement = Agreement.objects.select_for_update(of=("self",)).get(pk=agreement.pk)
    fields = _check(agreement, school, fmt)
    today = timezone.localdate()
    plan: Plan = plan_export(agreement=agreement, school=school, fields=fields, day=today)
    export = Export.objects.create(
        board_id=agreement.board_id,
        agreement=agreement,
        school=school,
        made_by=actor,
        format=fmt,
        agreement_version=agreement.version,
        fields=list(fields),
        checksum="",
    )
    out: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115
    rows = _recorded(_no_formulas(pupil_rows(plan)), export, fields)
    if fmt == Export.Format.ONEROSTER:
        oneroster.write(plan, rows, out)
    elif fmt == Export.Format.UWLR_CSV:
        uwlr.write_csv(plan, rows, out)
    else:
        uwlr.write_json(plan, rows, out)
    out.seek(0)
    checksum = hashlib.sha256()
    while chunk := out.read(64 * 1024):
        checksum.update(chunk)
    out.seek(0)
    export.checksum = checksum.hexdigest()
    export.left_out_count = plan.left_out
    _diff(export)
    export.save(
        update_fields=["checksum", "pupil_count", "left_out_count", "added", "removed", "changed"]
    )
    audit_record(
        action="suppliers.export.made",
        board_id=agreement.board_id,
        actor_id=actor.pk,
        subjects=[
            Subject(subjects.SUPPLIER_EXPORT, export.pk),
            Subject(subjects.AGREEMENT, agreement.pk),
            Subject(subjects.SCHOOL, school.pk),
        ],
        fields=list(fields),
        context={
            "format": fmt,
            "agreement_version": agreement.version,
            "pupils": export.pupil_count,
            "left_out": export.left_out_count,
            "checksum": export.checksum,
        },
        channel=channel,
    )
    content_type, extension = FORMATS[fmt]
    # The file name says which supplier, school and day; never anything about a pupil.
    filename = f"export-{agreement.pk}-{school.brin}-{today.isoformat()}-{export.pk}.{extension}"
    return MadeExport(export, out, filename, content_type)
