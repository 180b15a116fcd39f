"""Small plain functions that make rows for tests. Each takes overrides as keywords."""

import datetime as dt
import io
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from skintrack.accounts.models import User
from skintrack.journal.models import (
    SYMPTOMS,
    Application,
    DayNote,
    DermatologistVisit,
    MiliaArea,
    MiliaObservation,
    ObservationPhoto,
    Severity,
)
from skintrack.portability.models import ExportArchive, ImportJob, JobStatus
from skintrack.reports.models import ShareLink
from skintrack.routines.models import Period, Routine, RoutineStep
from skintrack.shelf.models import CatalogProduct, Category, PatchTest, Product

PASSWORD = "a-long-test-password-1"


def make_user(username: str, time_zone: str = "UTC", **kw) -> User:
    kw.setdefault("email", f"{username}@example.com")
    return User.objects.create_user(username, password=PASSWORD, time_zone=time_zone, **kw)


def make_catalog_product(**kw) -> CatalogProduct:
    kw.setdefault("name", "Catalog cleanser")
    kw.setdefault("brand", "Acme")
    kw.setdefault("category", Category.CLEANSER)
    kw.setdefault("published", True)
    return CatalogProduct.objects.create(**kw)


def make_product(owner: User, **kw) -> Product:
    kw.setdefault("name", "Daily sunscreen")
    kw.setdefault("brand", "Acme")
    kw.setdefault("category", Category.SUNSCREEN)
    if kw["category"] == Category.SUNSCREEN:
        kw.setdefault("spf", 50)
        kw.setdefault("broad_spectrum", True)
    return Product.objects.create(owner=owner, **kw)


def make_routine(owner: User, **kw) -> Routine:
    kw.setdefault("name", "Evening routine")
    kw.setdefault("period", Period.EVENING)
    kw.setdefault("is_active", True)
    return Routine.objects.create(owner=owner, **kw)


# Steps made by tests have been in use since long before the days the tests log, unless a
# test says when they started: most tests are about what was done, not when a step began.
LONG_AGO = dt.date(2020, 1, 1)


def make_step(routine: Routine, product: Product, **kw) -> RoutineStep:
    if routine.is_active:
        kw.setdefault("starts_on", LONG_AGO)
    return RoutineStep.objects.create(routine=routine, product=product, **kw)


def make_application(owner: User, *, step: RoutineStep | None = None, **kw) -> Application:
    if step is not None:
        kw.setdefault("product", step.product)
        kw.setdefault("period", step.routine.period)
    kw.setdefault("day", owner.local_today())
    kw.setdefault("period", Period.EVENING)
    return Application.objects.create(owner=owner, step=step, **kw)


def make_day_note(owner: User, **kw) -> DayNote:
    kw.setdefault("day", owner.local_today())
    return DayNote.objects.create(owner=owner, **kw)


def make_observation(owner: User, **kw) -> MiliaObservation:
    kw.setdefault("day", owner.local_today())
    kw.setdefault("area", MiliaArea.EYELIDS)
    kw.setdefault("count", 3)
    for symptom in SYMPTOMS:  # True: noted, with no severity given (as before severities)
        if isinstance(kw.get(symptom), bool):
            kw[symptom] = Severity.MODERATE if kw[symptom] else Severity.NONE
    return MiliaObservation.objects.create(owner=owner, **kw)


def make_visit(owner: User, **kw) -> DermatologistVisit:
    kw.setdefault("day", owner.local_today() - dt.timedelta(days=7))
    return DermatologistVisit.objects.create(owner=owner, **kw)


def make_share_link(owner: User, **kw) -> ShareLink:
    """A link to the owner's last 90 days' report, valid for a week."""
    today = owner.local_today()
    kw.setdefault("start", today - dt.timedelta(days=89))
    kw.setdefault("end", today)
    kw.setdefault("expires_at", timezone.now() + dt.timedelta(days=7))
    return ShareLink.objects.create(owner=owner, **kw)


def make_photo(observation: MiliaObservation) -> ObservationPhoto:
    """A tiny photo of `observation`. Its files get fixed names under MEDIA_ROOT (point that
    at tmp_path in tests that look at files), so reruns reuse them instead of piling up."""
    storage = ObservationPhoto._meta.get_field("image").storage
    names = [f"photos/{observation.owner_id}/test-{kind}-{observation.pk}.jpg" for kind in "it"]
    for name in names:
        if not storage.exists(name):
            buffer = io.BytesIO()
            Image.new("RGB", (8, 6), "tan").save(buffer, "JPEG")
            storage.save(name, ContentFile(buffer.getvalue()))  # through STORAGES: disk or S3
    return ObservationPhoto.objects.create(
        owner_id=observation.owner_id,
        observation=observation,
        image=names[0],
        thumbnail=names[1],
        width=8,
        height=6,
    )


# Text that only the owner's rows carry: a page shown to someone else must never contain it.
OWNER_MARKER = "olivia-private"


def make_owner_objects(owner: User) -> SimpleNamespace:
    """One of each thing a person owns, each carrying OWNER_MARKER where it has text."""
    today = owner.local_today()
    sunscreen = make_product(owner, name=f"Sunscreen {OWNER_MARKER}", notes=f"notes {OWNER_MARKER}")
    retinoid = make_product(
        owner, name=f"Retinoid {OWNER_MARKER}", category=Category.RETINOID, actives=["retinoid"]
    )
    routine = make_routine(owner, name=f"Evening {OWNER_MARKER}", period=Period.EVENING)
    step = make_step(routine, retinoid)
    application = make_application(owner, step=step, day=today, period=Period.EVENING)
    day_note = make_day_note(owner, day=today, notes=f"day note {OWNER_MARKER}")
    observation = make_observation(
        owner, day=today, area=MiliaArea.EYELIDS, count=3, notes=f"milia {OWNER_MARKER}"
    )
    visit = make_visit(owner, notes=f"visit {OWNER_MARKER}")
    photo = make_photo(observation)
    patch_test = PatchTest.objects.create(
        product=sunscreen, tested_on=today, area=f"wrist {OWNER_MARKER}", result="none"
    )
    share_link = make_share_link(owner)
    import_job = ImportJob.objects.create(
        owner=owner,
        file_name=f"export-{OWNER_MARKER}.json",
        status=JobStatus.DONE,
        records_total=3,
        records_read=3,
        records_written=3,
        message=f"Imported 3 products ({OWNER_MARKER}).",
    )
    archive = ExportArchive(owner=owner, status=JobStatus.DONE, size=4)
    archive.file.save("export.zip", ContentFile(f"PK {OWNER_MARKER}".encode()), save=False)
    archive.expires_at = timezone.now() + dt.timedelta(hours=1)
    archive.save()
    return SimpleNamespace(
        import_job=import_job,
        archive=archive,
        today=today,
        product=sunscreen,
        sunscreen=sunscreen,
        retinoid=retinoid,
        routine=routine,
        step=step,
        application=application,
        day_note=day_note,
        observation=observation,
        visit=visit,
        photo=photo,
        patch_test=patch_test,
        share_link=share_link,
    )
