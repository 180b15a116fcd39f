from dataclasses import dataclass
from functools import reduce
from operator import and_

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from skintrack.guidance import selectors as guidance_selectors
from skintrack.guidance.models import RuleThresholds
from skintrack.http import render_form
from skintrack.routines.models import RoutineStep
from skintrack.shelf import inci
from skintrack.shelf.forms import CatalogSearchForm, ProductForm
from skintrack.shelf.models import CatalogProduct, Category, Mark, Product

CATALOG_PAGE_SIZE = 50


def shelf_groups(products) -> tuple[list[tuple[str, list[Product]]], list[Product]]:
    """Split a person's products into (category label, products) groups in the order of
    `Category`, and the archived ones."""
    by_category: dict[str, list[Product]] = {}
    archived = []
    for product in products:
        if product.archived:
            archived.append(product)
        else:
            by_category.setdefault(product.category, []).append(product)
    groups = [
        (label, by_category[value]) for value, label in Category.choices if value in by_category
    ]
    return groups, archived


MARK_READINGS = {
    "exfoliant": "a chemical exfoliant (it contains an AHA, BHA or PHA)",
    "scrub": "a physical scrub (it contains an abrasive ingredient)",
    "retinoid": "a retinoid",
    "corticosteroid": "a corticosteroid",
}


MARK_LABELS = dict(Mark.choices)


@dataclass(frozen=True)
class IngredientLine:
    """One ingredient of the list as the product page shows it."""

    item: inci.ParsedIngredient
    threshold: int

    @property
    def entry(self) -> inci.CatalogEntry | None:
        return self.item.entry

    @property
    def rated(self) -> bool:
        return self.entry is not None and self.entry.comedogenicity is not None

    @property
    def clogs(self) -> bool:
        return self.rated and self.entry.comedogenicity >= self.threshold

    @property
    def renamed(self) -> bool:
        """The list's wording differs from the catalog's INCI name (an alias, a translation)."""
        return self.entry is not None and inci.normalise(self.entry.inci_name) != inci.normalise(
            self.item.label
        )

    @property
    def mark_labels(self) -> list[str]:
        marks = sorted(self.entry.marks) if self.entry else []
        return [MARK_LABELS.get(mark, mark) for mark in marks]


@dataclass(frozen=True)
class ProductAnalysis:
    ingredients: list[inci.ParsedIngredient]
    derived: inci.Verdict
    comedogenic: bool  # what the rules use: the person's explicit flag wins
    comedogenic_reason: str
    readings: list[str]  # what the ingredient marks make of the product
    disagreement: str = ""  # the person's flag and the catalog clearly disagree
    threshold: int = 3

    @property
    def lines(self) -> list[IngredientLine]:
        return [IngredientLine(item, self.threshold) for item in self.ingredients]

    @property
    def unknown_count(self) -> int:
        return sum(1 for item in self.ingredients if item.entry is None)

    @property
    def rated_count(self) -> int:
        return sum(1 for line in self.lines if line.rated)

    @property
    def deciding(self) -> inci.ParsedIngredient | None:
        """The ingredient that makes the derived flag "likely to clog": the highest rated."""
        flagged = self.derived.flagged
        return max(flagged, key=lambda p: p.entry.comedogenicity) if flagged else None


def analyse_product(product: Product) -> ProductAnalysis:
    """Read the product's ingredient list against the catalog, as the rules will."""
    catalog = guidance_selectors.ingredient_catalog()
    threshold = RuleThresholds.current().comedogenic_rating
    parsed = inci.analyse(product.ingredients, catalog)
    facts = guidance_selectors.product_facts(product, catalog)
    comedogenic, reason = facts.comedogenic_verdict(threshold)
    marks = inci.derived_marks(parsed)
    return ProductAnalysis(
        ingredients=parsed,
        derived=inci.comedogenic_verdict(parsed, threshold),
        comedogenic=comedogenic,
        comedogenic_reason=reason,
        disagreement=facts.flag_disagreement,
        readings=[text for mark, text in MARK_READINGS.items() if mark in marks],
        threshold=threshold,
    )


def routines_using(product: Product) -> list[str]:
    """Names of the person's live routines with a current step that uses `product`."""
    steps = RoutineStep.objects.filter(
        product=product, archived=False, routine__archived=False
    ).select_related("routine")
    return sorted({str(step.routine) for step in steps})


def and_join(words: list[str]) -> str:
    return " and ".join(filter(None, [", ".join(words[:-1]), words[-1]]))


@login_required
@require_safe
def shelf(request):
    products = Product.objects.owned_by(request.user).order_by("archived", "category", "name")
    groups, archived = shelf_groups(products)
    return render(request, "shelf/list.html", {"groups": groups, "archived": archived})


@login_required
@require_http_methods(["GET", "POST"])
def product_new(request):
    form = ProductForm(request.POST or None)
    if form.is_valid():
        product = form.save(commit=False)
        product.owner = request.user
        product.save()
        messages.success(request, f"Added {product} to your shelf.")
        return redirect("shelf:detail", product_id=product.pk)
    return render_form(request, "shelf/form.html", {"form": form})


@login_required
@require_safe
def product_detail(request, product_id: int):
    product = get_object_or_404(
        Product.objects.select_related("copied_from"), pk=product_id, owner=request.user
    )
    steps = (
        RoutineStep.objects.filter(product=product, archived=False)
        .select_related("routine")
        .order_by("routine__archived", "routine__period", "routine__name", "position")
    )
    return render(
        request,
        "shelf/detail.html",
        {"product": product, "steps": steps, "analysis": analyse_product(product)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request, product_id: int):
    product = get_object_or_404(Product, pk=product_id, owner=request.user)
    form = ProductForm(request.POST or None, instance=product)
    if form.is_valid():
        form.save()
        messages.success(request, f"Saved {product}.")
        return redirect("shelf:detail", product_id=product.pk)
    return render_form(request, "shelf/form.html", {"form": form, "product": product})


@login_required
@require_POST
def product_archive(request, product_id: int):
    product = get_object_or_404(Product, pk=product_id, owner=request.user)
    product.archived = not product.archived
    product.save(update_fields=["archived"])
    if not product.archived:
        messages.success(request, f"{product} is back on your shelf.")
    elif names := routines_using(product):
        messages.warning(
            request,
            f"Archived {product}. It is still a step in {and_join(names)}: "
            "remove it there if you no longer use it.",
        )
    else:
        messages.success(request, f"Archived {product}.")
    return redirect("shelf:detail", product_id=product.pk)


@login_required
@require_safe
def catalog(request):
    search = CatalogSearchForm(request.GET)
    products = CatalogProduct.objects.filter(published=True)
    if words := search.words():
        products = products.filter(
            reduce(and_, (Q(name__icontains=w) | Q(brand__icontains=w) for w in words))
        )
    page = Paginator(products, CATALOG_PAGE_SIZE).get_page(request.GET.get("page"))
    on_shelf = set(
        Product.objects.owned_by(request.user)
        .filter(copied_from__in=[p.pk for p in page])
        .values_list("copied_from", flat=True)
    )
    return render(
        request,
        "shelf/catalog.html",
        {"search": search, "page": page, "on_shelf": on_shelf, "query": search.data.get("q", "")},
    )


@login_required
@require_POST
def catalog_add(request, catalog_id: int):
    catalog_product = get_object_or_404(CatalogProduct, pk=catalog_id, published=True)
    product = Product.copy_from_catalog(catalog_product, request.user)
    messages.success(
        request, f"Added {product} to your shelf. Check the details match your bottle."
    )
    return redirect("shelf:detail", product_id=product.pk)
