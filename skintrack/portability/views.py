from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from skintrack.http import render_form
from skintrack.journal.models import ObservationPhoto
from skintrack.portability import export, importer, tasks
from skintrack.portability.forms import DeleteAccountForm, ImportForm
from skintrack.portability.models import ExportArchive, ImportJob
from skintrack.portability.uploads import upload_limit
from skintrack.routines.models import RoutineStep

EXPORTS = {
    "json": lambda user: export.json_response(user),
    "csv": lambda user: export.zip_response(user, with_json_and_photos=False),
}


def settings_url() -> str:
    return reverse("accounts:settings") + "#your-data"


@login_required
@require_safe
def export_data(request):
    kind = request.GET.get("format")
    if kind == "zip":  # an old link: the full ZIP is now prepared in the background
        return redirect(reverse("portability:export") + "#everything")
    if kind is None:
        archive = ExportArchive.objects.latest_of(request.user)
        template = "portability/export.html#archive" if request.htmx else "portability/export.html"
        return render(request, template, {"archive": archive})
    if kind not in EXPORTS:
        return HttpResponseBadRequest("Pick an export format: json, csv or zip.")
    return EXPORTS[kind](request.user)


@login_required
@require_POST
def export_zip(request):
    """Ask a worker for the full ZIP; the export page shows it being built, then the link."""
    if not ExportArchive.objects.owned_by(request.user).unfinished().exists():
        archive = ExportArchive.objects.create(owner=request.user)
        tasks.build_export.enqueue(archive.pk)
    return redirect(reverse("portability:export") + "#everything")


@login_required
@require_safe
def export_download(request):
    archive = ExportArchive.objects.latest_of(request.user)
    handle = None
    if archive is not None and archive.ready():
        try:
            handle = archive.file.open("rb")
        except FileNotFoundError:
            handle = None
    if handle is None:
        messages.info(request, "That download has expired or is not ready yet.")
        return redirect(reverse("portability:export") + "#everything")
    name = export.file_name(export.Export(request.user), "zip")
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Content-Type"] = "application/zip"
    response["Cache-Control"] = "private, no-store"
    return response


@upload_limit(importer.MAX_UPLOAD)
@login_required
@require_http_methods(["GET", "POST"])
def import_data(request):
    if request.method == "GET":
        return render(request, "portability/import.html", {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    refused = getattr(request, "upload_refused", None)  # set while the body streamed in
    if refused:
        form.add_error("file", refused)
    elif ImportJob.objects.owned_by(request.user).unfinished().exists():
        form.add_error(None, "An import is still running. Wait for it to finish, then try again.")
    elif form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob(owner=request.user, file_name=upload.name[:200])
        job.file.save("upload", upload, save=False)  # through STORAGES, for any worker
        job.save()
        tasks.run_import.enqueue(job.pk)
        return redirect("portability:import_progress")
    return render_form(request, "portability/import.html", {"form": form})


@login_required
@require_safe
def import_progress(request):
    """The person's latest import: polled with htmx while a worker reads it, then its result.
    They can leave and come back: the job lives in the database, not in the request."""
    job = ImportJob.objects.latest_of(request.user)
    if job is None:
        return redirect("portability:import")
    template = "portability/import_progress.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, {"job": job})


def erase_account(user) -> None:
    """Every row of the person (their rows cascade from the user) and every file."""
    user_id = int(user.pk)
    with transaction.atomic():
        # A step protects its product from deletion: remove the steps first.
        RoutineStep.objects.filter(routine__owner=user).delete()
        user.delete()  # photo files go on commit too (journal.photos.delete_files_after_row)
        # Then whatever else the person's folders hold (an orphan of an older version, an
        # upload waiting to be imported, a ZIP export), through the storage API: disk or S3.
        folders = [f"{kind}/{user_id}" for kind in ("photos", "imports", "exports")]
        transaction.on_commit(lambda: delete_folders(folders))


def delete_folders(folders: list[str]) -> None:
    storage = ObservationPhoto._meta.get_field("image").storage
    pending = list(folders)
    while pending:
        folder = pending.pop()
        try:
            subfolders, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        for name in files:
            storage.delete(f"{folder}/{name}")
        pending += [f"{folder}/{sub}" for sub in subfolders]


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    data = request.POST if request.method == "POST" else None
    form = DeleteAccountForm(data, request=request)
    if form.is_valid():
        user = request.user
        erase_account(user)
        logout(request)
        messages.success(request, "Your account and everything in it are deleted. Take care.")
        return redirect("journal:home")
    return render_form(request, "portability/delete.html", {"form": form})
