"""Catalogue admin: price typed in euros and stored exactly in cents; categories limited to two levels."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from accounts.factories import UserFactory
from shop.admin import CategoryAdmin, ProductAdmin
from shop.factories import CategoryFactory, ProductFactory
from shop.forms import ProductAdminForm
from shop.models import Category, Product

pytestmark = pytest.mark.django_db


def form_data(category, **overrides) -> dict:
    data = {
        "category": category.pk, "name": "Moka pot", "slug": "moka-pot", "sku": "CT-003", "brand": "Marrone",
        "description": "Eight-sided aluminium pot.", "price": "39.90", "currency": "EUR", "stock": "5",
        "weight_grams": "690", "country_of_origin": "IT", "warranty_months": "24",
        "authenticity_statement": "From the maker.", "is_active": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("typed, cents", [
    ("39.90", 3990), ("19.99", 1999), ("7", 700), ("0.5", 50), ("19,99", 1999), ("€ 1.234,50", 123450),
])
def test_price_in_major_units_is_stored_exactly_in_minor_units(typed, cents):
    form = ProductAdminForm(data=form_data(CategoryFactory(), price=typed))
    assert form.is_valid(), form.errors
    product = form.save()
    assert Product.objects.get(pk=product.pk).price_amount == cents


@pytest.mark.parametrize(
    "typed, error",
    [
        ("19.999", "Enter an amount like 256.00 or 256,00"),
        ("abc", "Enter an amount like 256.00 or 256,00"),
        ("-1", "Enter an amount of 0 or more"),
        ("1000000.01", "below one million"),
        ("", "This field is required"),
    ],
)
def test_bad_prices_are_refused_and_nothing_is_saved(typed, error):
    form = ProductAdminForm(data=form_data(CategoryFactory(), price=typed))
    assert not form.is_valid()
    assert error in " ".join(form.errors["price"])
    assert Product.objects.count() == 0


def test_editing_shows_the_current_price_in_euros():
    product = ProductFactory(price_amount=12345)
    form = ProductAdminForm(instance=product)
    assert form["price"].value() == "123.45"


def test_category_parent_choices_are_top_level_only():
    top = CategoryFactory(name="Kitchen", slug="kitchen")
    sub = CategoryFactory(name="Cookware", slug="cookware", parent=top)
    model_admin = CategoryAdmin(Category, admin.site)
    request = RequestFactory().get("/admin/shop/category/add/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    field = model_admin.formfield_for_foreignkey(Category._meta.get_field("parent"), request)
    assert list(field.queryset) == [top]
    assert sub not in field.queryset


def test_product_admin_searches_name_and_sku_and_filters():
    model_admin = ProductAdmin(Product, admin.site)
    assert {"name", "sku"} <= set(model_admin.search_fields)
    assert "is_active" in model_admin.list_filter and "category" in model_admin.list_filter
    assert model_admin.inlines and model_admin.inlines[0].model.__name__ == "ProductImage"
