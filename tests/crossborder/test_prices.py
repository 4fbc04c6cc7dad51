"""The EU Omnibus prior price: lowest price in the 30 days before the reduction began, else no sale shown."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.money import Money
from prices.models import PriceChange
from prices.selectors import prior_price_omnibus
from prices.services import product_price_set
from shop.factories import ProductFactory

NOW = timezone.now()


def days_ago(n: float) -> datetime.datetime:
    return NOW - datetime.timedelta(days=n)


def history(product, *steps: tuple[float, int]) -> None:
    for ago, amount in steps:
        product_price_set(product=product, price=Money(amount, "EUR"), actor=None, at=days_ago(ago))
    product.refresh_from_db()


@pytest.fixture
def product(db):
    return ProductFactory(name="Kettle", price_amount=5000)


def test_genuine_reduction_shows_the_prior_price_and_percentage(product, client):
    history(product, (60, 5000), (5, 3999))
    prior = prior_price_omnibus(product=product, now=NOW)
    assert prior.prior == Money(5000, "EUR") and prior.current == Money(3999, "EUR")
    assert prior.percent == 20  # 20.02 % rounded down: never overstated
    page = client.get(product.get_absolute_url()).content.decode()
    assert "−20%" in page and "Lowest price in the 30 days before this reduction: €50.00" in page


def test_lowest_price_in_the_30_days_is_the_reference_not_the_last_one(product):
    history(product, (60, 5000), (20, 4500), (12, 5000), (3, 4000))
    prior = prior_price_omnibus(product=product, now=NOW)
    assert prior.prior == Money(4500, "EUR")
    assert prior.percent == 11  # (45.00 - 40.00) / 45.00 = 11.1 %


def test_price_raised_then_discounted_is_not_a_sale(product, client):
    history(product, (60, 5000), (10, 6500), (2, 5500))
    assert prior_price_omnibus(product=product, now=NOW) is None
    page = client.get(product.get_absolute_url()).content.decode()
    assert "Lowest price in the 30 days" not in page and "−" not in page.split("product-info", 1)[1][:600]


def test_history_not_covering_30_days_cannot_be_shown_honestly(product):
    history(product, (20, 5000), (2, 3000))
    assert prior_price_omnibus(product=product, now=NOW) is None


def test_prices_older_than_the_window_do_not_count(product):
    # 80.00 ended 40 days before the reduction: outside the window. The prior price is 50.00.
    history(product, (90, 8000), (45, 5000), (5, 4500))
    assert prior_price_omnibus(product=product, now=NOW).prior == Money(5000, "EUR")


def test_window_is_counted_from_the_start_of_the_reduction_not_today(product):
    history(product, (70, 5000), (40, 4000))  # reduced 40 days ago; before that, 50.00 for 30 days
    prior = prior_price_omnibus(product=product, now=NOW)
    assert prior.prior == Money(5000, "EUR") and prior.percent == 20


def test_product_without_history_or_out_of_sync_is_no_sale(product):
    assert prior_price_omnibus(product=product, now=NOW) is None
    history(product, (60, 5000), (5, 4000))
    type(product).objects.filter(pk=product.pk).update(price_amount=3000)  # changed outside the service
    product.refresh_from_db()
    assert prior_price_omnibus(product=product, now=NOW) is None


def test_history_is_append_only(product):
    history(product, (60, 5000))
    row = PriceChange.objects.get(product=product)
    row.amount = 1
    with pytest.raises(ValueError):
        row.save()
    with pytest.raises(ValueError):
        row.delete()
    assert product_price_set(product=product, price=Money(5000, "EUR"), actor=None) is None  # unchanged: no row
    assert PriceChange.objects.filter(product=product).count() == 1


def test_admin_price_edit_goes_through_the_history(merchant_client, product):
    from shop.forms import ProductAdminForm

    form = ProductAdminForm(instance=product)
    data = {name: form.initial.get(name, "") for name in form.fields}
    # The texts are edited per language (docs/languages.md): English is required.
    texts = ("name", "description", "authenticity_statement")
    data.update({f"{name}_en": getattr(product, f"{name}_en") for name in texts})
    data.update(price="45.00", category=product.category_id, currency="EUR", is_active="on")
    data = {key: value for key, value in data.items() if value not in (None, False)}
    data.update({"images-TOTAL_FORMS": "0", "images-INITIAL_FORMS": "0"})
    response = merchant_client.post(f"/admin/shop/product/{product.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    product.refresh_from_db()
    assert product.price_amount == 4500
    change = PriceChange.objects.get(product=product)
    assert change.amount == 4500 and change.created_by.username == "merchant-pay"


def test_demo_price_histories_three_real_sales_one_fake_and_idempotent(db):
    from demo.seeding.prices import seed_prices
    from demo.seeding.shop import seed_catalogue
    from shop.models import Product

    seed_catalogue()
    seed_prices()
    count = PriceChange.objects.count()
    seed_prices()
    assert PriceChange.objects.count() == count
    on_sale = [p for p in Product.objects.all() if prior_price_omnibus(product=p)]
    assert len(on_sale) == 3
    raised = [p for p in Product.objects.all() if p.price_changes.count() == 3]
    assert len(raised) == 1 and prior_price_omnibus(product=raised[0]) is None
