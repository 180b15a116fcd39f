import shutil

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from skintrack.http import render_form
from skintrack.journal.models import ObservationPhoto
from skintrack.portability import export, importer
from skintrack.portability.forms import DeleteAccountForm, ImportForm
from skintrack.portability.uploads import upload_limit
from skintrack.routines.models import RoutineStep

EXPORTS = {
    "json": lambda user: export.json_response(user),
    "csv": lambda user: export.zip_response(user, with_json_and_photos=False),
    "zip": lambda user: export.zip_response(user, with_json_and_photos=True),
}


def settings_url() -> str:
    return reverse("accounts:settings") + "#your-data"


@login_required
@require_safe
def export_data(request):
    kind = request.GET.get("format")
    if kind is None:
        return render(request, "portability/export.html")
    if kind not in EXPORTS:
        return HttpResponseBadRequest("Pick an export format: json, csv or zip.")
    return EXPORTS[kind](request.user)


@upload_limit(importer.MAX_UPLOAD)
@login_required
@require_http_methods(["GET", "POST"])
def import_data(request):
    if request.method == "GET":
        return render(request, "portability/import.html", {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    problems: list[str] = []
    refused = getattr(request, "upload_refused", None)  # set while the body streamed in
    if refused:
        form.add_error("file", refused)
    elif form.is_valid():
        try:
            summary = importer.import_upload(request.user, form.cleaned_data["file"])
        except importer.ImportRefused as error:
            problems = error.errors
            form.add_error(None, "The file was not imported. Nothing in your account changed.")
        else:
            messages.success(request, summary.message())
            return redirect(settings_url())
    return render_form(request, "portability/import.html", {"form": form, "problems": problems})


def erase_account(user) -> None:
    """Every row of the person (their rows cascade from the user) and every file."""
    user_id = user.pk
    storage = ObservationPhoto._meta.get_field("image").storage
    with transaction.atomic():
        # A step protects its product from deletion: remove the steps first.
        RoutineStep.objects.filter(routine__owner=user).delete()
        user.delete()  # photo files go on commit too (journal.photos.delete_files_after_row)
        folder = f"photos/{int(user_id)}"
        transaction.on_commit(lambda: shutil.rmtree(storage.path(folder), ignore_errors=True))


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
