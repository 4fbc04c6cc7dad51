"""The country picker works without JavaScript, and every page shows the window from the same function."""

from __future__ import annotations

from orders.models import DeliveryOption
from shop.models import Cart


def test_ship_to_picker_is_remembered_and_ignores_unknown_countries(product, client):
    url = product.get_absolute_url()
    default = client.get(url).content.decode()
    assert 'value="NL" selected' in default and "none inside the EU" in default
    swiss = client.get(url, {"ship_to": "ch"}).content.decode()
    assert 'value="CH" selected' in swiss and "Delivered to Switzerland" in swiss
    assert "collected now, nothing to pay on delivery" in swiss
    assert client.session["ship_to"] == "CH"
    unknown = client.get(url, {"ship_to": "XX<script>"}).content.decode()
    assert 'value="CH" selected' in unknown and "XX&lt;script" not in unknown
    us = client.get(url, {"ship_to": "US"}).content.decode()
    assert "paid to the carrier on delivery, estimated €2.50" in us  # 10 % of 25.00


def test_cart_shows_the_delivered_price_and_checkout_defaults_to_the_country(product, client):
    client.post(f"/cart/add/{product.pk}/", {"quantity": "2"})
    cart = client.get("/cart/", {"ship_to": "GB"}).content.decode()
    # 50.00 goods + 14.95: no duty under 150.00; import VAT 20 % of 64.95 = 12.99 -> 77.94
    assert "€12.99" in cart and "€77.94" in cart
    address = client.get("/checkout/address/").content.decode()
    assert '<option value="GB" selected>' in address
    assert Cart.objects.count() == 1


def test_product_page_window_matches_the_delivery_estimate_function(product, client):
    from django.utils import timezone
    from django.utils.dateformat import format as date_format

    from orders.delivery_dates import delivery_estimate

    option = DeliveryOption.objects.get(zone__name="Switzerland")
    start, end = delivery_estimate(option=option, now=timezone.now())
    page = client.get(product.get_absolute_url(), {"ship_to": "CH"}).content.decode()
    assert f'<time datetime="{start:%Y-%m-%d}">{date_format(start, "D j M")}</time>' in page
    assert f'<time datetime="{end:%Y-%m-%d}">{date_format(end, "D j M")}</time>' in page
