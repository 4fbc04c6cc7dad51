"""Demo payment configuration (fees, delivery zones) and demo orders. Idempotent.

``seed_payment_config`` is also used by the tests, so the fee table they check is the one the demo shows.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from checkout.config import checkout_config_changed
from checkout.models import PaymentMethodFee
from checkout.services import CheckoutDetails, order_place
from demo.seeding import catalogue_texts
from orders.methods import method_spec
from orders.models import Carrier, DeliveryOption, DeliveryZone, Order, OrderStatusChange, PaymentMethod
from orders.services import order_ship
from payments.services import bank_transfer_mark_received, order_mark_delivered
from policies.selectors import policy_current_version
from prices.models import CurrencyRate
from shop.models import Product
from shop.selectors import CartItem, CartSummary

# The settle time, refund route and time, and protection lines are left empty: the method registry's texts
# (orders/methods/) apply, in the shopper's language. A merchant may still type their own in the admin.
FEES = [
    dict(
        method=PaymentMethod.CARD,
        position=1,
        merchant_cost_fixed=25,
        merchant_cost_percent=Decimal("1.50"),
    ),
    dict(
        method=PaymentMethod.SEPA_DEBIT,
        position=2,
        merchant_cost_fixed=35,
        merchant_cost_percent=Decimal("0.80"),
    ),
    dict(
        method=PaymentMethod.BANK_TRANSFER,
        position=3,
        merchant_cost_fixed=0,
    ),
    dict(
        method=PaymentMethod.CASH_ON_DELIVERY,
        position=4,
        shopper_fee_fixed=250,
        merchant_cost_fixed=350,
    ),
]

# The bank methods (issue 16): the merchant's cost from the registry's typical figures; no surcharge except
# where the registry allows one (PayPal: none here either). Their texts come from the registry, translated.
FEES += [
    dict(
        method=code,
        position=position,
        merchant_cost_fixed=method_spec(code).typical_cost_fixed,
        merchant_cost_percent=method_spec(code).typical_cost_percent,
    )
    for position, code in enumerate(
        [PaymentMethod.IDEAL, PaymentMethod.BANCONTACT, PaymentMethod.P24, PaymentMethod.BLIK, PaymentMethod.PAYPAL],
        start=5,
    )
]

# Demo carriers' tracking pages: reserved .example hosts (nothing real to track), the shape a real one has.
TRACKING_URLS = {
    "Standard (PostNL)": "https://postnl.example/track?barcode={number}",
    "Standard (DHL)": "https://dhl.example/tracking/{number}",
    "Express (UPS)": "https://ups.example/track?tracknum={number}",
}

ZONES = [
    ("Netherlands", "NL", True, True, [("Standard (PostNL)", 495, 1, 2), ("Evening delivery", 795, 1, 1)]),
    ("EU", "PL,DE,FR,IE,BE,AT,ES,IT", True, False, [("Standard (DHL)", 895, 2, 5), ("Express (UPS)", 1795, 1, 2)]),
    ("United Kingdom", "GB", False, False, [("International tracked", 1495, 3, 7)]),
    ("Switzerland", "CH", False, False, [("International tracked", 1495, 3, 6)]),
    ("United States", "US", False, False, [("International tracked", 2495, 5, 10)]),
]

# Free delivery per zone (items total, cents); the shipping policy shows it from here, checkout applies it.
FREE_DELIVERY_FROM = {"Netherlands": 6000, "EU": 7500}

# Customs per non-EU zone: demo figures, the merchant edits them in the admin. GB and CH: duties and import
# VAT collected at checkout (DDP); US: the carrier collects on delivery (DAP), with our estimate shown.
CUSTOMS = {
    "United Kingdom": dict(
        customs_treatment="ddp",
        duty_percent=Decimal("4.00"),
        import_vat_percent=Decimal("20.00"),
        duty_de_minimis_amount=15000,
        vat_de_minimis_amount=0,
    ),
    "Switzerland": dict(
        customs_treatment="ddp",
        duty_percent=Decimal("2.50"),
        import_vat_percent=Decimal("8.10"),
        duty_de_minimis_amount=0,
        vat_de_minimis_amount=6200,
    ),
    "United States": dict(
        customs_treatment="dap",
        duty_percent=Decimal("10.00"),
        import_vat_percent=Decimal("0"),
        duty_de_minimis_amount=0,
        vat_de_minimis_amount=0,
    ),
}


@transaction.atomic
def seed_payment_config() -> None:
    seed_currency_rates()
    for row in FEES:
        fee, created = PaymentMethodFee.objects.get_or_create(method=row["method"], defaults=row)
        if created:
            fee.full_clean()
    # Older demo databases had one "United Kingdom and Switzerland" zone: it becomes the UK zone.
    if not DeliveryZone.objects.filter(name="United Kingdom").exists():
        DeliveryZone.objects.filter(name="United Kingdom and Switzerland").update(
            name="United Kingdom", countries="GB", **CUSTOMS["United Kingdom"]
        )
        checkout_config_changed()  # ``.update()`` sends no signal
    for name, countries, is_eu, cod, options in ZONES:
        zone, _created = DeliveryZone.objects.get_or_create(
            name=name,
            defaults={
                "countries": countries,
                "is_eu": is_eu,
                "cash_on_delivery": cod,
                "free_delivery_from_amount": FREE_DELIVERY_FROM.get(name),
                **CUSTOMS.get(name, {}),
            },
        )
        if not zone.name_pl and name in catalogue_texts.DELIVERY_ZONES:
            zone.name_pl, zone.name_nl = catalogue_texts.DELIVERY_ZONES[name]
            zone.save(update_fields=["name_pl", "name_nl"])
        for position, (option_name, price, min_days, max_days) in enumerate(options):
            option, _created = DeliveryOption.objects.get_or_create(
                zone=zone,
                name_en=option_name,
                defaults={
                    "price_amount": price,
                    "min_days": min_days,
                    "max_days": max_days,
                    "position": position,
                    "tracking_url_template": TRACKING_URLS.get(option_name, ""),
                    "name": option_name,
                },
            )
            if not option.name_pl and option_name in catalogue_texts.DELIVERY_OPTIONS:
                option.name_pl, option.name_nl = catalogue_texts.DELIVERY_OPTIONS[option_name]
                option.save(update_fields=["name_pl", "name_nl"])


# The currencies besides the base (EUR): złoty offered; pound and franc set up but not offered yet (the design
# takes them: the merchant ticks "offered"). Demo rates, stated with their date and source.
CURRENCY_RATES = [
    dict(
        currency="PLN",
        rate=Decimal("4.270000"),
        rounding="minor",
        source="Demo rate, rounded from the NBP table A mid rate",
        active=True,
        bank_account_name="Trustmark B.V. oddział w Polsce",
        bank_iban="PL61 1090 1014 0000 0712 1981 2874",
        bank_bic="WBKPPLPP",
    ),
    dict(currency="GBP", rate=Decimal("0.850000"), rounding="minor", source="Demo rate", active=False),
    dict(currency="CHF", rate=Decimal("0.940000"), rounding="minor", source="Demo rate", active=False),
]


def seed_currency_rates() -> None:
    for row in CURRENCY_RATES:
        CurrencyRate.objects.get_or_create(
            currency=row["currency"], defaults={**row, "rate_date": timezone.localdate()}
        )


def _backdate(order: Order, start: datetime.datetime) -> None:
    """Demo history: spread the order's recorded transitions between ``start`` and a day ago."""
    changes = list(order.status_changes.order_by("id"))
    span = (timezone.now() - datetime.timedelta(days=1)) - start
    step = min(datetime.timedelta(days=2), span / max(len(changes) - 1, 1))
    for index, change in enumerate(changes):
        OrderStatusChange.objects.filter(pk=change.pk).update(created_at=start + step * index)
    Order.objects.filter(pk=order.pk).update(placed_at=start)


@transaction.atomic
def seed_payments() -> None:
    """Config plus a few orders for the demo shopper, moved through the state machine (never by assignment)."""
    seed_payment_config()
    shopper = get_user_model().objects.filter(email="shopper@trustmark.example").first()
    if shopper is None or Order.objects.filter(user=shopper).exists():
        return
    products = list(Product.objects.filter(is_active=True, stock__gte=5).order_by("id")[:4])
    if not products:
        return
    option = DeliveryOption.objects.filter(zone__name="Netherlands").order_by("position").first()

    def place(index: int, product, method: str) -> Order:
        details = CheckoutDetails(
            email=shopper.email,
            full_name="Sam Shopper",
            address_line1="Prinsengracht 263",
            address_line2="",
            postal_code="1016 GV",
            city="Amsterdam",
            country="NL",
            phone="",
            delivery_option_id=option.pk,
            payment_method=method,
        )
        cart = CartSummary(cart=None, items=[CartItem(product=product, quantity=1)], currency="EUR")
        return order_place(
            cart=cart,
            details=details,
            checkout_token=f"demo-order-{index}",
            user=shopper,
            accepted_terms=policy_current_version(kind="terms"),
            accepted_returns_policy=policy_current_version(kind="returns"),
            client=None,  # seed data, not a shopper's request: no limits, no quote to compare
            quote_fingerprint=None,
        )

    now = timezone.now()
    # Two delivered orders in the past (paid by bank transfer, recorded by the merchant).
    dhl = Carrier.objects.filter(name="DHL").first()  # from orders/0007: the demo ships the way the ship form does
    for index, days_ago in ((1, 40), (2, 20)):
        order = place(index, products[(index - 1) % len(products)], PaymentMethod.BANK_TRANSFER)
        bank_transfer_mark_received(order=order, actor=None)
        order_ship(order=order, tracking_number=f"3SDEMO{index:04d}", actor=None, carrier=dhl)
        order_mark_delivered(order=order, actor=None)
        _backdate(order, now - datetime.timedelta(days=days_ago))
    # One shipped, one waiting for a bank transfer.
    order = place(3, products[2 % len(products)], PaymentMethod.BANK_TRANSFER)
    bank_transfer_mark_received(order=order, actor=None)
    order_ship(order=order, tracking_number="3SDEMO0003", actor=None, carrier=dhl)
    _backdate(order, now - datetime.timedelta(days=3))
    place(4, products[3 % len(products)], PaymentMethod.BANK_TRANSFER)
