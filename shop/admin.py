"""Catalogue admin: categories, products and their images."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.formatting import format_money
from core.translations import TranslatedAdmin
from shop.forms import ProductAdminForm
from shop.models import Category, Product, ProductImage


@admin.register(Category)
class CategoryAdmin(TranslatedAdmin):
    list_display = ["name", "parent", "position", "slug"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            # Two levels only: a parent must itself be top-level (Category.clean() enforces the rest).
            kwargs["queryset"] = Category.objects.filter(parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 1
    fields = ["image", "preview", "alt_text", "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("preview"))
    def preview(self, obj: ProductImage) -> str:
        if not obj.pk or not obj.image:
            return "-"
        return format_html('<img src="{}" width="80" alt="">', obj.image.url)


@admin.register(Product)
class ProductAdmin(TranslatedAdmin):
    form = ProductAdminForm
    inlines = [ProductImageInline]
    list_display = ["name", "sku", "category", "price_display", "stock", "is_active", "is_featured"]
    list_filter = ["is_active", "is_featured", "category__parent", "category", "brand", "country_of_origin"]
    list_select_related = ["category__parent"]
    search_fields = ["name", "sku", "brand"]
    prepopulated_fields = {"slug": ["name"]}
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["name", "slug", "sku", "category", "brand", "description"]}),
        (_("Price and stock"), {"fields": ["price", "currency", "stock", "is_active", "is_featured"]}),
        (_("Facts shown to shoppers"), {
            "fields": ["weight_grams", "country_of_origin", "warranty_months", "authenticity_statement"]
        }),
    ]

    @admin.display(description=_("price"), ordering="price_amount")
    def price_display(self, obj: Product) -> str:
        return format_money(obj.price)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "category":
            kwargs["queryset"] = Category.objects.select_related("parent")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

