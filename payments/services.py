"""Writes to orders and payments. Views and webhooks call these; nothing else assigns ``Order.status``.

The heart is ``payment_settle``: it re-reads a PaymentIntent from Stripe and moves the payment and the order,
under row locks, idempotently. The return page, the webhook and ``reconcile_payments`` all call it.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import ApplicationError
from core.money import Money
from core.validators import single_line_clean
from fraud.client import ClientContext
from fraud.models import Decision
from fraud.scoring import CardFacts
from fraud.services import (
    PaymentBlocked,
    RiskDecision,
    assessment_link_order,
    assessment_link_payment,
    assessment_record_stripe_outcome,
    block_message,
    payment_attempt_screen,
)
from payments import gateway
from payments.models import (
    DELAYED_PAYMENT_METHODS,
    OFFLINE_METHODS,
    PAYMENT_FINAL_STATES,
    PAYMENT_OPEN_STRIPE_STATES,
    STRIPE_METHODS,
    DeliveryOption,
    Order,
    OrderLine,
    OrderStatusChange,
    Payment,
    PaymentMethod,
    PaymentState,
    Refund,
    new_link_secret,
)
from payments.pricing import cart_quote
from payments.signals import order_status_changed
from payments.states import PAID_STATUSES, UNPAID_OPEN_STATUSES, OrderStatus, can_transition
from payments.tasks import send_order_link_email
from policies.models import PolicyVersion
from shop.models import Cart, Product
from shop.selectors import CartSummary
from shop.services import cart_add, catalogue_changed

logger = logging.getLogger(__name__)

S = OrderStatus

# Attempt states in which the shopper's money is taken or on its way: never start another charge next to one.
ATTEMPT_TAKES_MONEY = frozenset({PaymentState.SUCCEEDED, PaymentState.PROCESSING, PaymentState.REQUIRES_CAPTURE})
# An attempt recorded here but with no PaymentIntent after this long never reached Stripe (the process died).
ABANDONED_AFTER = datetime.timedelta(minutes=2)
# Reconciliation re-reads attempts that ended without success this recently, in case Stripe charged them anyway.
RECONCILE_UNCERTAIN_WINDOW = datetime.timedelta(days=2)


class IllegalTransition(ApplicationError):
    pass


@transaction.atomic
def order_transition(*, order: Order, to_status: str, cause: str, actor: AbstractBaseUser | None = None) -> Order:
    """Move ``order`` to ``to_status`` if the state machine allows it, record it, and notify after commit.

    The order row is locked so two callers (return page and webhook) cannot both move it.
    """
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if not can_transition(locked.status, to_status):
        raise IllegalTransition(f"An order cannot go from {locked.get_status_display()} to {to_status}.")
    from_status = locked.status
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    OrderStatusChange.objects.create(
        order=locked, from_status=from_status, to_status=to_status, cause=cause[:300], actor=actor
    )
    order.status = to_status
    transaction.on_commit(
        lambda: order_status_changed.send(sender=Order, order=locked, from_status=from_status, to_status=to_status)
    )
    return locked


# --- Stock -------------------------------------------------------------------------------------------------


def _lines_quantities(order: Order) -> list[tuple[int, int, str]]:
    return [(line.product_id, line.quantity, line.name) for line in order.lines.all() if line.product_id]


@transaction.atomic
def stock_reserve(*, order: Order) -> None:
    """Take the order's quantities out of stock, all or nothing: ``UPDATE ... WHERE stock >= q`` per line."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if locked.stock_reserved:
        return
    for product_id, quantity, name in _lines_quantities(locked):
        updated = Product.objects.filter(pk=product_id, stock__gte=quantity, is_active=True).update(
            stock=F("stock") - quantity
        )
        if not updated:
            # The atomic block rolls back the lines already reserved.
            raise ApplicationError(
                _("Sorry, %(name)s sold out while you were checking out. You were not charged.") % {"name": name}
            )
    locked.lines.update(restocked_quantity=0)
    catalogue_changed()  # the ``.update()`` calls above send no signal; listings show stock
    locked.stock_reserved = True
    locked.save(update_fields=["stock_reserved", "updated_at"])
    order.stock_reserved = True


@transaction.atomic
def stock_release(*, order: Order) -> bool:
    """Put the order's quantities back, exactly once (the flag flips under the order's row lock).

    Quantities already put back line by line (returned items, see ``stock_return_lines``) are not added twice.
    """
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if not locked.stock_reserved:
        return False
    for line in locked.lines.filter(product__isnull=False):
        remaining = line.quantity - line.restocked_quantity
        if remaining > 0:
            Product.objects.filter(pk=line.product_id).update(stock=F("stock") + remaining)
    locked.lines.update(restocked_quantity=F("quantity"))
    catalogue_changed()
    locked.stock_reserved = False
    locked.save(update_fields=["stock_reserved", "updated_at"])
    order.stock_reserved = False
    return True


@transaction.atomic
def stock_return_lines(*, order: Order, quantities: dict[int, int]) -> None:
    """Put returned items back in stock: ``quantities`` maps order-line id to how many came back.

    Each line's count is capped at what is still out of stock for it, so a later full restock (a refund with
    "restock" ticked, or a cancellation) never puts the same items back twice.
    """
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if not locked.stock_reserved:
        return
    for line in locked.lines.select_for_update().filter(pk__in=quantities, product__isnull=False):
        count = min(quantities[line.pk], line.quantity - line.restocked_quantity)
        if count > 0:
            Product.objects.filter(pk=line.product_id).update(stock=F("stock") + count)
            line.restocked_quantity += count
            line.save(update_fields=["restocked_quantity"])
    catalogue_changed()


# --- Placing an order --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckoutDetails:
    email: str
    full_name: str
    address_line1: str
    address_line2: str
    postal_code: str
    city: str
    country: str
    phone: str
    delivery_option_id: int
    payment_method: str


# The typed text fields of a checkout and whether each is required: every one is a single line (the email
# greeting prints the name), at most as long as its column.
CHECKOUT_TEXT_FIELDS = {
    "email": True,
    "full_name": True,
    "address_line1": True,
    "address_line2": False,
    "postal_code": True,
    "city": True,
    "phone": False,
}


def checkout_details_clean(*, details: CheckoutDetails) -> CheckoutDetails:
    """The details with each text field trimmed; ``ApplicationError`` for a line break, control character or
    over-long value (the address form refuses them too: this holds for every caller)."""
    cleaned = {}
    for name, required in CHECKOUT_TEXT_FIELDS.items():
        field = Order._meta.get_field(name)
        cleaned[name] = single_line_clean(
            getattr(details, name), field=name, label=capfirst(field.verbose_name), max_length=field.max_length,
            required=required,
        )
    return replace(details, **cleaned)


class QuoteChanged(ApplicationError):
    """The total (or anything priced) differs from what the pay button showed: nothing is placed or charged."""


class UnpaidOrdersLimit(ApplicationError):
    """The shopper already has as many unpaid orders (or items in them) as one may hold at a time."""


def _unpaid_window(method: str) -> datetime.timedelta:
    """How long an order may stay unpaid before ``orders_expire_unpaid`` cancels it and releases its stock."""
    if method in OFFLINE_METHODS:
        return datetime.timedelta(hours=settings.OFFLINE_HOLD_HOURS)
    return datetime.timedelta(minutes=settings.CARD_PAYMENT_WINDOW_MINUTES)


def offline_hold_until(*, now: datetime.datetime | None = None) -> datetime.datetime:
    """Until when an offline order placed ``now`` holds its items (what the review page promises)."""
    return (now or timezone.now()) + datetime.timedelta(hours=settings.OFFLINE_HOLD_HOURS)


def _shopper_lock(keys: list[str]) -> None:
    """PostgreSQL: wait for, then hold until commit, one advisory lock per key (sorted: no deadlock between two
    shoppers sharing some keys). Other databases serialise writers themselves (SQLite) or are not supported."""
    if connection.vendor != "postgresql":
        return
    ids = sorted(
        {
            int.from_bytes(hashlib.sha256(f"unpaid-orders:{key}".encode()).digest()[:8], "big", signed=True)
            for key in keys
        }
    )
    with connection.cursor() as cursor:
        for lock_id in ids:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])


def _unpaid_orders_limit_check(*, email: str, client: ClientContext, units: int) -> None:
    """Refuse one more unpaid order when the shopper already has the most allowed open.

    Counted in the database over open unpaid orders with a delayed method (``DELAYED_PAYMENT_METHODS``) that hold
    stock: per email address, per client IP and per browser (device cookie or session), and the items in them
    (this order's ``units`` included). Call it inside the placing transaction: on PostgreSQL it first takes a
    transaction-level advisory lock per identifier, so two placements by one shopper at once are counted one
    after the other (the second sees the first's order once it commits).
    """
    email = email.strip().lower()
    identity = Q(email__iexact=email)
    keys = [f"email:{email}"]
    if client.ip:
        identity |= Q(client_ip=client.ip)
        keys.append(f"ip:{client.ip}")
    if client.device_id:
        identity |= Q(device_id=client.device_id)
        keys.append(f"device:{client.device_id}")
    if client.session_key:
        identity |= Q(session_key=client.session_key)
        keys.append(f"session:{client.session_key}")
    _shopper_lock(keys)
    open_orders = Order.objects.filter(
        identity, status__in=UNPAID_OPEN_STATUSES, payment_method__in=DELAYED_PAYMENT_METHODS, stock_reserved=True
    )
    rows = list(open_orders.values_list("pk", "email", "client_ip", "device_id", "session_key"))
    units_of = dict(
        OrderLine.objects.filter(order_id__in=[row[0] for row in rows])
        .values("order_id")
        .annotate(units=Sum("quantity"))
        .values_list("order_id", "units")
    )

    def same_email(row: tuple) -> bool:
        return row[1].strip().lower() == email

    def same_ip(row: tuple) -> bool:
        return bool(client.ip) and row[2] == client.ip

    def same_browser(row: tuple) -> bool:
        return (bool(client.device_id) and row[3] == client.device_id) or (
            bool(client.session_key) and row[4] == client.session_key
        )

    for same, limit in (
        (same_email, settings.UNPAID_ORDERS_MAX_PER_EMAIL),
        (same_ip, settings.UNPAID_ORDERS_MAX_PER_IP),
        (same_browser, settings.UNPAID_ORDERS_MAX_PER_SESSION),
    ):
        matching = [row[0] for row in rows if same(row)]
        if len(matching) >= limit:
            raise UnpaidOrdersLimit(
                ngettext(
                    "You already have %(count)s unpaid order waiting for payment. Please pay for it (the link is "
                    "in its confirmation email) or pay this order by card.",
                    "You already have %(count)s unpaid orders waiting for payment. Please pay for one of them (the "
                    "links are in their confirmation emails) or pay this order by card.",
                    len(matching),
                )
                % {"count": len(matching)}
            )
        if sum(units_of.get(pk, 0) for pk in matching) + units > settings.UNPAID_UNITS_MAX:
            raise UnpaidOrdersLimit(
                ngettext(
                    "Unpaid orders can hold at most %(max)s item at a time. Please pay for an open order first, "
                    "order fewer items, or pay this order by card.",
                    "Unpaid orders can hold at most %(max)s items at a time. Please pay for an open order first, "
                    "order fewer items, or pay this order by card.",
                    settings.UNPAID_UNITS_MAX,
                )
                % {"max": settings.UNPAID_UNITS_MAX}
            )


def order_place(
    *,
    cart: CartSummary,
    details: CheckoutDetails,
    checkout_token: str,
    user: AbstractBaseUser | None,
    accepted_terms: PolicyVersion | None,
    accepted_returns_policy: PolicyVersion | None,
    client: ClientContext | None,
    quote_fingerprint: str | None,
    language: str = "en",
) -> Order:
    """Freeze the cart into an order, reserve its stock and start the offline payment if any.

    Keyed on ``checkout_token``: a second submit of the same checkout returns the first order.
    Prices come from the database only, through ``checkout_quote``.

    A shopper's click passes ``client`` (their IP, device cookie and session, from the request) and
    ``quote_fingerprint`` (the ``Quote.fingerprint`` the pay button was rendered with). The quote is recomputed
    here and a different fingerprint raises ``QuoteChanged``; the limits on open unpaid orders apply to the
    client. ``None`` for both means the caller is not a shopper's request (seed data, tests): no comparison, no
    limits.

    Every method but the card is screened here, before the order exists (cards are screened per attempt in
    ``payment_card_start``): a block raises ``PaymentBlocked`` with nothing placed and no stock taken; a hold
    makes an offline order wait for the merchant's review (``HELD_FOR_REVIEW``) and flags a direct debit for a
    look before shipping.
    """
    existing = Order.objects.filter(checkout_token=checkout_token).first()
    if existing is not None:
        return _order_placed_before(existing, quote_fingerprint)
    if cart.is_empty:
        raise ApplicationError(_("Your cart is empty."))
    details = checkout_details_clean(details=details)
    option = DeliveryOption.objects.select_related("zone").filter(pk=details.delivery_option_id, active=True).first()
    if option is None or details.country not in option.zone.country_codes:
        raise ApplicationError(_("Please choose a delivery option for your country."), field="delivery_option")
    if details.payment_method == PaymentMethod.CASH_ON_DELIVERY and not option.zone.cash_on_delivery:
        raise ApplicationError(_("Cash on delivery is not available for this address."), field="payment_method")
    quote = cart_quote(
        cart=cart, country=details.country, delivery_option=option, payment_method=details.payment_method
    )
    if quote_fingerprint is not None and not secrets.compare_digest(quote.fingerprint, quote_fingerprint):
        raise QuoteChanged(_("Your basket changed; please check the new total."))
    from payments.delivery import delivery_estimate

    estimate = delivery_estimate(option=option, now=timezone.now())  # promised now, shown on page and emails
    client_known = client or ClientContext()
    order = Order(
        checkout_token=checkout_token,
        user=user if user is not None and user.is_authenticated else None,
        email=details.email,
        language=language,
        full_name=details.full_name,
        address_line1=details.address_line1,
        address_line2=details.address_line2,
        postal_code=details.postal_code,
        city=details.city,
        country=details.country,
        phone=details.phone,
        payment_method=details.payment_method,
        delivery_option=option,
        delivery_option_name=option.name,
        delivery_min_days=option.min_days,
        delivery_max_days=option.max_days,
        delivery_estimate_from=estimate[0],
        delivery_estimate_to=estimate[1],
        currency=quote.currency,
        items_amount=quote.items.amount,
        delivery_amount=quote.delivery.amount,
        payment_fee_amount=quote.payment_fee.amount,
        duties_amount=quote.duties.amount,
        total_amount=quote.total.amount,
        accepted_terms=accepted_terms,
        accepted_returns_policy=accepted_returns_policy,
        quote_fingerprint=quote.fingerprint,
        client_ip=client_known.ip,
        device_id=client_known.device_id[:64],
        session_key=client_known.session_key[:40],
        expires_at=timezone.now() + _unpaid_window(details.payment_method),
    )
    screening = None
    try:
        with transaction.atomic():
            if client is not None and details.payment_method in DELAYED_PAYMENT_METHODS:
                _unpaid_orders_limit_check(email=details.email, client=client, units=cart.count)
            if details.payment_method != PaymentMethod.CARD:
                screening = payment_attempt_screen(order=order, client=client_known, card=CardFacts())
            if screening is None or not screening.blocked:
                _order_create(order=order, cart=cart, screening=screening)
    except IntegrityError:
        # The same checkout submitted twice at once: the unique token let exactly one through.
        existing = Order.objects.filter(checkout_token=checkout_token).first()
        if existing is None:
            raise
        return _order_placed_before(existing, quote_fingerprint)
    if screening is not None and screening.blocked:
        # Committed above: the assessment is kept; no order, no stock, the cart untouched.
        raise PaymentBlocked(block_message(method=details.payment_method))
    return order


def _order_placed_before(order: Order, quote_fingerprint: str | None) -> Order:
    """A second submit of a checkout: it must be for the quote the order was placed at."""
    if quote_fingerprint is not None and not secrets.compare_digest(order.quote_fingerprint, quote_fingerprint):
        raise QuoteChanged(_("Your basket changed; please check the new total."))
    return order


def _order_create(*, order: Order, cart: CartSummary, screening: RiskDecision | None) -> None:
    """Write the order, its lines and first status, reserve the stock, start an offline payment (in the caller's
    transaction). ``screening`` is the decision for a method screened at placement."""
    method = order.payment_method
    order.save(force_insert=True)
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=item.product,
            sku=item.product.sku,
            name=item.product.name,
            unit_price_amount=item.product.price_amount,
            quantity=item.quantity,
        )
        for item in cart.items
    )
    OrderStatusChange.objects.create(
        order=order, from_status="", to_status=S.PLACED, cause=_("Order placed"), actor=None
    )
    if method in STRIPE_METHODS:
        # The confirmation email (offline methods get theirs with the payment instructions).
        transaction.on_commit(
            lambda: order_status_changed.send(sender=Order, order=order, from_status="", to_status=S.PLACED)
        )
    stock_reserve(order=order)
    payment = None
    held = screening is not None and screening.decision == Decision.REVIEW
    if method in OFFLINE_METHODS:
        payment = Payment.objects.create(
            order=order, method=method, state=PaymentState.PENDING, amount=order.total_amount, currency=order.currency
        )
        if held:
            order_transition(order=order, to_status=S.HELD_FOR_REVIEW, cause=_("Your order is being checked"))
        else:
            cause = (
                _("Waiting for your bank transfer")
                if method == PaymentMethod.BANK_TRANSFER
                else _("You pay in cash when the parcel arrives")
            )
            order_transition(order=order, to_status=S.AWAITING_PAYMENT, cause=cause)
    elif held:
        # A direct debit cannot be held at the bank: it runs, and the order waits for a look before shipping.
        _flag(order, f"Held by the fraud screening (score {screening.score}): check before shipping.")
    if screening is not None:
        assessment_link_order(assessment=screening.assessment, order=order, payment=payment)
    if cart.cart is not None:
        cart.cart.lines.all().delete()


def order_review_accept(*, order: Order, actor: AbstractBaseUser | None) -> Order:
    """Confirm an offline order the screening held, after the merchant's look: it now waits for the money (bank
    transfer; the shopper is emailed the details and the items are held for a new full window) or for shipping
    (cash on delivery)."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status != S.HELD_FOR_REVIEW or locked.payment_method not in OFFLINE_METHODS:
            raise ApplicationError(_("Only an offline order held for review can be confirmed here."))
        if not locked.stock_reserved:
            stock_reserve(order=locked)
        locked.expires_at = timezone.now() + _unpaid_window(locked.payment_method)
        locked.save(update_fields=["expires_at", "updated_at"])
        cause = (
            _("Checked and confirmed: waiting for your bank transfer")
            if locked.payment_method == PaymentMethod.BANK_TRANSFER
            else _("Checked and confirmed: you pay in cash when the parcel arrives")
        )
        return order_transition(order=locked, to_status=S.AWAITING_PAYMENT, cause=cause, actor=actor)


# --- Paying through Stripe ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentOutcome:
    """What the checkout page needs after a payment step: never more than the shopper may know."""

    order: Order
    payment: Payment
    status: str  # the Payment state
    client_secret: str = ""
    message: str = ""


def _idem(payment: Payment, step: str) -> str:
    return f"pay-{payment.idempotency_key}-{step}"


def _outcome(payment: Payment) -> PaymentOutcome:
    order = Order.objects.get(pk=payment.order_id)
    message = ""
    if payment.state == PaymentState.FAILED:
        message = gateway.decline_message(payment.last_error_code)
    return PaymentOutcome(order=order, payment=payment, status=payment.state, message=message)


def _check_payable(order: Order, method: str) -> None:
    if order.status not in (S.PLACED, S.AWAITING_PAYMENT):
        raise ApplicationError(
            _("This order cannot take a payment any more (it is %(status)s).") % {"status": order.get_status_display()}
        )
    if order.payment_method != method:
        raise ApplicationError(_("This order is paid by another method."))


def _payment_begin(*, order: Order, method: str) -> Payment:
    """Lock the order, check it can take a payment, re-check and reserve stock, record a new attempt.

    Call ``_payment_resolve_previous`` first: an attempt that may still be charged blocks a new one here.
    """
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        _check_payable(locked, method)
        busy = locked.payments.filter(
            state__in=[PaymentState.PROCESSING, PaymentState.REQUIRES_CAPTURE, PaymentState.SUCCEEDED]
        ).exists()
        unsettled = locked.payments.filter(state__in=[PaymentState.CREATED, PaymentState.REQUIRES_ACTION])
        never_sent = unsettled.filter(
            Q(stripe_payment_intent_id__isnull=True) | Q(stripe_payment_intent_id=""),
            created_at__lt=timezone.now() - ABANDONED_AFTER,
        )
        # No PaymentIntent was ever recorded for these (a crash before Stripe answered): nothing to cancel there.
        never_sent.update(state=PaymentState.CANCELED, last_error_code="never_sent", updated_at=timezone.now())
        if busy or unsettled.exists():
            # A concurrent attempt (or one resolved a moment ago by another request) is still in flight.
            raise ApplicationError(_("A payment for this order is already being processed."))
        stock_reserve(order=locked)  # availability re-checked on every final POST
        payment = Payment.objects.create(
            order=locked, method=method, amount=locked.total_amount, currency=locked.currency
        )
    return payment


def _already_paid_outcome(payment: Payment) -> PaymentOutcome:
    order = Order.objects.get(pk=payment.order_id)
    if payment.state == PaymentState.SUCCEEDED:
        message = _("This order is already paid. You have not been charged again.")
    else:
        message = _("Your earlier payment for this order is still being processed. You have not been charged again.")
    return PaymentOutcome(order=order, payment=payment, status=payment.state, message=message)


def _payment_resolve_previous(*, order: Order) -> PaymentOutcome | None:
    """Before a new attempt, find out from Stripe what became of the unfinished ones.

    An answer lost after Stripe charged the card leaves the attempt "created" here while its PaymentIntent
    succeeded. So each unfinished attempt is re-read (``payment_settle``): if it succeeded, is processing or
    is held, the order is settled with it and no new charge is made (the returned outcome says so). Otherwise
    it is cancelled at Stripe, and marked cancelled here only once Stripe confirms. If Stripe cannot be asked,
    the retry is refused (``PreviousAttemptUnknown``) and reconciliation settles the attempt later.
    """
    unfinished = order.payments.filter(
        state__in=[PaymentState.CREATED, PaymentState.REQUIRES_ACTION], stripe_payment_intent_id__gt=""
    ).order_by("created_at", "id")
    for old in unfinished:
        try:
            old = payment_settle(payment=old, cause=_("Card payment"))
            if old.state in ATTEMPT_TAKES_MONEY:
                return _already_paid_outcome(old)
            if old.state not in (PaymentState.CREATED, PaymentState.REQUIRES_ACTION):
                continue  # failed or cancelled at Stripe: nothing more to do
            try:
                intent = gateway.intent_cancel(
                    intent_id=old.stripe_payment_intent_id, idempotency_key=_idem(old, "cancel")
                )
            except gateway.PaymentDeclined:
                intent = gateway.intent_retrieve(intent_id=old.stripe_payment_intent_id)
            except gateway.GatewayUnavailable:
                raise
            except gateway.GatewayError:
                # Stripe refused the cancel (it moved on meanwhile, e.g. succeeded): re-read what it is now.
                intent = gateway.intent_retrieve(intent_id=old.stripe_payment_intent_id)
        except gateway.GatewayError:
            logger.warning("Payment %s: Stripe unreachable while checking it before a retry", old.pk)
            raise gateway.PreviousAttemptUnknown("previous attempt unknown") from None
        if intent.status == "canceled":
            # Stripe confirmed: only now is the attempt cancelled here. A superseded attempt leaves the order open.
            Payment.objects.filter(pk=old.pk, state__in=[PaymentState.CREATED, PaymentState.REQUIRES_ACTION]).update(
                state=PaymentState.CANCELED, updated_at=timezone.now()
            )
            continue
        old = _payment_apply_intent(payment=old, intent=intent, cause=_("Card payment"))
        if old.state in ATTEMPT_TAKES_MONEY:
            return _already_paid_outcome(old)
        if old.state in (PaymentState.CREATED, PaymentState.REQUIRES_ACTION):
            # Neither cancelled nor settled: never start a second charge next to it.
            raise ApplicationError(_("A payment for this order is already being processed."))
    return None


def _payment_create_intent(*, payment: Payment, order: Order, screening=None) -> str:
    extra = {}
    if screening is not None and screening.request_three_d_secure:
        extra["request_three_d_secure"] = True
    if screening is not None and screening.manual_capture:
        extra["manual_capture"] = True
    try:
        intent = gateway.intent_create(
            amount=Money(payment.amount, payment.currency),
            order_id=order.pk,
            order_number=order.number,
            payment_id=payment.pk,
            method_type=payment.method,
            idempotency_key=_idem(payment, "create"),
            **extra,
        )
    except (gateway.GatewayError, gateway.PaymentDeclined):
        Payment.objects.filter(pk=payment.pk).update(state=PaymentState.FAILED, last_error_code="gateway_error")
        stock_release(order=order)
        raise
    payment.stripe_payment_intent_id = intent.id
    payment.save(update_fields=["stripe_payment_intent_id", "updated_at"])
    return intent.id


def _payment_confirm(*, payment: Payment, payment_method_id: str, cause: str) -> PaymentOutcome:
    try:
        intent = gateway.intent_confirm(
            intent_id=payment.stripe_payment_intent_id,
            payment_method_id=payment_method_id,
            idempotency_key=_idem(payment, "confirm"),
        )
    except gateway.GatewayError as exc:
        # No answer, or an unexpected one: the card may have been charged. The attempt stays "created" with its
        # PaymentIntent id; the next attempt re-reads it first (``_payment_resolve_previous``), as does
        # reconciliation. A 4xx (not a network fault) means Stripe refused the confirm: no charge happened.
        if isinstance(exc, gateway.GatewayUnavailable):
            raise gateway.ConfirmUnanswered(str(exc)) from None
        raise
    except gateway.PaymentDeclined as declined:
        # The decline carries no PaymentIntent (localstripe): re-read it by the id we stored.
        try:
            intent = gateway.intent_retrieve(intent_id=payment.stripe_payment_intent_id)
        except gateway.GatewayError:
            intent = None
        payment = _payment_apply_intent(payment=payment, intent=intent, cause=cause, declined=declined)
        return _outcome(payment)
    payment = _payment_apply_intent(payment=payment, intent=intent, cause=cause)
    outcome = _outcome(payment)
    if payment.state == PaymentState.REQUIRES_ACTION:
        return PaymentOutcome(
            order=outcome.order, payment=payment, status=payment.state, client_secret=intent.client_secret
        )
    return outcome


def payment_card_start(*, order: Order, payment_method_id: str, request=None, client=None) -> PaymentOutcome:
    """Create and confirm a PaymentIntent for the order's total with the browser's card token/payment method.

    The fraud screening runs first (``request``/``client`` give it the shopper's IP and device); a blocked
    attempt never reaches Stripe: the order is cancelled and its stock released (the shopper may check out
    again with another card or method).
    """
    if not payment_method_id or not payment_method_id.replace("_", "").isalnum() or len(payment_method_id) > 255:
        raise ApplicationError(_("The card details could not be read. Please enter them again."))
    _check_payable(order, PaymentMethod.CARD)
    previous = _payment_resolve_previous(order=order)
    if previous is not None:
        return previous  # the earlier attempt was charged (its answer was lost): no second charge
    screening = payment_attempt_screen(
        order=order, request=request, client=client, payment_method_token=payment_method_id
    )
    if screening.blocked:
        try:
            order_cancel(order=order, cause=_("The payment was not accepted"), actor=None)
        except (ApplicationError, gateway.GatewayError):
            stock_release(order=order)  # the order could not be cancelled now; it still holds no stock
        raise PaymentBlocked(block_message(method=PaymentMethod.CARD, order_number=order.number))
    payment = _payment_begin(order=order, method=PaymentMethod.CARD)
    assessment_link_payment(assessment=screening.assessment, payment=payment)
    _payment_create_intent(payment=payment, order=order, screening=screening)
    return _payment_confirm(payment=payment, payment_method_id=payment_method_id, cause=_("Card payment"))


def payment_sepa_start(*, order: Order, iban: str, account_holder: str) -> PaymentOutcome:
    iban = "".join(iban.split()).upper()
    if not (15 <= len(iban) <= 34) or not iban[:2].isalpha() or not iban[2:].isalnum():
        raise ApplicationError(_("Please enter a valid IBAN."), field="iban")
    account_holder = single_line_clean(
        account_holder, field="account_holder", label=_("Account holder"), max_length=200
    )
    if not account_holder:
        raise ApplicationError(_("Please enter the account holder's name."), field="account_holder")
    _check_payable(order, PaymentMethod.SEPA_DEBIT)
    previous = _payment_resolve_previous(order=order)
    if previous is not None:
        return previous
    payment = _payment_begin(order=order, method=PaymentMethod.SEPA_DEBIT)
    try:
        pm_id = gateway.sepa_payment_method_create(
            iban=iban, name=account_holder, email=order.email, idempotency_key=_idem(payment, "pm")
        )
    except (gateway.GatewayError, gateway.PaymentDeclined) as exc:
        Payment.objects.filter(pk=payment.pk).update(state=PaymentState.FAILED, last_error_code="invalid_iban")
        stock_release(order=order)
        if isinstance(exc, gateway.PaymentDeclined):
            raise ApplicationError(exc.shopper_message, field="iban") from None
        raise
    _payment_create_intent(payment=payment, order=order)
    return _payment_confirm(payment=payment, payment_method_id=pm_id, cause=_("SEPA Direct Debit"))


def payment_settle(*, payment: Payment, cause: str) -> Payment:
    """Re-read the payment's PaymentIntent from Stripe and apply it. Idempotent; safe to call from anywhere."""
    if not payment.stripe_payment_intent_id:
        return payment
    intent = gateway.intent_retrieve(intent_id=payment.stripe_payment_intent_id)
    return _payment_apply_intent(payment=payment, intent=intent, cause=cause)


def _flag(order: Order, reason: str) -> None:
    if reason in (order.flagged_reason or "").splitlines():
        return  # already flagged for this (reconciliation re-reads the same attempt)
    logger.warning("Order %s flagged: %s", order.number, reason)
    text = f"{order.flagged_reason}\n{reason}".strip() if order.flagged_reason else reason
    Order.objects.filter(pk=order.pk).update(flagged_reason=text[:2000], updated_at=timezone.now())
    order.flagged_reason = text


@transaction.atomic
def _payment_apply_intent(
    *,
    payment: Payment,
    intent: gateway.IntentResult | None,
    cause: str,
    declined: gateway.PaymentDeclined | None = None,
) -> Payment:
    """Move payment and order to match ``intent`` (already re-read from Stripe), under row locks.

    Final payment states never change again, so a stale ``payment_failed`` after ``succeeded`` is a no-op.
    """
    order = Order.objects.select_for_update().get(pk=payment.order_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.state in PAYMENT_FINAL_STATES:
        if intent is not None and intent.status == "succeeded" and payment.state != PaymentState.SUCCEEDED:
            if (
                order.status in UNPAID_OPEN_STATUSES
                and not order.payments.filter(state=PaymentState.SUCCEEDED).exists()
                and intent.id == payment.stripe_payment_intent_id
                and intent.amount == payment.amount == order.total_amount
                and intent.currency.upper() == order.currency
                and intent.metadata.get("order_id") == str(order.pk)
            ):
                # Stripe took the money for an attempt we had given up on: the order is paid with it.
                payment.state = PaymentState.SUCCEEDED
                payment.save(update_fields=["state", "updated_at"])
                if not order.stock_reserved:
                    try:
                        stock_reserve(order=order)
                    except ApplicationError:
                        _flag(order, "Paid, but the stock was no longer available: contact the shopper.")
                order_transition(order=order, to_status=S.PAID, cause=cause + ": " + _("payment received"))
            else:
                _flag(
                    order,
                    f"PaymentIntent {intent.id} succeeded at Stripe but attempt {payment.pk} was {payment.state}.",
                )
        return payment
    now_status = intent.status if intent is not None else "requires_payment_method"

    if intent is not None:
        problems = []
        if intent.id != payment.stripe_payment_intent_id:
            problems.append("intent id")
        if intent.amount != payment.amount or payment.amount != order.total_amount:
            problems.append(f"amount {intent.amount} vs order total {order.total_amount}")
        if intent.currency.upper() != order.currency:
            problems.append(f"currency {intent.currency} vs {order.currency}")
        if intent.metadata.get("order_id") != str(order.pk):
            problems.append(f"metadata.order_id {intent.metadata.get('order_id')!r} vs {order.pk}")
        if problems and now_status in ("succeeded", "requires_capture", "processing"):
            _flag(order, f"PaymentIntent {intent.id} does not match the order: " + ", ".join(problems))
            payment.last_error_code = "mismatch"
            payment.save(update_fields=["last_error_code", "updated_at"])
            return payment

    def set_state(state: str, code: str = "", message: str = "") -> None:
        payment.state = state
        payment.last_error_code = code[:80]
        payment.last_error_message = message[:300]
        payment.save()

    if intent is not None and intent.risk_level and now_status in ("succeeded", "requires_capture"):
        assessment_record_stripe_outcome(payment=payment, risk_level=intent.risk_level)

    if now_status == "succeeded":
        payment.authenticated_3ds = payment.challenge_requested
        set_state(PaymentState.SUCCEEDED)
        if order.status in UNPAID_OPEN_STATUSES:
            if not order.stock_reserved:
                try:
                    stock_reserve(order=order)
                except ApplicationError:
                    _flag(order, "Paid, but the stock was no longer available: contact the shopper.")
            order_transition(order=order, to_status=S.PAID, cause=cause + ": " + _("payment received"))
        else:
            _flag(order, f"Payment {payment.pk} succeeded while the order was {order.status}: refund it.")
    elif now_status == "requires_action":
        payment.challenge_requested = True
        set_state(PaymentState.REQUIRES_ACTION)
        if order.status == S.PLACED:
            order_transition(order=order, to_status=S.AWAITING_PAYMENT, cause=_("Waiting for your bank to confirm"))
    elif now_status == "processing":
        set_state(PaymentState.PROCESSING)
        if order.status == S.PLACED:
            order_transition(order=order, to_status=S.AWAITING_PAYMENT, cause=cause + ": " + _("processing"))
    elif now_status == "requires_capture":
        set_state(PaymentState.REQUIRES_CAPTURE)
        if order.status in (S.PLACED, S.AWAITING_PAYMENT):
            order_transition(order=order, to_status=S.HELD_FOR_REVIEW, cause=_("Payment held for a check"))
    elif now_status == "requires_payment_method":
        was_processing = payment.state == PaymentState.PROCESSING
        code = (declined.code if declined else "") or (intent.last_error_code if intent else "") or "card_declined"
        message = intent.last_error_message if intent is not None else ""
        if payment.state == PaymentState.CREATED and not declined and intent is not None and not intent.last_error_code:
            return payment  # not confirmed yet: nothing happened
        set_state(PaymentState.FAILED, code, message)
        stock_release(order=order)
        # A direct debit that bounces is final: the order is cancelled.
        if (was_processing or payment.method == PaymentMethod.SEPA_DEBIT) and order.status in UNPAID_OPEN_STATUSES:
            order_transition(order=order, to_status=S.CANCELLED, cause=_("The direct debit failed"))
    elif now_status == "canceled":
        set_state(PaymentState.CANCELED)
        latest = order.payments.order_by("-created_at", "-id").first()
        if latest is not None and latest.pk == payment.pk and order.status in UNPAID_OPEN_STATUSES:
            stock_release(order=order)
            order_transition(order=order, to_status=S.CANCELLED, cause=_("The payment was cancelled"))
    return payment


def payment_capture(*, payment: Payment, actor: AbstractBaseUser | None) -> Payment:
    """Capture a payment held for review (server-side only, from the admin)."""
    if payment.state != PaymentState.REQUIRES_CAPTURE:
        raise ApplicationError(_("Only a payment held for review can be captured."))
    intent = gateway.intent_capture(
        intent_id=payment.stripe_payment_intent_id, idempotency_key=_idem(payment, "capture")
    )
    return _payment_apply_intent(payment=payment, intent=intent, cause=_("Reviewed and accepted by the shop"))


def payment_cancel_held(*, payment: Payment, actor: AbstractBaseUser | None) -> Payment:
    if payment.state != PaymentState.REQUIRES_CAPTURE:
        raise ApplicationError(_("Only a payment held for review can be cancelled here."))
    intent = gateway.intent_cancel(intent_id=payment.stripe_payment_intent_id, idempotency_key=_idem(payment, "cancel"))
    return _payment_apply_intent(payment=payment, intent=intent, cause=_("Cancelled by the shop after review"))


# --- Offline payments and fulfilment (admin) ---------------------------------------------------------------


def _pending_offline_payment(order: Order, method: str) -> Payment:
    payment = order.payments.select_for_update().filter(method=method, state=PaymentState.PENDING).first()
    if payment is None:
        raise ApplicationError(_("This order has no payment waiting for the money."))
    return payment


@transaction.atomic
def bank_transfer_mark_received(*, order: Order, actor: AbstractBaseUser | None) -> Order:
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.payment_method != PaymentMethod.BANK_TRANSFER or order.status not in UNPAID_OPEN_STATUSES:
        raise ApplicationError(_("Only an unpaid bank-transfer order can be marked as paid."))
    payment = _pending_offline_payment(order, PaymentMethod.BANK_TRANSFER)
    payment.state = PaymentState.SUCCEEDED
    payment.save(update_fields=["state", "updated_at"])
    if not order.stock_reserved:
        stock_reserve(order=order)
    return order_transition(order=order, to_status=S.PAID, cause=_("Bank transfer received"), actor=actor)


@transaction.atomic
def order_ship(*, order: Order, tracking_number: str, actor: AbstractBaseUser | None) -> Order:
    tracking_number = single_line_clean(
        tracking_number, field="tracking_number", label=_("Tracking number"), max_length=80
    )
    order = Order.objects.select_for_update().get(pk=order.pk)
    cod = order.payment_method == PaymentMethod.CASH_ON_DELIVERY and order.status == S.AWAITING_PAYMENT
    if order.status not in (S.PAID, S.PARTIALLY_REFUNDED) and not cod:
        raise ApplicationError(_("Only a paid order (or a cash-on-delivery order) can be shipped."))
    if order.flagged_reason:
        raise ApplicationError(_("This order is flagged: resolve the flag before shipping."))
    order.tracking_number = tracking_number
    order.save(update_fields=["tracking_number", "updated_at"])
    cause = _("Shipped") + (f" ({_('tracking number')} {order.tracking_number})" if order.tracking_number else "")
    return order_transition(order=order, to_status=S.SHIPPED, cause=cause, actor=actor)


@transaction.atomic
def order_mark_delivered(*, order: Order, actor: AbstractBaseUser | None) -> Order:
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status != S.SHIPPED:
        raise ApplicationError(_("Only a shipped order can be marked as delivered."))
    if order.payment_method == PaymentMethod.CASH_ON_DELIVERY:
        payment = order.payments.select_for_update().filter(state=PaymentState.PENDING).first()
        if payment is not None:
            payment.state = PaymentState.SUCCEEDED
            payment.save(update_fields=["state", "updated_at"])
    return order_transition(order=order, to_status=S.DELIVERED, cause=_("Delivered"), actor=actor)


def order_cancel(*, order: Order, cause: str, actor: AbstractBaseUser | None) -> Order:
    """Cancel an unpaid order: cancel open PaymentIntents, release stock. Paid orders are refunded instead."""
    if order_paid_total(order=order).amount > 0:
        raise ApplicationError(_("This order has been paid: refund it instead of cancelling."))
    for payment in order.payments.filter(state__in=PAYMENT_OPEN_STRIPE_STATES):
        if payment.state == PaymentState.PROCESSING:
            raise ApplicationError(_("A direct debit is still processing; wait for it to settle."))
        if payment.stripe_payment_intent_id:
            intent = gateway.intent_cancel(
                intent_id=payment.stripe_payment_intent_id, idempotency_key=_idem(payment, "cancel")
            )
            if intent.status == "succeeded":
                _payment_apply_intent(payment=payment, intent=intent, cause=_("Card payment"))
                raise ApplicationError(_("The payment succeeded meanwhile: refund it instead of cancelling."))
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status not in UNPAID_OPEN_STATUSES and not (
            locked.status == S.SHIPPED and locked.payment_method == PaymentMethod.CASH_ON_DELIVERY
        ):
            raise ApplicationError(_("This order can no longer be cancelled."))
        locked.payments.filter(state__in=[*PAYMENT_OPEN_STRIPE_STATES, PaymentState.PENDING]).update(
            state=PaymentState.CANCELED, updated_at=timezone.now()
        )
        stock_release(order=locked)
        return order_transition(order=locked, to_status=S.CANCELLED, cause=cause, actor=actor)


def order_items_to_cart(*, order: Order, cart: Cart) -> None:
    """Put a cancelled order's items back into the shopper's cart (as far as the stock allows), so they can check
    out again, e.g. with another payment method after a refused payment. An open order's items stay in it."""
    order.refresh_from_db(fields=["status"])
    if order.status != S.CANCELLED:
        return
    for line in order.lines.select_related("product"):
        if line.product is None:
            continue
        try:
            cart_add(cart=cart, product=line.product, quantity=line.quantity)
        except ApplicationError:
            continue  # sold out or off sale meanwhile: the cart shows what is left


# --- Refunds -----------------------------------------------------------------------------------------------


def order_paid_total(*, order: Order) -> Money:
    paid = order.payments.filter(state=PaymentState.SUCCEEDED).aggregate(s=Sum("amount"))["s"] or 0
    return Money(paid, order.currency)


def order_refunded_total(*, order: Order) -> Money:
    return Money(order.refunds.aggregate(s=Sum("amount"))["s"] or 0, order.currency)


def order_refund(*, order: Order, amount: Money, reason: str, restock: bool, actor: AbstractBaseUser | None) -> Refund:
    """Refund part or all of what was paid; never more (the app enforces it: localstripe does not)."""
    if amount.currency != order.currency or amount.amount <= 0:
        raise ApplicationError(_("Enter a positive amount in the order's currency."), field="amount")
    if not reason.strip():
        raise ApplicationError(_("Give a reason for the refund."), field="reason")
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status not in PAID_STATUSES or locked.status == S.REFUNDED:
            raise ApplicationError(_("Only a paid order that is not fully refunded can be refunded."))
        paid = order_paid_total(order=locked)
        refundable = paid - order_refunded_total(order=locked)
        if amount > refundable:
            raise ApplicationError(
                _("At most %(amount)s can be refunded.") % {"amount": str(refundable)}, field="amount"
            )
        payment = locked.payments.filter(state=PaymentState.SUCCEEDED).order_by("-created_at").first()
        refund = Refund.objects.create(
            order=locked,
            payment=payment,
            amount=amount.amount,
            currency=amount.currency,
            reason=reason.strip()[:300],
            restock=restock,
            actor=actor,
        )
        if payment is not None and payment.method in STRIPE_METHODS and payment.stripe_payment_intent_id:
            # Inside the lock and the transaction: a gateway failure rolls the Refund row back.
            result = gateway.refund_create(
                intent_id=payment.stripe_payment_intent_id,
                amount=amount,
                idempotency_key=f"refund-{refund.pk}-{payment.idempotency_key}",
            )
            refund.stripe_refund_id = result.id
            refund.save(update_fields=["stripe_refund_id"])
        if restock:
            stock_release(order=locked)
        full = amount == refundable
        text = _("Refunded %(amount)s") % {"amount": str(amount)}
        order_transition(order=locked, to_status=S.REFUNDED if full else S.PARTIALLY_REFUNDED, cause=text, actor=actor)
    return refund


# --- Order links -------------------------------------------------------------------------------------------

# A fresh link is emailed on request at most this often per order (the page of an expired link offers it).
LINK_RESEND_INTERVAL = datetime.timedelta(minutes=15)


def order_link_secret_rotate(*, order: Order, actor: AbstractBaseUser | None) -> Order:
    """Revoke every signed link made so far for ``order`` (order page, returns, reviews): a new link secret.

    The old links open a page that offers a fresh link, sent to the order's email address only.
    """
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        locked.link_secret = new_link_secret()
        locked.save(update_fields=["link_secret", "updated_at"])
    order.link_secret = locked.link_secret
    logger.info("Links of order %s revoked by %s", locked.number, getattr(actor, "pk", None))
    return locked


def order_link_send(*, order: Order, now: datetime.datetime | None = None) -> None:
    """Email a fresh signed link to the order's own address, at most once per ``LINK_RESEND_INTERVAL``."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.link_sent_at is not None and now < locked.link_sent_at + LINK_RESEND_INTERVAL:
            raise ApplicationError(
                _(
                    "We emailed a new link for this order a few minutes ago. Please check your inbox and spam "
                    "folder, or try again in 15 minutes."
                )
            )
        locked.link_sent_at = now
        locked.save(update_fields=["link_sent_at"])
        order_id = locked.pk
        transaction.on_commit(lambda: send_order_link_email.enqueue(order_id))


# --- Background work ---------------------------------------------------------------------------------------


def payments_reconcile() -> dict[str, int]:
    """Re-read every Stripe payment still waiting and settle it as the webhook would (localstripe never retries)."""
    counts = {"checked": 0, "changed": 0, "errors": 0}
    open_attempts = Q(state__in=PAYMENT_OPEN_STRIPE_STATES)
    # Uncertain: ended here without success, recently, on an order still unpaid (or cancelled for want of
    # payment). Stripe may have charged it anyway (an answer lost on the way back); the re-read then settles
    # the order or flags it for a refund.
    uncertain = Q(
        state__in=[PaymentState.FAILED, PaymentState.CANCELED],
        updated_at__gte=timezone.now() - RECONCILE_UNCERTAIN_WINDOW,
        order__status__in=[*UNPAID_OPEN_STATUSES, S.CANCELLED],
    )
    for payment in Payment.objects.filter(open_attempts | uncertain, stripe_payment_intent_id__gt="").select_related(
        "order"
    ):
        counts["checked"] += 1
        before = payment.state
        try:
            after = payment_settle(payment=payment, cause=_("Payment checked with Stripe"))
        except gateway.GatewayError:
            counts["errors"] += 1
            continue
        if after.state != before:
            counts["changed"] += 1
    return counts


def orders_expire_unpaid(*, now: datetime.datetime | None = None) -> int:
    """Cancel unpaid orders once ``expires_at`` has passed, releasing their stock: the hold the shopper was told
    ("we hold these items for you until ...") ends exactly then, not a moment before.

    Covered: orders waiting for a card, SEPA or bank-transfer payment, and offline orders still waiting for the
    merchant's review. Not covered: a confirmed cash-on-delivery order (it waits for shipping, not for money) and
    a card payment held for review (authorised at Stripe; the merchant captures or cancels it).
    """
    now = now or timezone.now()
    expired = 0
    waiting = Q(status__in=[S.PLACED, S.AWAITING_PAYMENT]) & ~Q(payment_method=PaymentMethod.CASH_ON_DELIVERY)
    held_offline = Q(status=S.HELD_FOR_REVIEW, payment_method__in=OFFLINE_METHODS)
    for order in Order.objects.filter(waiting | held_offline, expires_at__lt=now):
        for payment in order.payments.filter(state__in=PAYMENT_OPEN_STRIPE_STATES):
            try:
                payment_settle(payment=payment, cause=_("Payment checked with Stripe"))
            except gateway.GatewayError:
                continue
        order.refresh_from_db()
        held = order.status == S.HELD_FOR_REVIEW and order.payment_method in OFFLINE_METHODS
        if order.status not in (S.PLACED, S.AWAITING_PAYMENT) and not held:
            continue
        cause = _("Not confirmed in time: the order expired") if held else _("Not paid in time: the order expired")
        try:
            order_cancel(order=order, cause=cause, actor=None)
            expired += 1
        except (ApplicationError, gateway.GatewayError) as exc:
            logger.info("Order %s not expired: %s", order.number, exc)
    return expired
