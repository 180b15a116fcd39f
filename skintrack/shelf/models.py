import calendar
import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Category(models.TextChoices):
    CLEANSER = "cleanser", "Cleanser"
    MAKEUP_REMOVER = "makeup_remover", "Makeup remover"
    CHEMICAL_EXFOLIANT = "chemical_exfoliant", "Chemical exfoliant"
    PHYSICAL_SCRUB = "physical_scrub", "Physical scrub"
    RETINOID = "retinoid", "Retinoid"
    SUNSCREEN = "sunscreen", "Sunscreen"
    MOISTURIZER = "moisturizer", "Moisturizer"
    SERUM = "serum", "Serum"
    EYE_CREAM = "eye_cream", "Eye cream"
    MAKEUP = "makeup", "Makeup"
    MEDICATION = "medication", "Medication / corticosteroid"
    OTHER = "other", "Other"


class Active(models.TextChoices):
    AHA = "aha", "AHA (glycolic, lactic…)"
    BHA = "bha", "BHA (salicylic)"
    PHA = "pha", "PHA (gluconolactone…)"
    RETINOID = "retinoid", "Retinoid"
    CORTICOSTEROID = "corticosteroid", "Corticosteroid"


class Texture(models.TextChoices):
    LIGHT = "light", "Light (gel, fluid, lotion)"
    RICH = "rich", "Rich cream"
    OCCLUSIVE = "occlusive", "Occlusive (balm, ointment)"
    OIL = "oil", "Oil"


class Comedogenic(models.TextChoices):
    YES = "yes", "Yes, it can clog"
    NO = "no", "No"
    UNKNOWN = "unknown", "Don’t know"


def validate_actives(value) -> None:
    if not isinstance(value, list) or not set(value) <= set(Active.values):
        raise ValidationError("Pick actives from the list.")


class ProductFacts(models.Model):
    """What a product is, shared by the staff catalog and a person's shelf."""

    name = models.CharField(max_length=120)
    brand = models.CharField(max_length=120, blank=True)
    category = models.CharField(max_length=32, choices=Category.choices)
    actives = models.JSONField(default=list, blank=True, validators=[validate_actives])
    texture = models.CharField(max_length=16, choices=Texture.choices, default=Texture.LIGHT)
    comedogenic = models.CharField(
        "comedogenic", max_length=8, choices=Comedogenic.choices, default=Comedogenic.UNKNOWN
    )
    spf = models.PositiveSmallIntegerField(
        "SPF", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    broad_spectrum = models.BooleanField(
        "broad-spectrum", default=False, help_text="Protects against both UVA and UVB."
    )
    period_after_opening = models.PositiveSmallIntegerField(
        "months once opened",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="The number on the open-jar symbol (12M is 12): how long it keeps once open.",
    )
    ingredients = models.TextField(
        "ingredient list (INCI)",
        blank=True,
        max_length=10_000,
        help_text="Paste the list from the pack, as written.",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.brand} {self.name}".strip()

    FACT_FIELDS = (
        "name",
        "brand",
        "category",
        "actives",
        "texture",
        "comedogenic",
        "spf",
        "broad_spectrum",
        "ingredients",
    )

    def active_labels(self) -> list[str]:
        labels = dict(Active.choices)
        return [labels[a].split(" (")[0] for a in self.actives if a in labels]


class CatalogProduct(ProductFacts):
    """A product staff curate; people copy it onto their shelf."""

    published = models.BooleanField(default=True)

    class Meta:
        ordering = ["brand", "name"]
        verbose_name = "catalog product"


class ProductQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)

    def on_shelf(self):
        return self.filter(archived=False)


class Product(ProductFacts):
    """A product on one person's shelf."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="products"
    )
    notes = models.TextField(blank=True, max_length=2000)
    # The comedogenic flag came with the catalog copy and the person hasn't changed it.
    comedogenic_from_catalog = models.BooleanField(default=False, editable=False)
    opened_on = models.DateField(
        "opened on", null=True, blank=True, help_text="The day you first opened this one."
    )
    archived = models.BooleanField(default=False)
    copied_from = models.ForeignKey(
        CatalogProduct, null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["archived", "category", "name"]
        indexes = [models.Index(fields=["owner", "archived"])]

    @classmethod
    def copy_from_catalog(cls, catalog_product: CatalogProduct, owner) -> "Product":
        facts = {field: getattr(catalog_product, field) for field in cls.FACT_FIELDS}
        return cls.objects.create(
            owner=owner,
            copied_from=catalog_product,
            period_after_opening=catalog_product.period_after_opening,
            comedogenic_from_catalog=catalog_product.comedogenic != Comedogenic.UNKNOWN,
            **facts,
        )

    @property
    def replace_by(self) -> dt.date | None:
        """The day an opened product is best replaced: opened on + its months once opened."""
        if self.opened_on is None or self.period_after_opening is None:
            return None
        return add_months(self.opened_on, self.period_after_opening)

    def past_replace_by(self, today: dt.date) -> bool:
        replace_by = self.replace_by
        return replace_by is not None and replace_by < today


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved on by whole months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class PatchTestResult(models.TextChoices):
    NO_REACTION = "none", "No reaction"
    MILD = "mild", "Mild redness or itch"
    REACTION = "reaction", "A clear reaction"
    PENDING = "pending", "Still waiting"


class PatchTest(models.Model):
    """A person's note of trying a product on a small patch of skin before using it."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="patch_tests")
    tested_on = models.DateField("tested on")
    area = models.CharField(
        max_length=80, help_text="Where you tried it, e.g. “inside of the wrist”, “behind the ear”."
    )
    result = models.CharField(
        max_length=8, choices=PatchTestResult.choices, default=PatchTestResult.PENDING
    )
    notes = models.TextField(blank=True, max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-tested_on", "-id"]

    def __str__(self) -> str:
        return f"Patch test of {self.product} on {self.tested_on}"


class Mark(models.TextChoices):
    ABRASIVE = "abrasive", "Abrasive"
    OCCLUSIVE = "occlusive", "Occlusive"
    AHA = "aha", "AHA"
    BHA = "bha", "BHA"
    PHA = "pha", "PHA"
    RETINOID = "retinoid", "Retinoid"
    CORTICOSTEROID = "corticosteroid", "Corticosteroid"
    OIL = "oil", "Oil or butter"
    FRAGRANCE = "fragrance", "Fragrance"
    ESSENTIAL_OIL = "essential_oil", "Essential oil"
    UV_FILTER = "uv_filter", "UV filter"
    EMOLLIENT = "emollient", "Emollient"
    HUMECTANT = "humectant", "Humectant"
    SURFACTANT = "surfactant", "Surfactant"
    PRESERVATIVE = "preservative", "Preservative"
    COLOURANT = "colourant", "Colourant"


def validate_marks(value) -> None:
    if not isinstance(value, list) or not set(value) <= set(Mark.values):
        raise ValidationError("Pick marks from the list.")


def validate_aliases(value) -> None:
    if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
        raise ValidationError("Aliases are a list of names.")


class Ingredient(models.Model):
    """One entry of the ingredient catalog staff keep; matched against pasted INCI lists."""

    inci_name = models.CharField("INCI name", max_length=120, unique=True)
    aliases = models.JSONField(default=list, blank=True, validators=[validate_aliases])
    comedogenicity = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(5)],
        help_text="0 (does not clog) to 5 (very likely to clog). Leave empty when unrated.",
    )
    irritancy = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    marks = models.JSONField(default=list, blank=True, validators=[validate_marks])
    cas_number = models.CharField("CAS number", max_length=40, blank=True)
    functions = models.JSONField(
        default=list, blank=True, help_text="What it does in a formula, as the EU CosIng lists it."
    )
    source_note = models.CharField(
        "source",
        max_length=300,
        blank=True,
        help_text="Where the rating comes from, or that no published rating exists.",
    )
    description = models.CharField(max_length=300, blank=True, help_text="In our own words.")
    # With the row count, tells a server its indexed copy of the catalog is out of date.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["inci_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(comedogenicity__lte=5) | models.Q(comedogenicity__isnull=True),
                name="comedogenicity_0_to_5",
            )
        ]

    def __str__(self) -> str:
        return self.inci_name
