""" "Log milia": counts for several areas in one form, each area a row with its symptoms and
an optional photo (the phone's camera through `capture`), re-encoded by ``photos``.

Nothing is saved unless every row is valid: a count out of range, a photo that isn't an
image, or an area logged meanwhile on another device sends the whole form back with the row's
message and every typed value kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.db import IntegrityError, transaction

from skintrack.journal import photos
from skintrack.journal.models import (
    MAX_MILIA_COUNT,
    SYMPTOMS,
    MiliaArea,
    MiliaObservation,
    MiliaType,
    ObservationPhoto,
    SecondaryContext,
    Severity,
)
from skintrack.portability.uploads import MB

MAX_PHOTO_BYTES = 10 * MB
# Every area's photo in one request, each up to 10 MB (checked per file below).
FORM_UPLOAD_LIMIT = len(MiliaArea.choices) * MAX_PHOTO_BYTES
CLASH = "This area was logged on this day meanwhile. Edit that entry instead."


class AreaRowForm(forms.Form):
    """One area's row: how many, how bad each symptom is, and a photo."""

    count = forms.IntegerField(
        label="Count",
        required=False,
        min_value=0,
        max_value=MAX_MILIA_COUNT,
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_MILIA_COUNT, "inputmode": "numeric"}),
        error_messages={"invalid": "Give a whole number."},
    )
    area_other = forms.CharField(label="Where exactly?", required=False, max_length=80)
    photo = forms.FileField(
        label="Photo",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )

    def __init__(self, *args, area: str, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.area, self.label = area, label
        for name in SYMPTOMS:
            self.fields[name] = forms.ChoiceField(
                label=name.capitalize(), choices=Severity.choices, required=False
            )
        if area != MiliaArea.OTHER:
            del self.fields["area_other"]
        self.processed: photos.ProcessedPhoto | None = None

    @property
    def symptom_fields(self):
        return [self[name] for name in SYMPTOMS]

    @property
    def filled(self) -> bool:
        return self.is_bound and self.is_valid() and self.cleaned_data.get("count") is not None

    def clean(self):
        data = super().clean()
        for name in SYMPTOMS:
            data[name] = data.get(name) or Severity.NONE
        count, photo = data.get("count"), data.get("photo")
        noted = any(data[name] != Severity.NONE for name in SYMPTOMS)
        if count is None and (photo or noted) and "count" not in self.errors:
            self.add_error("count", "Give the count for this area too (0 if none).")
        if self.area == MiliaArea.OTHER:
            data["area_other"] = data.get("area_other", "").strip()
            if count is not None and not data["area_other"]:
                self.add_error("area_other", "Say where, for example “neck” or “chest”.")
        if photo:
            if photo.size > MAX_PHOTO_BYTES:
                self.add_error("photo", "That photo is larger than 10 MB. Nothing was saved.")
            else:
                try:
                    self.processed = photos.process_image(photo)
                except photos.UnreadableImage as error:
                    self.add_error("photo", str(error))
        return data


class SharedFieldsForm(forms.Form):
    """What goes with every row logged at once."""

    milia_type = forms.ChoiceField(
        label="Type", choices=MiliaType.choices, initial=MiliaType.UNKNOWN, required=False
    )
    secondary_context = forms.ChoiceField(
        label="They appeared after",
        choices=[("", "—"), *SecondaryContext.choices],
        required=False,
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
    )

    def clean(self):
        data = super().clean()
        data["milia_type"] = data.get("milia_type") or MiliaType.UNKNOWN
        if data["milia_type"] != MiliaType.SECONDARY:
            data["secondary_context"] = ""
        return data


@dataclass
class Ghost:
    """The latest earlier photo of an area, shown beside its file input to match framing."""

    photo_id: int
    day: dt.date


def ghosts(user, day: dt.date) -> dict[str, Ghost]:
    """Area -> its latest photo on or before `day`: one query."""
    rows = (
        ObservationPhoto.objects.owned_by(user)
        .filter(observation__day__lte=day)
        .order_by("observation__day", "created_at", "pk")
        .values_list("pk", "observation__area", "observation__day")
    )
    return {area: Ghost(pk, taken) for pk, area, taken in rows}  # the newest wins


class LogMiliaForm:
    """The rows and the shared fields, checked and saved together."""

    def __init__(self, user, day: dt.date, data=None, files=None):
        self.user, self.day = user, day
        self.logged = {
            (o.area, o.area_other): o
            for o in MiliaObservation.objects.owned_by(user).filter(day=day)
        }
        self.rows = [
            AreaRowForm(data, files, area=value, label=label, prefix=value)
            for value, label in MiliaArea.choices
        ]
        self.shared = SharedFieldsForm(data, prefix="all")
        self.errors: list[str] = []
        self.is_bound = data is not None
        self.ghosts = ghosts(user, day)
        for row in self.rows:
            row.logged = self.logged.get((row.area, ""))
            row.ghost = self.ghosts.get(row.area)

    def is_valid(self) -> bool:
        ok = self.shared.is_valid()
        checked = [row.is_valid() for row in self.rows]  # every row, so every error shows
        ok = all(checked) and ok
        if ok and not any(row.filled for row in self.rows):
            self.errors.append("Give a count for at least one area.")
            ok = False
        if ok:
            for row in self.rows:
                other = row.cleaned_data.get("area_other", "")
                if row.filled and (row.area, other) in self.logged:
                    row.add_error("count", "Already logged on this day: edit that entry instead.")
                    ok = False
        return ok

    def save(self) -> list[MiliaObservation] | None:
        """Save every filled row and its photo; None (with the row's message) when another
        device logged one of the areas first: then nothing is kept."""
        shared = self.shared.cleaned_data
        saved, files = [], []
        try:
            with transaction.atomic():
                for row in self.rows:
                    if not row.filled:
                        continue
                    data = row.cleaned_data
                    observation = MiliaObservation.objects.create(
                        owner=self.user,
                        day=self.day,
                        area=row.area,
                        area_other=data.get("area_other", ""),
                        count=data["count"],
                        milia_type=shared["milia_type"],
                        secondary_context=shared["secondary_context"],
                        notes=shared["notes"],
                        **{name: data[name] for name in SYMPTOMS},
                    )
                    saved.append(observation)
                    if row.processed:
                        photo = photos.save_photo(observation, row.processed)
                        files += [photo.image.name, photo.thumbnail.name]
        except IntegrityError:
            photos.delete_files(*files)
            self.errors.append(CLASH)
            return None
        return saved
