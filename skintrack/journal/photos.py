"""Private progress photos of milia observations: upload, processing, serving, comparing.

Every upload goes through `process_image`: Pillow opens it (JPEG, PNG or WebP only, at most
40 megapixels), `verify()`s it, opens it again and decodes it fully, turns it upright from its
EXIF orientation, flattens it to RGB and writes a fresh JPEG with no EXIF, GPS or ICC data,
plus a 320 px thumbnail. Anything Pillow can't decode (text, HTML, a PNG header in front of
HTML, a truncated JPEG) is refused and nothing is saved. File names are chosen by the server
(`journal.models.photo_path`); the photos are served only by the views below, to their owner.
The import (`skintrack.portability.importer`) sends photos from a ZIP through the same code.
"""

import dataclasses
import datetime as dt
import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe
from PIL import Image, ImageOps

from skintrack.http import render_form
from skintrack.journal.models import MiliaArea, MiliaObservation, ObservationPhoto

MAX_PIXELS = 40_000_000
# Pillow warns above this many pixels and refuses above twice as many; we refuse above it.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
MAX_SIDE = 4096  # larger photos are scaled down to this on their long side
THUMB_SIDE = 320
JPEG_QUALITY = 85
Image.init()  # register every plugin, so MPO and WebP can be named below
# MPO: the multi-picture JPEGs some phones write. Nothing else is even tried.
FORMATS = tuple(f for f in ("JPEG", "MPO", "PNG", "WEBP") if f in Image.OPEN)

NOT_AN_IMAGE = "That file isn't an image we can read. Try a JPEG, PNG or WebP photo."
TOO_MANY_PIXELS = (
    f"That image is larger than {MAX_PIXELS // 1_000_000} megapixels. "
    "Try a smaller photo or a screenshot of it."
)


class UnreadableImage(ValueError):
    """The upload is not an image we accept; the message says why, for the person."""


@dataclasses.dataclass(frozen=True)
class ProcessedPhoto:
    image: bytes
    thumbnail: bytes
    width: int
    height: int


def _encode(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # No exif=, icc_profile= or comment=: the new file carries pixels only.
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """RGB, with any transparency laid on white (JPEG has no alpha)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _upright(image: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # a damaged EXIF block: keep the pixels as they are
        return image


def process_image(source) -> ProcessedPhoto:
    """Re-encode an uploaded image as a clean JPEG and a thumbnail, or raise UnreadableImage.

    `source` is a binary file object (an UploadedFile, a BytesIO); it is read from the start.
    """
    try:
        source.seek(0)
        with Image.open(source, formats=FORMATS) as probe:
            # Only the header is read so far: refuse a pixel bomb before decoding anything.
            if probe.width * probe.height > MAX_PIXELS:
                raise UnreadableImage(TOO_MANY_PIXELS)
            probe.verify()
        source.seek(0)
        with Image.open(source, formats=FORMATS) as image:
            # Scaling before load lets the JPEG decoder skip detail it would throw away.
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            image.load()
            clean = _flatten(_upright(image))
        clean.info.clear()
        thumbnail = clean.copy()
        thumbnail.thumbnail((THUMB_SIDE, THUMB_SIDE))
        return ProcessedPhoto(
            image=_encode(clean),
            thumbnail=_encode(thumbnail),
            width=clean.width,
            height=clean.height,
        )
    except UnreadableImage:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise UnreadableImage(TOO_MANY_PIXELS) from error
    except Exception as error:
        # Pillow reports damaged input with many exception types (OSError, SyntaxError,
        # ValueError, struct.error, EOFError...); to the person they all mean the same.
        raise UnreadableImage(NOT_AN_IMAGE) from error


def save_photo(observation: MiliaObservation, processed: ProcessedPhoto) -> ObservationPhoto:
    """Write the two files under server-chosen names and the row; no stray file on failure."""
    photo = ObservationPhoto(
        owner_id=observation.owner_id,
        observation=observation,
        width=processed.width,
        height=processed.height,
    )
    try:
        photo.image.save("photo.jpg", ContentFile(processed.image), save=False)
        photo.thumbnail.save("thumb.jpg", ContentFile(processed.thumbnail), save=False)
        photo.save()
    except BaseException:
        delete_files(photo.image.name, photo.thumbnail.name)
        raise
    return photo


def delete_files(*names: str) -> None:
    storage = ObservationPhoto._meta.get_field("image").storage
    for name in names:
        if name:
            storage.delete(name)


# A file this recent may belong to an upload or import still writing its row.
ORPHAN_GRACE = dt.timedelta(minutes=30)


def delete_orphan_files(owner_id: int, now: dt.datetime | None = None) -> list[str]:
    """Delete the person's photo files that no photo row names, once older than
    ORPHAN_GRACE: what an import killed mid-write (its rows rolled back) left behind.
    Returns the names deleted."""
    storage = ObservationPhoto._meta.get_field("image").storage
    known = {
        name
        for pair in ObservationPhoto.objects.filter(owner_id=owner_id).values_list(
            "image", "thumbnail"
        )
        for name in pair
    }
    cutoff = (now or timezone.now()) - ORPHAN_GRACE
    deleted = []
    for folder in (f"photos/{owner_id}", f"photos/{owner_id}/thumbs"):
        try:
            _, files = storage.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        for file_name in files:
            name = f"{folder}/{file_name}"
            if name not in known and storage.get_modified_time(name) < cutoff:
                storage.delete(name)
                deleted.append(name)
    return deleted


def delete_files_after_row(sender, instance: ObservationPhoto, **kwargs) -> None:
    """post_delete receiver (connected in portability.apps): the files go once the row's
    deletion is committed, never when it is rolled back."""
    names = (instance.image.name, instance.thumbnail.name)
    transaction.on_commit(lambda: delete_files(*names))


# --- views -----------------------------------------------------------------------------------


class PhotoUploadForm(forms.Form):
    image = forms.FileField(
        label="Add a photo",
        help_text="JPEG, PNG or WebP, up to 10 MB. Location and camera details are removed.",
        error_messages={"required": "Choose a photo to upload."},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


def _observation_url(observation: MiliaObservation) -> str:
    return reverse("journal:observation_edit", kwargs={"observation_id": observation.pk})


@login_required
@require_POST
def upload(request, observation_id: int):
    observation = get_object_or_404(MiliaObservation, pk=observation_id, owner=request.user)
    form = PhotoUploadForm(request.POST, request.FILES)
    refused = getattr(request, "upload_refused", None)  # set while the body streamed in
    if refused:
        form.add_error("image", refused)
    elif form.is_valid():
        try:
            processed = process_image(form.cleaned_data["image"])
        except UnreadableImage as error:
            form.add_error("image", str(error))
        else:
            save_photo(observation, processed)
            messages.success(request, f"Photo added to {observation.place}.")
            return redirect(_observation_url(observation) + "#photos")
    context = {"form": form, "observation": observation}
    return render_form(request, "photos/upload.html", context, form)


def _owned_photo(request, photo_id: int) -> ObservationPhoto:
    return get_object_or_404(ObservationPhoto, pk=photo_id, owner=request.user)


def file_response(name: str, storage, filename: str) -> FileResponse:
    if not name:
        raise Http404("This photo has no file.")
    try:
        handle = storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404("This photo's file is missing.") from None
    response = FileResponse(handle, content_type="image/jpeg", filename=filename)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def show(request, photo_id: int):
    photo = _owned_photo(request, photo_id)
    return file_response(photo.image.name, photo.image.storage, f"photo-{photo.pk}.jpg")


@login_required
@require_safe
def thumb(request, photo_id: int):
    photo = _owned_photo(request, photo_id)
    return file_response(
        photo.thumbnail.name, photo.thumbnail.storage, f"photo-{photo.pk}-thumb.jpg"
    )


@login_required
@require_POST
def delete(request, photo_id: int):
    photo = _owned_photo(request, photo_id)
    observation = photo.observation
    photo.delete()  # the files follow on commit (delete_files_after_row)
    messages.success(request, "Photo deleted.")
    return redirect(_observation_url(observation) + "#photos")


class CompareForm(forms.Form):
    area = forms.ChoiceField(choices=MiliaArea.choices, required=False)
    a = forms.DateField(label="Earlier", required=False)
    b = forms.DateField(label="Later", required=False)


@dataclasses.dataclass
class CompareSide:
    day: dt.date | None
    photos: list[ObservationPhoto]


def compare_page(user, area: str | None, a: dt.date | None, b: dt.date | None) -> dict:
    """What the compare page shows, in two queries: the (area, day) pairs that have photos,
    then every photo of the chosen area (for the strip), from which the two chosen days'
    photos are picked (the slider compares the first photo of each)."""
    pairs = (
        ObservationPhoto.objects.owned_by(user)
        .values_list("observation__area", "observation__day")
        .distinct()
    )
    days_by_area: dict[str, set[dt.date]] = {}
    for pair_area, day in pairs:
        days_by_area.setdefault(pair_area, set()).add(day)
    areas = [(value, label) for value, label in MiliaArea.choices if value in days_by_area]
    if area not in days_by_area:
        area = areas[0][0] if areas else None
    days = sorted(days_by_area.get(area, ()))
    a = a or (days[0] if days else None)
    b = b or (days[-1] if days else None)
    strip = []
    if area and days:
        strip = list(
            ObservationPhoto.objects.owned_by(user)
            .filter(observation__area=area)
            .select_related("observation")
            .order_by("observation__day", "observation__area_other", "created_at", "pk")
        )
    sides = [CompareSide(day, [p for p in strip if p.observation.day == day]) for day in (a, b)]
    before, after = (side.photos[0] if side.photos else None for side in sides)
    return {
        "area": area,
        "area_label": dict(MiliaArea.choices).get(area, ""),
        "areas": areas,
        "days": days,
        "sides": sides,
        "strip": strip,
        "before": before,
        "after": after if after is not None and after != before else None,
    }


@login_required
@require_safe
def compare(request):
    form = CompareForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = compare_page(request.user, data.get("area"), data.get("a"), data.get("b"))
    return render_form(request, "photos/compare.html", {"form": form, **page}, form)


photo_urlpatterns = [
    path("observation/<int:observation_id>/upload/", upload, name="upload"),
    path("compare/", compare, name="compare"),
    path("<int:photo_id>/", show, name="show"),
    path("<int:photo_id>/thumb/", thumb, name="thumb"),
    path("<int:photo_id>/delete/", delete, name="delete"),
]
