"""The report as plain lines, for the command (the page has its own template)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schoolprivacy.imports.report import Report


def summary_lines(report: Report) -> list[str]:
    lines = [
        ngettext(
            "Format: %(format)s (%(kind)s, %(detail)s), %(rows)d row.",
            "Format: %(format)s (%(kind)s, %(detail)s), %(rows)d rows.",
            report.rows,
        )
        % {
            "format": report.format_name,
            "kind": report.file_kind,
            "detail": report.detail,
            "rows": report.rows,
        },
        _("New pupils: %(n)d. Changed: %(m)d. Marked as left: %(l)d. Unchanged: %(u)d.")
        % {
            "n": len(report.created),
            "m": len(report.updated),
            "l": len(report.left),
            "u": report.unchanged,
        },
        _("Guardians new: %(n)d, changed: %(m)d; links new: %(r)d, changed: %(s)d.")
        % {
            "n": report.guardians_created,
            "m": report.guardians_updated,
            "r": report.relations_created,
            "s": report.relations_updated,
        },
    ]
    if report.groups_created:
        lines.append(_("New groups: %(names)s.") % {"names": ", ".join(report.groups_created)})
    if report.unknown_headers:
        lines.append(
            _("Columns not used: %(names)s.") % {"names": ", ".join(report.unknown_headers)}
        )
    for change in report.updated:
        lines.append(
            _("Pupil %(id)s (line %(line)d): %(fields)s changed.")
            % {"id": change.external_id, "line": change.line, "fields": ", ".join(change.labels)}
        )
    for problem in report.problems:
        lines.append(str(problem))
    for warning in report.warnings:
        lines.append(_("Warning: %(warning)s") % {"warning": warning})
    if report.skipped_lines:
        lines.append(
            ngettext(
                "Skipped %(n)d row: line %(lines)s.",
                "Skipped %(n)d rows: lines %(lines)s.",
                len(report.skipped_lines),
            )
            % {"n": len(report.skipped_lines), "lines": ", ".join(map(str, report.skipped_lines))}
        )
    if not report.has_changes:
        lines.append(_("No changes: the school is already in step with this file."))
    elif report.applied:
        lines.append(_("Imported."))
    elif report.blocked:
        lines.append(_("Nothing was imported because of the problems above."))
    else:
        lines.append(_("Dry run: nothing was changed."))
    return lines
