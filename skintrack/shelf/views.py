from dataclasses import dataclass
from functools import reduce
from operator import and_

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from skintrack.guidance import selectors as guidance_selectors
from skintrack.guidance.models import RuleThresholds
from skintrack.http import render_form
from skintrack.routines.models import RoutineStep
from skintrack.shelf import inci, lifetimes
from skintrack.shelf.forms import CatalogSearchForm, PatchTestForm, ProductForm
from skintrack.shelf.models import CatalogProduct, Category, Mark, PatchTest, Product

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


def mark_clogging(products) -> None:
    """Set `may_clog` on each product (or catalog product): what the rules decide, the
    explicit flag first, else the ingredient list read against the catalog. Two queries
    (the ingredient catalog and the thresholds) however many products."""
    catalog = guidance_selectors.ingredient_catalog()
    threshold = RuleThresholds.current().comedogenic_rating
    for product in products:
        facts = guidance_selectors.product_facts(product, catalog)
        product.may_clog = facts.comedogenic_verdict(threshold)[0]


@login_required
@require_safe
def shelf(request):
    today = request.user.local_today()
    products = list(Product.objects.owned_by(request.user).order_by("archived", "category", "name"))
    mark_clogging(products)
    for product in products:
        product.lifetime = lifetimes.lifetime(product, today)
    groups, archived = shelf_groups(products)
    expired = [p for p in products if not p.archived and p.lifetime and p.lifetime.past]
    return render(
        request,
        "shelf/list.html",
        {"groups": groups, "archived": archived, "expired_count": len(expired)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_new(request):
    form = ProductForm(request.POST or None, today=request.user.local_today())
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
    return render(request, "shelf/detail.html", detail_context(request, product))


def detail_context(request, product: Product, **forms) -> dict:
    today = request.user.local_today()
    steps = (
        RoutineStep.objects.filter(product=product, archived=False)
        .select_related("routine")
        .order_by("routine__archived", "routine__period", "routine__name", "position")
    )
    from_catalog = product.copied_from
    return {
        "product": product,
        "steps": steps,
        "analysis": analyse_product(product),
        "lifetime": lifetimes.lifetime(product, today),
        "patch_tests": product.patch_tests.all(),
        "patch_test_form": forms.get("patch_test_form")
        or PatchTestForm(today=today, initial={"tested_on": today}),
        "flag_from_catalog": product.comedogenic_from_catalog,
        "ingredients_from_catalog": bool(
            from_catalog and from_catalog.ingredients == product.ingredients
        ),
    }


@login_required
@require_POST
def patch_test_new(request, product_id: int):
    product = get_object_or_404(
        Product.objects.select_related("copied_from"), pk=product_id, owner=request.user
    )
    form = PatchTestForm(request.POST, today=request.user.local_today())
    if form.is_valid():
        patch_test = form.save(commit=False)
        patch_test.product = product
        patch_test.save()
        messages.success(request, "Patch test noted.")
        return redirect(reverse("shelf:detail", kwargs={"product_id": product.pk}) + "#patch-tests")
    context = detail_context(request, product, patch_test_form=form)
    return render(request, "shelf/detail.html", context, status=400)


@login_required
@require_POST
def patch_test_delete(request, product_id: int, patch_test_id: int):
    patch_test = get_object_or_404(
        PatchTest, pk=patch_test_id, product_id=product_id, product__owner=request.user
    )
    patch_test.delete()
    messages.success(request, "Patch test removed.")
    return redirect(reverse("shelf:detail", kwargs={"product_id": product_id}) + "#patch-tests")


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request, product_id: int):
    product = get_object_or_404(Product, pk=product_id, owner=request.user)
    form = ProductForm(request.POST or None, instance=product, today=request.user.local_today())
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
    mark_clogging(page.object_list)
    # The person's copy of each catalog product on this page (the newest, in use first).
    copies = (
        Product.objects.owned_by(request.user)
        .filter(copied_from__in=[p.pk for p in page])
        .order_by("-archived", "created_at", "pk")
        .only("pk", "copied_from", "archived")
    )
    on_shelf = {copy.copied_from_id: copy for copy in copies}
    for product in page:
        product.copy = on_shelf.get(product.pk)
    return render(
        request,
        "shelf/catalog.html",
        {"search": search, "page": page, "query": search.data.get("q", "")},
    )


def catalog_url(request, catalog_id: int) -> str:
    """Back to the catalog page the person added from, at the product's row."""
    query = {k: v for k in ("q", "page") if (v := request.POST.get(k, "").strip()[:100])}
    return (
        reverse("shelf:catalog")
        + (f"?{urlencode(query)}" if query else "")
        + f"#catalog-{catalog_id}"
    )


@login_required
@require_POST
def catalog_add(request, catalog_id: int):
    catalog_product = get_object_or_404(CatalogProduct, pk=catalog_id, published=True)
    existing = Product.objects.owned_by(request.user).filter(copied_from=catalog_product).first()
    if existing is not None:
        # A second tap, or a stale page: no duplicate.
        where = "in your archive" if existing.archived else "on your shelf"
        messages.info(request, f"{existing} is already {where}.")
        return redirect(catalog_url(request, catalog_id))
    product = Product.copy_from_catalog(catalog_product, request.user)
    messages.success(
        request,
        f"Added {product} to your shelf. Open it there to check the details match your "
        "pack and to note when you opened it.",
    )
    return redirect(catalog_url(request, catalog_id))
