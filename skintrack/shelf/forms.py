import datetime as dt

from django import forms

from skintrack.shelf.models import Active, CatalogProduct, Category, PatchTest, Product

# SPF and broad-spectrum make no sense on a product that is rinsed off (cleansers, removers,
# scrubs, exfoliants) or on an evening/prescription active (retinoid, medication). Everything
# else may carry sun protection: sunscreen of course, and moisturizers, makeup, eye creams,
# serums and "other" (a lip balm) often do. Only a *sunscreen* marked broad-spectrum counts
# as sun protection for the guidance rules; the help text says so.
NO_SUN_PROTECTION = frozenset(
    {
        Category.CLEANSER,
        Category.MAKEUP_REMOVER,
        Category.CHEMICAL_EXFOLIANT,
        Category.PHYSICAL_SCRUB,
        Category.RETINOID,
        Category.MEDICATION,
    }
)

NOTES_MAX_LENGTH = Product._meta.get_field("notes").max_length
INGREDIENTS_MAX_LENGTH = Product._meta.get_field("ingredients").max_length


class ActivesField(forms.MultipleChoiceField):
    """The JSON list of actives, edited as one checkbox per active."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", Active.choices)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Actives")
        kwargs.setdefault("help_text", "Tick what the pack lists; leave all empty if none.")
        super().__init__(**kwargs)

    def clean(self, value) -> list[str]:
        chosen = set(super().clean(value))
        return [active for active in Active.values if active in chosen]  # a stable order


class ProductForm(forms.ModelForm):
    actives = ActivesField()
    spf = forms.IntegerField(
        label="SPF",
        required=False,
        min_value=1,
        max_value=100,
        help_text=(
            "Only for products with sun protection. Your daily sunscreen is a product in "
            "the Sunscreen category marked broad-spectrum."
        ),
        error_messages={
            "min_value": "SPF is a number from 1 to 100.",
            "max_value": "SPF is a number from 1 to 100.",
            "invalid": "SPF is a number from 1 to 100.",
        },
    )

    period_after_opening = forms.IntegerField(
        label="Months once opened",
        required=False,
        min_value=1,
        max_value=60,
        help_text="The number on the open-jar symbol on the pack (12M is 12).",
        error_messages={
            "min_value": "Months once opened is a number from 1 to 60.",
            "max_value": "Months once opened is a number from 1 to 60.",
            "invalid": "Months once opened is a number from 1 to 60.",
        },
    )

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["opened_on"].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        self.fields["opened_on"].error_messages["invalid"] = "Enter a date, e.g. 2026-11-30."
        if today:
            self.fields["opened_on"].widget.attrs["max"] = today.isoformat()

    def save(self, commit=True):
        if "comedogenic" in self.changed_data:
            self.instance.comedogenic_from_catalog = False  # the person's own choice now
        return super().save(commit)

    def clean_opened_on(self):
        opened_on = self.cleaned_data.get("opened_on")
        if opened_on and self.today and opened_on > self.today:
            raise forms.ValidationError("You can’t have opened it later than today.")
        if opened_on and opened_on.year < 1990:
            raise forms.ValidationError("That date is too long ago; check the year.")
        return opened_on

    class Meta:
        model = Product
        fields = (*Product.FACT_FIELDS, "opened_on", "period_after_opening", "notes")
        labels = {"comedogenic": "Can it clog pores (comedogenic)?"}
        help_texts = {
            "texture": "Rich creams, balms, ointments and oils count as heavy.",
            "notes": "Anything worth remembering: where you bought it, how your skin took it.",
        }
        widgets = {
            "comedogenic": forms.RadioSelect,
            "ingredients": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "name": {"required": "Give the product a name, as on the pack."},
            "category": {"required": "Pick the category that fits best."},
            "ingredients": {
                "max_length": (
                    "The ingredient list can be at most %(limit_value)s characters long "
                    "(this one has %(show_value)s). Paste only the INCI list."
                )
            },
            "notes": {
                "max_length": (
                    "Notes can be at most %(limit_value)s characters long "
                    "(these have %(show_value)s)."
                )
            },
        }

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        if category in NO_SUN_PROTECTION:
            label = Category(category).label.lower()
            if cleaned.get("spf") is not None:
                self.add_error(
                    "spf", f"SPF doesn’t apply to a {label}. Leave it empty or change the category."
                )
            if cleaned.get("broad_spectrum"):
                self.add_error(
                    "broad_spectrum",
                    f"Broad-spectrum doesn’t apply to a {label}. Untick it or change the category.",
                )
        return cleaned


class PatchTestForm(forms.ModelForm):
    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["tested_on"].widget = forms.DateInput(
            attrs={"type": "date", "max": today.isoformat()}, format="%Y-%m-%d"
        )
        self.fields["tested_on"].error_messages["invalid"] = "Enter a date, e.g. 2026-11-30."
        self.fields["notes"].widget = forms.Textarea(attrs={"rows": 2})

    class Meta:
        model = PatchTest
        fields = ("tested_on", "area", "result", "notes")
        error_messages = {
            "tested_on": {"required": "Give the day you tried it."},
            "area": {"required": "Say where on your skin you tried it."},
            "notes": {
                "max_length": (
                    "Notes can be at most %(limit_value)s characters long "
                    "(these have %(show_value)s)."
                )
            },
        }

    def clean_tested_on(self):
        tested_on = self.cleaned_data["tested_on"]
        if tested_on > self.today:
            raise forms.ValidationError("A patch test can’t be later than today.")
        if tested_on.year < 1990:
            raise forms.ValidationError("That date is too long ago; check the year.")
        return tested_on


class CatalogSearchForm(forms.Form):
    q = forms.CharField(label="Search the catalog", required=False, max_length=100, strip=True)

    def words(self) -> list[str]:
        if not self.is_valid():
            return []
        return self.cleaned_data["q"].split()[:5]


class CatalogProductAdminForm(forms.ModelForm):
    actives = ActivesField()

    class Meta:
        model = CatalogProduct
        fields = (*CatalogProduct.FACT_FIELDS, "period_after_opening", "published")


class ProductAdminForm(forms.ModelForm):
    actives = ActivesField()

    class Meta:
        model = Product
        fields = (
            "owner",
            *Product.FACT_FIELDS,
            "opened_on",
            "period_after_opening",
            "notes",
            "archived",
            "copied_from",
        )
