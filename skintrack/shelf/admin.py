from django.contrib import admin

from skintrack.shelf import catalog_load
from skintrack.shelf.forms import CatalogProductAdminForm, ProductAdminForm
from skintrack.shelf.models import CatalogProduct, Ingredient, Product


@admin.register(CatalogProduct)
class CatalogProductAdmin(admin.ModelAdmin):
    form = CatalogProductAdminForm
    list_display = (
        "name",
        "brand",
        "category",
        "texture",
        "comedogenic",
        "spf",
        "broad_spectrum",
        "period_after_opening",
        "published",
    )
    list_filter = ("category", "texture", "comedogenic", "published")
    search_fields = ("name", "brand", "ingredients")
    list_editable = ("published",)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = ProductAdminForm
    list_display = ("name", "brand", "owner", "category", "archived")
    list_filter = ("category", "texture", "comedogenic", "archived")
    search_fields = ("name", "brand", "owner__username")
    list_select_related = ("owner",)
    raw_id_fields = ("owner", "copied_from")
    readonly_fields = ("created_at",)


@admin.register(Ingredient)
class IngredientAdmin(admin.ModelAdmin):
    list_display = (
        "inci_name",
        "comedogenicity",
        "irritancy",
        "mark_list",
        "alias_list",
        "cas_number",
    )
    list_filter = ("comedogenicity", "irritancy")
    search_fields = ("inci_name", "aliases", "cas_number", "source_note", "description")
    fields = ("inci_name", *catalog_load.FIELDS)  # what the catalog file sets, in its order

    @admin.display(description="marks")
    def mark_list(self, ingredient):
        return ", ".join(ingredient.marks) or "—"

    @admin.display(description="aliases")
    def alias_list(self, ingredient):
        return ", ".join(ingredient.aliases) or "—"
