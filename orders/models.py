"""Orders: what was bought, where it goes, its timeline, and the shipping zones and options it was sent by."""

from __future__ import annotations

import datetime
import secrets
import zoneinfo
from decimal import Decimal
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.money import Money
from core.validators import validate_single_line
from orders.causes import cause_text
from orders.methods import REGISTRY, Flow, methods_with
from orders.states import FulfilmentStatus, OrderStatus, PaymentStatus
from policies.models import PolicyVersion
from shop.models import CURRENCY_CHOICES, Product

TRACKING_NUMBER_PLACEHOLDER = "{number}"  # in DeliveryOption.tracking_url_template

# Crockford-style alphabet without look-alikes (0/O, 1/I/L): numbers are read out over the phone.
ORDER_NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_order_number() -> str:
    """Unguessable: 10 random symbols from 31 give ~49 bits of entropy."""
    return "TM-" + "".join(secrets.choice(ORDER_NUMBER_ALPHABET) for _ in range(10))


def new_link_secret() -> str:
    """The per-order secret behind its signed links (orders/access.py): 256 random bits."""
    return secrets.token_urlsafe(32)


class PaymentMethod(models.TextChoices):
    """The methods of the registry (``orders.methods``: one module each, with its rules)."""

    CARD = "card", _("Card")
    IDEAL = "ideal", "iDEAL"
    BANCONTACT = "bancontact", "Bancontact"
    P24 = "p24", "Przelewy24"
    BLIK = "blik", "BLIK"
    PAYPAL = "paypal", "PayPal"
    SEPA_DEBIT = "sepa_debit", _("SEPA Direct Debit")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    CASH_ON_DELIVERY = "cash_on_delivery", _("Cash on delivery")


# Derived from the registry (orders/methods/): paid through Stripe (PaymentIntents); the others are recorded by
# the merchant.
STRIPE_METHODS = methods_with(gateway="stripe")
# Paid outside any gateway: the merchant records the money (bank transfer) or the courier collects it.
OFFLINE_METHODS = methods_with(gateway="offline")
# The money arrives days after the order is placed, or never: such orders hold stock unpaid, so a shopper may
# only have a few of them open at a time (``settings.UNPAID_ORDERS_MAX_*``).
DELAYED_PAYMENT_METHODS = frozenset(code for code, spec in REGISTRY.items() if spec.delayed)
# Methods the merchant may not surcharge (each method's ``surcharge_law`` says why).
NO_SURCHARGE_METHODS = frozenset(code for code, spec in REGISTRY.items() if not spec.surcharge_allowed)
# Paid at the bank's (or PayPal's) page, or approved in the bank app: the shopper may leave half-way.
BANK_FLOW_METHODS = methods_with(flow=Flow.REDIRECT) | methods_with(flow=Flow.CODE_APP)


PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Order(models.Model):
    number = models.CharField(_("order number"), max_length=20, unique=True, default=new_order_number, editable=False)
    # Set from the checkout form's one-time token: a double-submitted checkout returns the first order.
    checkout_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="orders", on_delete=models.SET_NULL
    )
    email = models.EmailField(_("email"), validators=[validate_single_line])
    language = models.CharField(max_length=8, default="en")
    status = models.CharField(
        _("status"), max_length=32, choices=OrderStatus.choices, default=OrderStatus.PLACED, editable=False
    )
    # Derived from the payment attempts and refunds (``payments.services.order_payment_status_refresh``).
    payment_status = models.CharField(
        _("payment status"),
        max_length=32,
        choices=PaymentStatus.choices,
        default=PaymentStatus.UNPAID,
        editable=False,
    )
    fulfilment_status = models.CharField(
        _("fulfilment status"),
        max_length=16,
        choices=FulfilmentStatus.choices,
        default=FulfilmentStatus.UNFULFILLED,
        editable=False,
    )
    # When the ship and deliver events happened: the page shows the carrier window fixed at shipping, then the
    # delivery date.
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True, editable=False)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True, editable=False)

    # Delivery address.
    full_name = models.CharField(_("full name"), max_length=200, validators=[validate_single_line])
    address_line1 = models.CharField(_("address"), max_length=200, validators=[validate_single_line])
    address_line2 = models.CharField(_("address line 2"), max_length=200, blank=True, validators=[validate_single_line])
    postal_code = models.CharField(_("postal code"), max_length=20, validators=[validate_single_line])
    city = models.CharField(_("city"), max_length=100, validators=[validate_single_line])
    country = models.CharField(_("country"), max_length=2)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_single_line])

    payment_method = models.CharField(_("payment method"), max_length=32, choices=PaymentMethod.choices)
    delivery_option = models.ForeignKey(
        "DeliveryOption", null=True, blank=True, related_name="orders", on_delete=models.SET_NULL
    )
    delivery_option_name = models.CharField(_("delivery option"), max_length=120, blank=True)
    delivery_min_days = models.PositiveSmallIntegerField(default=0)
    delivery_max_days = models.PositiveSmallIntegerField(default=0)
    tracking_number = models.CharField(
        _("tracking number"), max_length=80, blank=True, validators=[validate_single_line]
    )
    # Chosen when the parcel is shipped; its tracking link wins over the delivery option's.
    carrier = models.ForeignKey(
        "Carrier", null=True, blank=True, related_name="orders", on_delete=models.PROTECT, verbose_name=_("carrier")
    )
    # The delivery window promised at placement (``orders.delivery_dates.delivery_estimate``); a merchant's
    # "shipment delayed" replaces it and records a ``ShipmentDelay``.
    delivery_estimate_from = models.DateField(_("estimated delivery from"), null=True, blank=True)
    delivery_estimate_to = models.DateField(_("estimated delivery by"), null=True, blank=True)

    # True while the order's quantities are taken out of Product.stock; flipped under the order's row lock
    # so a reservation is released exactly once.
    stock_reserved = models.BooleanField(default=False, editable=False)

    # Money snapshot, in minor units of `currency`; computed by the one quote function at placement.
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default="EUR")
    items_amount = models.PositiveIntegerField(default=0)
    delivery_amount = models.PositiveIntegerField(default=0)
    payment_fee_amount = models.PositiveIntegerField(default=0)
    duties_amount = models.PositiveIntegerField(default=0)
    total_amount = models.PositiveIntegerField(default=0)
    # For the books: the rate the order was priced at (units of ``currency`` per unit of the shop's base
    # currency; 1 when it is the base) and the total in the base currency's minor units at that rate.
    exchange_rate = models.DecimalField(_("exchange rate"), max_digits=12, decimal_places=6, default=Decimal("1"))
    base_total_amount = models.PositiveIntegerField(
        _("total in the base currency (minor units)"), null=True, blank=True
    )

    accepted_terms = models.ForeignKey(PolicyVersion, related_name="+", on_delete=models.PROTECT, null=True)
    accepted_returns_policy = models.ForeignKey(PolicyVersion, related_name="+", on_delete=models.PROTECT, null=True)
    # The language each accepted text was shown in: the order's language, or "en" where the version had no
    # translation yet and the shopper read (and accepted) the English text.
    accepted_terms_language = models.CharField(_("terms read in"), max_length=8, blank=True, editable=False)
    accepted_returns_policy_language = models.CharField(
        _("returns policy read in"), max_length=8, blank=True, editable=False
    )

    # Set when a check fails (e.g. the PaymentIntent amount differs): the merchant must look before fulfilment.
    flagged_reason = models.TextField(_("flagged for the merchant"), blank=True)

    # The hash of the quote the shopper saw on the pay button (``Quote.fingerprint``): a second submit of the
    # same checkout must carry the same one.
    quote_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # Who placed it, as far as the request told (``fraud.client``): the limits on open unpaid orders count these.
    client_ip = models.GenericIPAddressField(_("client IP"), null=True, blank=True, editable=False)
    device_id = models.CharField(_("device cookie"), max_length=64, blank=True, editable=False)
    session_key = models.CharField(_("session"), max_length=40, blank=True, editable=False)

    placed_at = models.DateTimeField(_("placed at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Unpaid: when the order is cancelled and its stock released (``orders_expire_unpaid``). For a bank transfer
    # this is the "we hold these items for you until ..." the shopper is told.
    expires_at = models.DateTimeField(_("unpaid order expires at"), null=True, blank=True)

    # Signed links to this order carry a stamp of this secret: a new one (``order_link_secret_rotate``, the
    # admin's "Revoke order links") ends every link made before.
    link_secret = models.CharField(max_length=64, default=new_link_secret, editable=False)
    # When a fresh link was last emailed on request (``order_link_send`` limits how often).
    link_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "payments_order"  # the table kept its name when the model moved (issue 15)
        ordering = ["-placed_at"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["status", "placed_at"])]

    def __str__(self) -> str:
        return self.number

    def _money(self, amount: int) -> Money:
        return Money(amount, self.currency)

    @property
    def items_total(self) -> Money:
        return self._money(self.items_amount)

    @property
    def delivery_total(self) -> Money:
        return self._money(self.delivery_amount)

    @property
    def payment_fee(self) -> Money:
        return self._money(self.payment_fee_amount)

    @property
    def duties(self) -> Money:
        return self._money(self.duties_amount)

    @property
    def total(self) -> Money:
        return self._money(self.total_amount)

    def get_absolute_url(self) -> str:
        return reverse("orders:order_detail", kwargs={"number": self.number})

    @property
    def uses_stripe(self) -> bool:
        return self.payment_method in STRIPE_METHODS

    @property
    def pays_offline(self) -> bool:
        return self.payment_method in OFFLINE_METHODS

    @property
    def accepted_policies(self) -> list[tuple[PolicyVersion, str]]:
        """The policy versions the shopper accepted, each with the language it was shown in."""
        accepted = [
            (self.accepted_terms, self.accepted_terms_language),
            (self.accepted_returns_policy, self.accepted_returns_policy_language),
        ]
        return [(version, language or self.language) for version, language in accepted if version is not None]

    @property
    def tracking_url(self) -> str:
        """The carrier's page for this parcel: the shipping carrier's link pattern, else the delivery option's
        ("" without a tracking number or a pattern)."""
        if self.carrier_id:
            template = self.carrier.tracking_url_template
        else:
            template = self.delivery_option.tracking_url_template if self.delivery_option_id else ""
        if not template or not self.tracking_number:
            return ""
        return template.replace(TRACKING_NUMBER_PLACEHOLDER, quote(self.tracking_number.strip(), safe=""))

    @property
    def bank_transfer_reference(self) -> str:
        """The reference the shopper writes on the transfer: the order number, unique by constraint."""
        return self.number


class OrderLine(models.Model):
    """A snapshot of what was bought: name, SKU and unit price are copied, never read back from the product."""

    order = models.ForeignKey(Order, related_name="lines", on_delete=models.CASCADE)
    product = models.ForeignKey(Product, related_name="order_lines", null=True, on_delete=models.SET_NULL)
    sku = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    unit_price_amount = models.PositiveIntegerField()
    quantity = models.PositiveIntegerField()
    # How many of this line were put back in stock (returns, cancellation): no item is restocked twice.
    restocked_quantity = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        db_table = "payments_orderline"  # the table kept its name when the model moved (issue 15)
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gte=1), name="orderline_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.name}"

    @property
    def unit_price(self) -> Money:
        return Money(self.unit_price_amount, self.order.currency)

    @property
    def line_total(self) -> Money:
        return self.unit_price * self.quantity


class OrderStatusChange(models.Model):
    """The order's timeline: one row per event of ``ORDER_LIFECYCLE``, with its cause and who made it."""

    order = models.ForeignKey(Order, related_name="status_changes", on_delete=models.CASCADE)
    from_status = models.CharField(max_length=32, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=OrderStatus.choices)
    event = models.CharField(_("event"), max_length=40, blank=True)
    # The cause as a code with parameters (``orders.causes``), rendered in the reader's language.
    cause_code = models.CharField(max_length=60, blank=True)
    cause_params = models.JSONField(default=dict, blank=True)
    # Text of a row from before the codes (or free text from seed data); new rows leave it blank.
    cause = models.CharField(_("cause"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "payments_orderstatuschange"  # the table kept its name when the model moved (issue 15)
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["to_status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.order}: {self.from_status or '—'} → {self.to_status}"

    @property
    def cause_text(self) -> str:
        """The cause in the active language."""
        return cause_text(self.cause_code, self.cause_params) if self.cause_code else self.cause


class CustomsTreatment(models.TextChoices):
    NONE = "none", _("None (inside the EU customs union)")
    DDP = "ddp", _("Collected at checkout (delivered duty paid)")
    DAP = "dap", _("Paid to the carrier on delivery (estimate shown)")


class DeliveryZone(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    countries = models.CharField(
        _("countries"), max_length=400, help_text=_("ISO 3166 codes separated by commas, e.g. NL,DE,PL.")
    )
    is_eu = models.BooleanField(_("inside the EU"), default=True)
    cash_on_delivery = models.BooleanField(_("cash on delivery available"), default=False)
    customs_treatment = models.CharField(
        _("customs treatment"), max_length=8, choices=CustomsTreatment.choices, default=CustomsTreatment.NONE
    )
    duty_percent = models.DecimalField(
        _("import duty, percent"), max_digits=5, decimal_places=2, default=Decimal("0"), validators=PERCENT_VALIDATORS
    )
    import_vat_percent = models.DecimalField(
        _("import VAT, percent"), max_digits=5, decimal_places=2, default=Decimal("0"), validators=PERCENT_VALIDATORS
    )
    duty_de_minimis_amount = models.PositiveIntegerField(
        _("no duty up to (cents of goods value)"),
        default=0,
        help_text=_("Goods worth this much or less pay no import duty. 0: duty from the first cent."),
    )
    vat_de_minimis_amount = models.PositiveIntegerField(
        _("no import VAT up to (cents of goods value)"),
        default=0,
        help_text=_("Goods worth this much or less pay no import VAT. 0: VAT from the first cent."),
    )
    free_delivery_from_amount = models.PositiveIntegerField(
        _("free delivery from (cents of the items total)"),
        null=True,
        blank=True,
        help_text=_(
            "An order whose items total reaches this amount pays no delivery to this zone, whichever option it "
            "chooses. Empty: no free delivery (and the shop promises none)."
        ),
    )

    class Meta:
        db_table = "payments_deliveryzone"  # the table kept its name when the model moved (issue 15)
        ordering = ["name"]
        verbose_name = _("delivery zone")
        verbose_name_plural = _("delivery zones")

    def __str__(self) -> str:
        return self.name

    @property
    def country_codes(self) -> list[str]:
        return [code.strip().upper() for code in self.countries.split(",") if code.strip()]

    def clean(self) -> None:
        codes = self.country_codes
        if not codes or any(len(code) != 2 or not code.isalpha() for code in codes):
            raise ValidationError({"countries": _("List two-letter country codes separated by commas.")})
        self.countries = ",".join(codes)
        if self.is_eu and self.customs_treatment != CustomsTreatment.NONE:
            raise ValidationError({"customs_treatment": _("Parcels inside the EU pay no customs: choose none.")})
        if not self.is_eu and self.customs_treatment == CustomsTreatment.NONE:
            raise ValidationError(
                {"customs_treatment": _("Outside the EU, say who pays duties: collected at checkout or on delivery.")}
            )


class DeliveryOption(models.Model):
    zone = models.ForeignKey(DeliveryZone, related_name="options", on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=120)
    price_amount = models.PositiveIntegerField(_("price (cents)"))
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default="EUR")
    min_days = models.PositiveSmallIntegerField(_("minimum business days"))
    max_days = models.PositiveSmallIntegerField(_("maximum business days"))
    active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    cutoff_time = models.TimeField(
        _("order cut-off time"),
        default=datetime.time(14, 0),
        help_text=_("Orders placed after this time on a business day ship the next business day."),
    )
    cutoff_timezone = models.CharField(_("cut-off time zone"), max_length=64, default="Europe/Amsterdam")
    tracking_url_template = models.CharField(
        _("tracking link"),
        max_length=300,
        blank=True,
        help_text=_("The carrier's tracking page, with {number} where the tracking number goes."),
    )

    class Meta:
        db_table = "payments_deliveryoption"  # the table kept its name when the model moved (issue 15)
        ordering = ["zone", "position", "price_amount"]
        verbose_name = _("delivery option")
        verbose_name_plural = _("delivery options")
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="deliveryoption_unique_name")]

    def __str__(self) -> str:
        return f"{self.zone}: {self.name}"

    @property
    def price(self) -> Money:
        return Money(self.price_amount, self.currency)

    def clean(self) -> None:
        if self.min_days is not None and self.max_days is not None and self.min_days > self.max_days:
            raise ValidationError({"max_days": _("The maximum cannot be shorter than the minimum.")})
        try:
            zoneinfo.ZoneInfo(self.cutoff_timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValidationError({"cutoff_timezone": _("Enter a time zone name such as Europe/Amsterdam.")}) from None
        tracking_template_validate(self.tracking_url_template, field="tracking_url_template")


def tracking_template_validate(template: str, *, field: str) -> None:
    if template and (not template.startswith("https://") or TRACKING_NUMBER_PLACEHOLDER not in template):
        raise ValidationError({field: _("Enter an https:// link that contains {number}, or leave it empty.")})


class Carrier(models.Model):
    """A parcel carrier the shop ships with, and where a shopper follows a parcel: ``{number}`` in the pattern is
    replaced by the tracking number. The ship form lists the active ones."""

    name = models.CharField(_("name"), max_length=80, unique=True, validators=[validate_single_line])
    tracking_url_template = models.CharField(
        _("tracking link"),
        max_length=300,
        help_text=_("The carrier's tracking page, with {number} where the tracking number goes."),
    )
    active = models.BooleanField(_("offered in the ship form"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("carrier")
        verbose_name_plural = _("carriers")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.tracking_url_template:
            raise ValidationError({"tracking_url_template": _("Enter the carrier's tracking link.")})
        tracking_template_validate(self.tracking_url_template, field="tracking_url_template")

    def tracking_url(self, number: str) -> str:
        return self.tracking_url_template.replace(TRACKING_NUMBER_PLACEHOLDER, quote(number.strip(), safe=""))


class ShipmentDelay(models.Model):
    """A merchant's "shipment delayed" notice: the new delivery window and why. The order's status does not
    change (a delay is not a state of the order); this row is on the order's timeline and is emailed."""

    order = models.ForeignKey(Order, related_name="delays", on_delete=models.CASCADE)
    previous_from = models.DateField(null=True, blank=True)
    previous_to = models.DateField(null=True, blank=True)
    new_from = models.DateField(_("new earliest delivery date"))
    new_to = models.DateField(_("new latest delivery date"))
    reason = models.CharField(_("reason shown to the shopper"), max_length=300, validators=[validate_single_line])
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "payments_shipmentdelay"  # the table kept its name when the model moved (issue 15)
        ordering = ["created_at", "id"]
        verbose_name = _("shipment delay")
        verbose_name_plural = _("shipment delays")
        constraints = [
            models.CheckConstraint(condition=models.Q(new_to__gte=models.F("new_from")), name="delay_range_ordered")
        ]

    def __str__(self) -> str:
        return f"{self.order}: {self.new_from}–{self.new_to}"
