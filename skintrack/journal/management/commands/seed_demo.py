"""Create the demo account with about eight weeks of realistic history. Safe to run twice."""

import datetime as dt
import io
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from PIL import Image, ImageDraw

from skintrack.accounts.models import User
from skintrack.journal import photos
from skintrack.journal.models import (
    Application,
    DayNote,
    DermatologistVisit,
    MiliaObservation,
)
from skintrack.routines.models import Routine, RoutineStep
from skintrack.shelf.models import CatalogProduct, Product

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "milia-demo-2026"
HISTORY_DAYS = 56

CATALOG = [
    dict(
        name="Gentle Gel Cleanser",
        brand="Plainface",
        category="cleanser",
        comedogenic="no",
        ingredients="Aqua, Glycerin, Coco-Glucoside, Sodium Chloride, Citric Acid, Sodium Benzoate",
    ),
    dict(
        name="Micellar Cleansing Water",
        brand="Plainface",
        category="makeup_remover",
        comedogenic="no",
        ingredients="Aqua, Poloxamer 184, Glycerin, Disodium EDTA",
    ),
    dict(
        name="Lactic Acid 5% Toner",
        brand="Evenly",
        category="chemical_exfoliant",
        actives=["aha"],
        ingredients="Aqua, Lactic Acid, Glycerin, Sodium Hydroxide",
    ),
    dict(
        name="Salicylic Acid 2% Liquid",
        brand="Evenly",
        category="chemical_exfoliant",
        actives=["bha"],
        ingredients="Aqua, Salicylic Acid, Butylene Glycol, Xanthan Gum",
    ),
    dict(
        name="PHA Gentle Toner",
        brand="Evenly",
        category="chemical_exfoliant",
        actives=["pha"],
        ingredients="Aqua, Gluconolactone, Glycerin, Allantoin",
    ),
    dict(
        name="Adapalene 0.1% Gel",
        brand="Dermal Basics",
        category="retinoid",
        actives=["retinoid"],
        ingredients="Adapalene 0.1%, Carbomer, Propylene Glycol, Aqua",
    ),
    dict(
        name="Invisible Fluid SPF 50",
        brand="Daylight",
        category="sunscreen",
        spf=50,
        broad_spectrum=True,
        comedogenic="no",
        ingredients="Aqua, Homosalate, Zinc Oxide, Glycerin, Silica",
    ),
    dict(
        name="Mineral Lotion SPF 30",
        brand="Daylight",
        category="sunscreen",
        spf=30,
        broad_spectrum=True,
        ingredients="Aqua, Zinc Oxide, Caprylic/Capric Triglyceride",
    ),
    dict(
        name="Oil-free Gel Moisturiser",
        brand="Plainface",
        category="moisturizer",
        comedogenic="no",
        ingredients="Aqua, Glycerin, Sodium Hyaluronate, Niacinamide",
    ),
    dict(
        name="Barrier Night Balm",
        brand="Cocoon",
        category="moisturizer",
        texture="occlusive",
        ingredients="Cocos Nucifera Oil, Petrolatum, Theobroma Cacao Seed Butter, Lanolin",
    ),
    dict(
        name="Apricot Smoothing Scrub",
        brand="Orchard",
        category="physical_scrub",
        ingredients="Aqua, Prunus Armeniaca Seed Powder, Glycerin, Cetyl Alcohol",
    ),
    dict(
        name="Hydrocortisone 1% Cream",
        brand="Pharmacy",
        category="medication",
        actives=["corticosteroid"],
        texture="rich",
        ingredients="Hydrocortisone 1%, Cetostearyl Alcohol, Liquid Paraffin, Aqua",
    ),
]


# Months once opened (the open-jar symbol) of the catalog products above; none for the
# medication, which keeps to the expiry date on its tube.
MONTHS_ONCE_OPENED = {
    "Gentle Gel Cleanser": 12,
    "Micellar Cleansing Water": 6,
    "Lactic Acid 5% Toner": 12,
    "Salicylic Acid 2% Liquid": 12,
    "PHA Gentle Toner": 12,
    "Adapalene 0.1% Gel": 6,
    "Invisible Fluid SPF 50": 12,
    "Mineral Lotion SPF 30": 12,
    "Oil-free Gel Moisturiser": 12,
    "Barrier Night Balm": 12,
    "Apricot Smoothing Scrub": 12,
}


class Command(BaseCommand):
    help = "Create the demo account (demo / milia-demo-2026) with eight weeks of history."

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default=DEMO_USERNAME, help="Another account, e.g. for benchmarks."
        )
        parser.add_argument(
            "--days", type=int, default=HISTORY_DAYS, help="Days of history (default 56)."
        )

    def handle(self, *args, **options):
        username, days = options["username"], max(14, options["days"])
        if not CatalogProduct.objects.exists():
            CatalogProduct.objects.bulk_create(
                CatalogProduct(**facts, period_after_opening=MONTHS_ONCE_OPENED.get(facts["name"]))
                for facts in CATALOG
            )
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Account {username!r} already there.")
        else:
            with transaction.atomic():
                person = User.objects.create_user(
                    username,
                    f"{username}@example.com",
                    DEMO_PASSWORD,
                    time_zone="Europe/London",
                    first_name="Dana",
                )
                build_history(person, person.local_today(), days, with_photos=True)
            self.stdout.write(
                self.style.SUCCESS(f"Account {username!r} created with {days} days of history.")
            )
        self.stdout.write(
            f"\n  Demo login: username {username!r}, password {DEMO_PASSWORD!r}\n"
            "  Open skintrack in your browser and log in.\n"
        )


def build_history(
    person: User, today: dt.date, days: int = HISTORY_DAYS, with_photos: bool = False
) -> None:
    rng = random.Random(2026)
    catalog = {c.name: c for c in CatalogProduct.objects.all()}

    def shelf(name, **changes):
        product = Product.copy_from_catalog(catalog[name], person)
        for field, value in changes.items():
            setattr(product, field, value)
        if changes:
            product.save()
        return product

    cleanser = shelf("Gentle Gel Cleanser")
    remover = shelf("Micellar Cleansing Water")
    lactic = shelf("Lactic Acid 5% Toner")
    adapalene = shelf("Adapalene 0.1% Gel")
    sunscreen = shelf("Invisible Fluid SPF 50")
    moisturiser = shelf("Oil-free Gel Moisturiser")
    balm = shelf("Barrier Night Balm", notes="A gift. Lovely on dry patches.")
    steroid = shelf("Hydrocortisone 1% Cream", notes="Prescribed for a patch of eczema.")
    scrub = shelf("Apricot Smoothing Scrub", archived=True)
    tinted = Product.objects.create(
        owner=person,
        name="Tinted Day Cream SPF 15",
        brand="Glow",
        category="sunscreen",
        spf=15,
        broad_spectrum=False,
        texture="light",
    )

    # When each was opened: the moisturiser's jar is past its twelve months (the shelf and
    # the today page say so), the retinoid's six are nearly up.
    for product, opened_days_ago in (
        (cleanser, 50),
        (moisturiser, 380),
        (sunscreen, 20),
        (adapalene, 170),
        (balm, 90),
    ):
        product.opened_on = today - dt.timedelta(days=opened_days_ago)
        product.save(update_fields=["opened_on"])

    start = today - dt.timedelta(days=days)
    morning = Routine.objects.create(
        owner=person, name="Weekday morning", period="am", is_active=True
    )
    evening = Routine.objects.create(owner=person, name="Evening", period="pm", is_active=True)
    Routine.objects.create(owner=person, name="Old evening (scrub)", period="pm", archived=True)
    am_steps = RoutineStep.objects.bulk_create(
        [
            RoutineStep(routine=morning, product=cleanser, position=0, starts_on=start),
            RoutineStep(routine=morning, product=moisturiser, position=1, starts_on=start),
            RoutineStep(routine=morning, product=sunscreen, position=2, starts_on=start),
        ]
    )
    # One routine change: the retinoid began on Monday and Thursday, which put it on the
    # exfoliation night, and moved to Monday, Wednesday and Friday three weeks in.
    changed_on = start + dt.timedelta(days=21 - start.weekday())
    first_retinoid = RoutineStep.objects.create(
        routine=evening,
        product=adapalene,
        position=6,
        schedule_kind="weekdays",
        weekdays=[0, 3],
        starts_on=start,
        ends_on=changed_on - dt.timedelta(days=1),
        archived=True,
    )
    pm_steps = RoutineStep.objects.bulk_create(
        [
            RoutineStep(routine=evening, product=remover, position=0),
            RoutineStep(routine=evening, product=cleanser, position=1),
            RoutineStep(
                routine=evening,
                product=adapalene,
                position=2,
                schedule_kind="weekdays",
                weekdays=[0, 2, 4],
                starts_on=changed_on,
                replaces=first_retinoid,
            ),
            RoutineStep(
                routine=evening,
                product=lactic,
                position=3,
                schedule_kind="times_per_week",
                times_per_week=1,
            ),
            RoutineStep(routine=evening, product=balm, position=4, area="eye"),
            RoutineStep(routine=evening, product=moisturiser, position=5),
        ]
    )
    RoutineStep.objects.filter(routine=evening, starts_on__isnull=True).update(starts_on=start)

    applications, notes = [], []
    for offset in range(days + 1):
        day = start + dt.timedelta(days=offset)
        if day > today:
            break
        is_today = day == today
        weeks_ago = (today - day).days // 7
        for step in am_steps:
            if is_today and step.product == sunscreen:
                continue  # this morning's sunscreen is still to do
            skip = step.product == sunscreen and (rng.random() < 0.22 or day.weekday() == 5)
            if not skip and rng.random() < 0.93:
                applications.append(
                    Application(
                        owner=person,
                        day=day,
                        period="am",
                        step=step,
                        product=step.product,
                        area=step.area,
                    )
                )
        if is_today:
            continue
        exfoliation_day = 3 if weeks_ago != 3 else None  # Thursday; one week with none
        for step in pm_steps:
            if step.product == adapalene:
                if day < changed_on:
                    step = first_retinoid
                if not step.schedule.is_due(day):
                    continue
            if step.product == lactic and day.weekday() != exfoliation_day:
                continue
            if rng.random() < 0.9:
                applications.append(
                    Application(
                        owner=person,
                        day=day,
                        period="pm",
                        step=step,
                        product=step.product,
                        area=step.area,
                    )
                )
        if weeks_ago == 2 and day.weekday() in (4, 5):  # an over-keen week: Fri and Sat too
            applications.append(Application(owner=person, day=day, period="pm", product=lactic))
        if weeks_ago == 5 and day.weekday() == 6:
            applications.append(Application(owner=person, day=day, period="pm", product=scrub))
        if weeks_ago == 1 and day.weekday() == 1:
            applications.append(Application(owner=person, day=day, period="am", product=tinted))
        if 10 <= (today - day).days <= 25:
            applications.append(
                Application(owner=person, day=day, period="pm", product=steroid, area="other")
            )
        makeup = day.weekday() in (1, 3, 4, 5) or rng.random() < 0.15
        notes.append(
            DayNote(
                owner=person,
                day=day,
                makeup_worn=makeup,
                makeup_removed=makeup and (today - day).days not in (9, 23),
                sun_exposure=day.weekday() == 5 and rng.random() < 0.6,
                steamed=day.weekday() == 6,
                tried_extraction=(today - day).days == 12,
                notes="Squeezed one on my eyelid before a party. Sore afterwards."
                if (today - day).days == 12
                else "",
            )
        )
    Application.objects.bulk_create(applications)
    DayNote.objects.bulk_create(notes)

    observations = []
    eyelids = [3, 4, 4, 5, 5, 6, 6, 7, 7]
    under_eyes = [2, 2, 3, 3, 2, 3, 3, 4, 4]
    cheeks = [2, 1, 1, 0, 0, 0, 1, 0, 0]
    weeks = days // 7 + 1
    for week in range(weeks):  # the demo's nine weekly counts, repeated for a longer history
        counts = (eyelids[week % 9], under_eyes[week % 9], cheeks[week % 9])
        day = start + dt.timedelta(days=week * 7)
        for area, count in zip(("eyelids", "under_eyes", "cheeks"), counts, strict=True):
            observation = MiliaObservation(
                owner=person, day=day, area=area, count=count, milia_type="primary"
            )
            if area == "under_eyes" and week == weeks - 1:
                observation.redness, observation.swelling = "moderate", "mild"
                observation.notes = "Red and puffy around one of them, where I squeezed."
            observations.append(observation)
    observations.append(
        MiliaObservation(
            owner=person,
            day=start + dt.timedelta(days=30),
            area="other",
            area_other="back of the hand",
            count=3,
            milia_type="secondary",
            secondary_context="burn",
            notes="Where I burned it on the oven in the summer.",
        )
    )
    MiliaObservation.objects.bulk_create(observations)
    DermatologistVisit.objects.create(
        owner=person,
        day=start + dt.timedelta(days=4),
        treatment="",
        notes="Confirmed milia, not acne. Suggested adapalene three nights a week, daily SPF, "
        "and a mild acid once a week. Come back if they keep growing.",
    )
    if with_photos:
        add_demo_photos(person)


def demo_photo(count: int, seed: int) -> bytes:
    """A stand-in close-up: skin-coloured, with `count` small pale bumps."""
    rng = random.Random(seed)
    image = Image.new("RGB", (480, 360), (224, 172, 146))
    draw = ImageDraw.Draw(image)
    for y in range(0, 360, 6):  # a soft shading from top to bottom
        shade = 8 * y // 360
        draw.rectangle((0, y, 480, y + 6), fill=(224 - shade, 172 - shade, 146 - shade))
    draw.arc((40, 120, 440, 300), 200, 340, fill=(150, 100, 90), width=5)  # a lid's crease
    spots = random.Random(7)  # the same places each time: the photos line up
    places = [(spots.randint(80, 400), spots.randint(150, 300)) for _ in range(12)]
    for x, y in places[:count]:
        r = 5 + rng.random() * 2
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(246, 236, 222), outline=(214, 190, 170))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def add_demo_photos(person: User) -> None:
    """Eyelid and under-eye photos on the first, a middle and the latest weekly count."""
    for area in ("eyelids", "under_eyes"):
        observations = list(MiliaObservation.objects.filter(owner=person, area=area))
        if not observations:
            continue
        picks = {0: observations[0], 1: observations[len(observations) // 2], 2: observations[-1]}
        for n, observation in picks.items():
            processed = photos.process_image(io.BytesIO(demo_photo(observation.count, n)))
            photos.save_photo(observation, processed)
