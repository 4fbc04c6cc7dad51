"""In Debian's chromium: a Polish shopper searches in Polish, reads the returns policy in Polish, orders, and the
order page records the returns-policy version accepted and that it was read in Polish."""

from __future__ import annotations

import pytest

from demo.seeding.policies import seed_policies
from orders.models import Order
from policies.selectors import policy_current_version
from shop.factories import CategoryFactory, ProductFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def polish_shop(db):
    seed_policies()  # the demo's delivery options and fees, and every policy in English, Polish and Dutch
    kitchen = CategoryFactory(slug="kitchen", name="Kitchen", name_pl="Kuchnia", name_nl="Keuken")
    return ProductFactory(
        category=kitchen, sku="KIT-001", price_amount=5900, stock=5,
        name="Carbon steel frying pan 28 cm", name_pl="Patelnia ze stali węglowej 28 cm",
        description="Spun from one sheet of carbon steel.", description_pl="Wyoblana z jednego arkusza stali.",
    )  # fmt: skip


def test_polish_shopper_searches_reads_the_returns_policy_and_orders(live_server, browser, polish_shop):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        # Search in Polish, with the header's search box.
        page.goto(f"{live_server.url}/pl/")
        page.locator("#header-q").fill("patelnia")
        page.locator("#header-q").press("Enter")
        page.wait_for_url("**/pl/search/?q=patelnia")
        page.get_by_role("link", name="Patelnia ze stali węglowej 28 cm").click()
        page.get_by_role("button", name="Dodaj do koszyka").click()
        page.wait_for_url("**/pl/cart/")  # the form posts once its CSRF token is fetched: wait for the basket

        # The returns policy, in Polish: no "not yet available" note.
        page.goto(f"{live_server.url}/pl/policies/returns/")
        assert page.get_by_role("heading", name="Polityka zwrotów", level=1).is_visible()
        assert page.get_by_role("heading", name="Ustawowe prawo odstąpienia od umowy").is_visible()
        assert page.locator(".policy-body").get_attribute("lang") == "pl"
        assert page.locator(".policy-untranslated").count() == 0
        version = policy_current_version(kind="returns")

        # Checkout in Polish, paying by bank transfer.
        page.goto(f"{live_server.url}/pl/checkout/")
        page.wait_for_url("**/pl/checkout/address/")
        page.locator("input[name=email]").fill("anna@example.com")
        page.locator("input[name=full_name]").fill("Anna Kowalska")
        page.locator("input[name=address_line1]").fill("ul. Długa 5")
        page.locator("input[name=postal_code]").fill("00-238")
        page.locator("input[name=city]").fill("Warszawa")
        page.locator("select[name=country]").select_option("PL")
        page.get_by_role("button", name="Przejdź do dostawy").click()
        page.wait_for_url("**/pl/checkout/delivery/")
        assert page.get_by_text("Adres dostawy: Anna Kowalska").is_visible()
        page.locator("input[name=delivery_option]").first.check()
        page.get_by_role("button", name="Przejdź do metody płatności").click()
        page.wait_for_url("**/pl/checkout/payment-method/")
        page.locator("input[name=payment_method][value=bank_transfer]").check()
        page.get_by_role("button", name="Przejdź do podsumowania").click()
        page.wait_for_url("**/pl/checkout/review/")
        page.locator("#id_accept_terms").check()
        page.locator("#id_accept_returns").check()
        page.locator("#pay-form button[type=submit]").first.click()
        page.wait_for_url("**/pl/orders/**")

        # The order records the version accepted and the language it was read in, and its page says so.
        order = Order.objects.get(email="anna@example.com")
        assert order.accepted_returns_policy_id == version.pk
        assert order.accepted_returns_policy_language == "pl" and order.language == "pl"
        accepted = page.get_by_test_id("accepted-policies")
        assert accepted.get_by_role("heading", name="Zaakceptowane dokumenty").is_visible()
        row = accepted.locator("dd").nth(1)
        assert f"wersja {version.number}" in row.inner_text()
        assert "w języku: polski" in row.inner_text()
    finally:
        context.close()
