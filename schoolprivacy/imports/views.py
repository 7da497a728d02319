"""Upload, preview and confirm an import. Only administration of the school gets here; anyone
else gets a 404 on every page.

The preview is the import's own check (services.import_las with dry_run), which writes nothing,
so it shows what confirming will do and never holds up the rest of the service. Confirming
queues the import as a task (tasks.py) and sends the user to a status page; it refreshes itself
until the run has finished if the user asks (a reload nobody asked for fails WCAG 2.2.1).
"""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from schoolprivacy.accounts.decorators import StaffRequest, staff_required
from schoolprivacy.audit import subjects as subject_types
from schoolprivacy.audit.services import Subject, audit_record
from schoolprivacy.imports import pending as pending_files
from schoolprivacy.imports.formats import UnreadableFile
from schoolprivacy.imports.forms import UploadForm, importable_schools
from schoolprivacy.imports.models import ImportRun
from schoolprivacy.imports.report import Report
from schoolprivacy.imports.services import import_las
from schoolprivacy.imports.tasks import rows_done, run_import
from schoolprivacy.schools.models import School


def _get_school_for_user(request: StaffRequest, slug: str) -> School:
    school = importable_schools(request.user).filter(slug=slug).first()
    if school is None:
        raise Http404
    return school


def _get_pending_for_user(
    request: StaffRequest, slug: str, token: str
) -> tuple[pending_files.Pending, School]:
    school = _get_school_for_user(request, slug)
    pending = pending_files.load(request.session, token)
    if pending is None or pending.school_id != school.pk:
        raise Http404
    return pending, school


def _preview(request: StaffRequest, slug: str, token: str) -> tuple[Report, School]:
    pending, school = _get_pending_for_user(request, slug, token)
    with pending_files.opened(pending.path) as path:
        report = import_las(
            path=path,
            school=school,
            actor=request.user,
            format_name=pending.format_name,
            dry_run=True,
            skip_bad_rows=pending.skip_bad_rows,
            full=not pending.partial,
            channel="web",
        )
    return report, school


@staff_required
def index(request: StaffRequest) -> HttpResponse:
    """The schools this user imports for; straight to the upload page when there is one."""
    schools = list(importable_schools(request.user))
    if not schools:
        raise Http404
    if len(schools) == 1:
        return redirect("imports:upload", slug=schools[0].slug)
    return render(request, "imports/index.html", {"schools": schools})


@staff_required
@require_http_methods(["GET", "POST"])
def upload(request: StaffRequest, slug: str) -> HttpResponse:
    school = _get_school_for_user(request, slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pending = pending_files.store(
            request.session,
            data["file"],
            school_id=school.pk,
            format_name=data["format_name"],
            skip_bad_rows=data["skip_bad_rows"],
            partial=data["partial"],
            keep_file=data["keep_file"],
        )
        return redirect("imports:preview", slug=school.slug, token=pending.token)
    return render(request, "imports/upload.html", {"form": form, "school": school})


@staff_required
def preview(request: StaffRequest, slug: str, token: str) -> HttpResponse:
    try:
        report, school = _preview(request, slug, token)
    except UnreadableFile as exc:
        pending, school = _get_pending_for_user(request, slug, token)
        pending_files.discard(request.session, pending)
        context = {"form": UploadForm(), "school": school, "file_error": str(exc)}
        return render(request, "imports/upload.html", context)
    context = {"report": report, "school": school, "token": token}
    return render(request, "imports/preview.html", context)


@staff_required
@require_POST
def confirm(request: StaffRequest, slug: str, token: str) -> HttpResponse:
    """Queue the import; a long file takes minutes, too long for one request."""
    pending, school = _get_pending_for_user(request, slug, token)
    pending.path.touch()  # keeps `sweep` away while the run waits in the queue
    run = ImportRun.objects.create(board=school.board, school=school, requested_by=request.user)
    audit_record(
        action="imports.run.queued",
        board_id=school.board_id,
        actor_id=request.user.pk,
        subjects=[Subject(subject_types.IMPORT_RUN, run.pk)],
        context={"school": school.brin},
        channel="web",
    )
    pending_files.forget(request.session, pending)
    run_import.enqueue(
        run_id=run.pk,
        token=pending.token,
        format_name=pending.format_name,
        skip_bad_rows=pending.skip_bad_rows,
        partial=pending.partial,
        keep_file=pending.keep_file,
    )
    return redirect("imports:run", slug=school.slug, run_id=run.pk)


@staff_required
def run_status(request: StaffRequest, slug: str, run_id: int) -> HttpResponse:
    school = _get_school_for_user(request, slug)
    run = ImportRun.objects.filter(pk=run_id, school=school).first()
    if run is None:
        raise Http404
    context = {
        "run": run,
        "school": school,
        "rows_done": rows_done(run),
        "auto_refresh": request.GET.get("auto") == "1",
    }
    return render(request, "imports/run.html", context)


@staff_required
@require_POST
def cancel(request: StaffRequest, slug: str, token: str) -> HttpResponse:
    pending, school = _get_pending_for_user(request, slug, token)
    pending_files.discard(request.session, pending)
    return redirect("imports:upload", slug=school.slug)
