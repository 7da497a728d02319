"""The annual privacy report as a page and a PDF, for the privacy officer (who gives it to the
board and the (G)MR); 404 for everyone else. Counts only, no names."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

from schoolprivacy.access.duties import Duty, board_of_duty
from schoolprivacy.accounts.models import User
from schoolprivacy.schools.models import Board
from schoolprivacy.web.annual_report import STATUS_LABELS, STATUS_ORDER, Report, annual_report
from schoolprivacy.web.report_charts import month_columns, stacked_bars

FIRST_YEAR = 2020


def _report(request: HttpRequest) -> Report:
    user = request.user
    board_id = board_of_duty(user, Duty.OVERSEE) if isinstance(user, User) else None
    if board_id is None:
        raise Http404
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("jaar", this_year))
    except ValueError:
        raise Http404 from None
    if not FIRST_YEAR <= year <= this_year:
        raise Http404
    return annual_report(Board.objects.get(pk=board_id), year)


def _context(report: Report) -> dict[str, object]:
    legend = [str(STATUS_LABELS[s]) for s in STATUS_ORDER]
    consent_chart = stacked_bars(
        _("Consent per purpose, current pupils"),
        [(row.purpose, [row.counts[s] for s in STATUS_ORDER]) for row in report.consents],
        legend,
    )
    months = [str(MONTHS_3[m]) for m in range(1, 13)]
    emergency_chart = month_columns(
        _("Emergency accesses per month"), report.emergency_by_month, months
    )
    return {
        "report": report,
        "legend": legend,
        "status_order": STATUS_ORDER,
        "consent_chart": consent_chart,
        "emergency_chart": emergency_chart,
        "generated_at": timezone.now(),
    }


def annual_report_page(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    return render(request, "web/annual_report.html", _context(report))


def annual_report_pdf(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    html = render_to_string(
        "web/annual_report_print.html", {**_context(report), "printing": True}, request=request
    )
    # Imported here: loading Pango costs time that pages without a PDF need not pay.
    from weasyprint import HTML  # type: ignore[import-untyped]

    pdf = bytes(HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="privacy-jaarverslag-{report.year}.pdf"'
    )
    return response
