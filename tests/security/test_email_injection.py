"""Email content injection (issue 14, item 4).

Names, address lines, order numbers and the like end up in text emails, some sent to whatever address was
typed, next to the genuine anti-phishing verification code. So every one-line field refuses line breaks,
control and invisible characters (and over-long values) in every form, on the model field and again in every
service, with a clear message and nothing stored; and an email to an address nobody confirmed carries nothing
its sender wrote.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from allauth.account.models import EmailAddress
from django import forms
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import accounts.forms
import checkout.forms
import payments.admin
import payments.forms
import returns.forms
import reviews.forms
import support.forms
from accounts.models import Address
from accounts.services import address_create, address_update
from checkout.selectors import CHECKOUT_SESSION_KEY
from checkout.services import CheckoutDetails, order_place
from core.errors import ApplicationError
from orders.factories import OrderFactory, order_move
from orders.models import Order, PaymentMethod, ShipmentDelay
from orders.services import order_mark_delayed, order_ship
from orders.states import OrderStatus
from orders.tasks import send_order_status_email
from payments.services import payment_sepa_start
from returns.models import ReturnRequest
from returns.services import request_create
from reviews.models import Review
from reviews.services import review_edit, review_submit
from shop.factories import ProductFactory
from shop.selectors import CartItem, CartSummary
from support.models import FraudReport, Ticket
from support.selectors import order_verification_code
from support.services import fraud_report_submit, ticket_reply, ticket_submit
from tests.accounts.helpers import PASSWORD, address_data, sign_in, user_make
from tests.returns.conftest import GOOD_IBAN
from tests.returns.conftest import make_order as delivered_order
from tests.reviews.conftest import make_order as reviews_order
from tests.security.shop_flow import CHECKOUT_ADDRESS, checkout_to_pay_step, checkout_token, shop_make
from tests.text_payloads import BAD_EMAILS, PAYLOADS

pytestmark = pytest.mark.django_db

REFUSED = "Use a single line of plain text, without line breaks, tabs or invisible control characters."
each_payload = pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
each_bad_email = pytest.mark.parametrize("email", BAD_EMAILS.values(), ids=BAD_EMAILS.keys())

CONTACT = {
    "name": "Ada Lovelace",
    "email": "ada@example.com",
    "order_number": "",
    "topic": "delivery",
    "message": "My parcel has not arrived after a week. Can you check?",
    "website": "",
}
REPORT = {
    "kind": "phishing_sms",
    "details": "A text message asked me to pay a 2 euro customs fee through a link.",
    "order_number": "",
    "sender": "+31 6 1234 5678",
    "contact_email": "ada@example.com",
    "website": "",
}
TICKET_ARGS = {name: value for name, value in CONTACT.items() if name != "website"}
REPORT_ARGS = {name: value for name, value in REPORT.items() if name != "website"}
ADDRESS = address_data()


# --- The class: every one-line field of every shopper form (and the admin forms that feed emails) ------------

FORM_MODULES = [
    accounts.forms, checkout.forms, payments.forms, payments.admin, support.forms, returns.forms, reviews.forms
]
MULTI_LINE_OR_NOT_TEXT = (forms.Textarea, forms.PasswordInput, forms.HiddenInput)
# One-line inputs that never reach an email or the database as text, each for its reason.
NOT_STORED = {
    ("FaqSearchForm", "q"),  # a search box: read, never stored or sent
    ("TicketForm", "website"),  # the honeypot: any value at all is refused
    ("FraudReportForm", "website"),
    ("RefundForm", "amount"),  # parsed as a number
}


def one_line_form_fields():
    for module in FORM_MODULES:
        for form_class in vars(module).values():
            if not (isinstance(form_class, type) and issubclass(form_class, forms.BaseForm)):
                continue
            if form_class.__module__ != module.__name__:
                continue
            for name, field in form_class.base_fields.items():
                if not isinstance(field, forms.CharField) or isinstance(field.widget, MULTI_LINE_OR_NOT_TEXT):
                    continue
                if (form_class.__name__, name) in NOT_STORED:
                    continue
                model = getattr(getattr(form_class, "_meta", None), "model", None)
                yield pytest.param(form_class, name, field, model, id=f"{module.__name__}.{form_class.__name__}.{name}")


@pytest.mark.parametrize(("form_class", "name", "field", "model"), list(one_line_form_fields()))
def test_every_one_line_form_field_refuses_every_payload(form_class, name, field, model):
    """A field added later without the rule fails here (a model form's rule lives on its model field)."""
    for label, payload in PAYLOADS.items():
        value = payload if name not in {"email", "contact_email"} else payload.replace("Eve", "eve@x.example")
        with pytest.raises(ValidationError):
            field.clean(value)
            if model is not None:
                model._meta.get_field(name).run_validators(value)
            pytest.fail(f"{form_class.__name__}.{name} accepted {label}")
    limit = field.max_length or model._meta.get_field(name).max_length
    with pytest.raises(ValidationError):  # one character over the field's length
        field.clean("a" * (limit + 1))
        model._meta.get_field(name).clean("a" * (limit + 1), None)


def test_the_search_finds_every_shopper_form():
    found = {(p.values[0].__name__, p.values[1]) for p in one_line_form_fields()}
    assert {("AddressForm", "full_name"), ("TicketForm", "name"), ("ReviewForm", "title"),
            ("RequestForm", "account_holder"), ("FraudReportForm", "sender"), ("DelayForm", "reason")} <= found


MODEL_FIELDS = [
    (Address, ["full_name", "line1", "line2", "postal_code", "city"]),
    (Order, ["email", "full_name", "address_line1", "address_line2", "postal_code", "city", "phone",
             "tracking_number"]),
    (ShipmentDelay, ["reason"]),
    (Ticket, ["name", "email", "order_number"]),
    (FraudReport, ["order_number", "sender", "contact_email"]),
    (ReturnRequest, ["iban", "account_holder"]),
    (Review, ["title"]),
]


@pytest.mark.parametrize(("model", "names"), MODEL_FIELDS, ids=[m.__name__ for m, _ in MODEL_FIELDS])
def test_the_model_fields_behind_them_refuse_it_too(model, names):
    for name in names:
        with pytest.raises(ValidationError):
            model._meta.get_field(name).run_validators("Eve\u2028Call +1 555 0100")


# --- Forms over HTTP: a clear message next to the field, nothing stored, nothing sent ------------------------


@each_payload
def test_contact_form(client, payload):
    for field in ("name", "order_number"):
        response = client.post(reverse("support:contact"), {**CONTACT, field: payload})
        body = response.content.decode()
        assert response.status_code == 200
        assert f'id="id_{field}_error"' in body and REFUSED in body
    assert not Ticket.objects.exists() and mail.outbox == []


@each_bad_email
def test_contact_form_email(client, email):
    response = client.post(reverse("support:contact"), {**CONTACT, "email": email})
    assert 'id="id_email_error"' in response.content.decode()
    assert not Ticket.objects.exists() and mail.outbox == []


@each_payload
def test_fraud_report_form(client, payload):
    for field in ("sender", "order_number"):
        response = client.post(reverse("support:report"), {**REPORT, field: payload})
        body = response.content.decode()
        assert f'id="id_{field}_error"' in body and REFUSED in body
    response = client.post(reverse("support:report"), {**REPORT, "contact_email": f"eve@x{payload}.example"})
    assert 'id="id_contact_email_error"' in response.content.decode()
    assert not FraudReport.objects.exists() and mail.outbox == []


@each_payload
def test_checkout_address_form(client, payload):
    _category, product = shop_make()
    client.post(reverse("shop:cart_add", args=[product.pk]), {"quantity": "1"})
    for field in ("full_name", "address_line1", "address_line2", "postal_code", "city", "phone"):
        response = client.post(reverse("checkout:checkout_address"), {**CHECKOUT_ADDRESS, field: payload})
        assert response.status_code == 200, field  # the page again, not the next step
        assert REFUSED in response.content.decode(), field
    response = client.post(reverse("checkout:checkout_address"), {**CHECKOUT_ADDRESS, "email": "bea@exa\u200bmple.com"})
    assert response.status_code == 200
    assert not (client.session.get(CHECKOUT_SESSION_KEY) or {}).get("full_name")  # nothing kept for the order


@each_payload
def test_account_address_form(client, payload):
    ada = user_make(username="ada", email="ada@example.com")
    sign_in(client, ada)
    for field in ("full_name", "line1", "line2", "postal_code", "city"):
        response = client.post(reverse("accounts:address_create"), {**ADDRESS, field: payload})
        body = response.content.decode()
        # Django's own check answers first for NUL ("Null characters are not allowed.").
        assert response.status_code == 200 and (REFUSED in body or "Null characters" in body), field
    assert not Address.objects.exists()


@each_bad_email
def test_sign_up_refuses_such_an_email(client, email):
    response = client.post(reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert not get_user_model().objects.exists() and mail.outbox == []


@each_payload
def test_review_title(client, payload):
    product = ProductFactory()
    buyer = user_make(username="anna", email="anna@example.com")
    reviews_order(user=buyer, products=[product])  # delivered
    client.force_login(buyer)
    response = client.post(
        reverse("reviews:write", kwargs={"slug": product.slug}),
        {"rating": "4", "title": payload, "body": "Washed it ten times, still looks new."},
    )
    assert response.status_code == 400 and REFUSED in response.content.decode()
    assert not Review.objects.exists()


@each_payload
def test_return_request_account_holder(client, payload):
    user = user_make(username="ret", email="ret@example.com")
    order = delivered_order(user=user, lines=[(2500, 1)])
    client.force_login(user)
    line = order.lines.get()
    response = client.post(
        reverse("returns:request_start", args=[order.number]),
        {"kind": "withdrawal", "reason": "", "iban": GOOD_IBAN, "account_holder": payload, f"qty_{line.pk}": "1"},
    )
    assert response.status_code in (200, 400) and REFUSED in response.content.decode()
    assert not ReturnRequest.objects.exists()


@each_payload
def test_sepa_account_holder_at_the_pay_step(client, payload):
    """The page says what is wrong with the field (not "accept the terms"), and no order is placed."""
    _category, product = shop_make()
    review = checkout_to_pay_step(client, product, method=PaymentMethod.SEPA_DEBIT)
    response = client.post(reverse("checkout:checkout_pay"), {
        "checkout_token": checkout_token(review.content.decode()), "accept_terms": "on", "accept_returns": "on",
        "iban": "DE89370400440532013000", "account_holder": payload,
    })
    assert response.status_code == 400
    assert f"Account holder: {REFUSED}" in response.content.decode()
    assert not Order.objects.exists()


# --- The services, called directly: the same rule, an ApplicationError, nothing stored ----------------------


def checkout_details(**overrides) -> CheckoutDetails:
    from orders.models import DeliveryOption

    option = DeliveryOption.objects.filter(active=True, zone__countries__contains="NL").first()
    data = {**CHECKOUT_ADDRESS, "delivery_option_id": option.pk, "payment_method": PaymentMethod.BANK_TRANSFER}
    data.update(overrides)
    return CheckoutDetails(**data)


def place(**overrides) -> Order:
    product = ProductFactory(price_amount=2500, stock=5)
    return order_place(
        cart=CartSummary(cart=None, items=[CartItem(product=product, quantity=1)], currency="EUR"),
        details=checkout_details(**overrides),
        checkout_token=uuid.uuid4().hex,
        user=None,
        accepted_terms=None,
        accepted_returns_policy=None,
        client=None,
        quote_fingerprint=None,
    )


@each_payload
def test_order_place(payload):
    shop_make()
    for field in ("full_name", "address_line1", "address_line2", "postal_code", "city", "phone"):
        with pytest.raises(ApplicationError) as info:
            place(**{field: payload})
        assert info.value.field == field and "single line" in info.value.message
    with pytest.raises(ApplicationError):
        place(email=f"eve@exa{payload}mple.com")
    assert not Order.objects.exists() and mail.outbox == []


@pytest.mark.parametrize(("field", "limit"), [("full_name", 200), ("address_line1", 200), ("city", 100),
                                              ("postal_code", 20), ("phone", 40)])
def test_order_place_length_boundary(field, limit, django_capture_on_commit_callbacks):
    shop_make()
    with pytest.raises(ApplicationError, match=f"at most {limit} characters"):
        place(**{field: "x" * (limit + 1)})
    assert not Order.objects.exists()
    assert getattr(place(**{field: "x" * limit}), field) == "x" * limit


@each_payload
def test_ticket_and_fraud_report_services(payload):
    for field in ("name", "order_number"):
        with pytest.raises(ApplicationError) as info:
            ticket_submit(**TICKET_ARGS | {field: payload})
        assert info.value.field == field
    with pytest.raises(ApplicationError):
        ticket_submit(**TICKET_ARGS | {"email": f"eve@x{payload}.example"})
    for field in ("sender", "order_number"):
        with pytest.raises(ApplicationError) as info:
            fraud_report_submit(**REPORT_ARGS | {field: payload})
        assert info.value.field == field
    with pytest.raises(ApplicationError):
        fraud_report_submit(**REPORT_ARGS | {"contact_email": f"eve@x{payload}.example"})
    assert not Ticket.objects.exists() and not FraudReport.objects.exists() and mail.outbox == []


@each_bad_email
def test_ticket_service_refuses_such_an_email(email):
    with pytest.raises(ApplicationError, match="valid email"):
        ticket_submit(**TICKET_ARGS | {"email": email})
    assert not Ticket.objects.exists()


def test_ticket_name_length_boundary():
    with pytest.raises(ApplicationError, match="at most 120 characters"):
        ticket_submit(**TICKET_ARGS | {"name": "n" * 121})
    assert ticket_submit(**TICKET_ARGS | {"name": "n" * 120}).name == "n" * 120


@each_payload
def test_address_services(payload):
    ada = user_make(username="ada", email="ada@example.com")
    for field in ("full_name", "line1", "line2", "postal_code", "city"):
        with pytest.raises(ApplicationError) as info:
            address_create(user=ada, **{**ADDRESS, field: payload})
        assert info.value.field == field and REFUSED in info.value.message
    assert not Address.objects.exists()
    address = address_create(user=ada, **ADDRESS)
    with pytest.raises(ApplicationError):
        address_update(user=ada, address_id=address.pk, full_name=payload)
    address.refresh_from_db()
    assert address.full_name == "Ada Lovelace"


@each_payload
def test_review_services(payload):
    product = ProductFactory()
    buyer = user_make(username="anna", email="anna@example.com")
    reviews_order(user=buyer, products=[product])  # delivered
    body = "Washed it ten times, still looks new."
    with pytest.raises(ApplicationError) as info:
        review_submit(product=product, rating=4, title=payload, body=body, user=buyer)
    assert info.value.field == "title"
    review = review_submit(product=product, rating=4, title="Sturdy", body=body, user=buyer)
    with pytest.raises(ApplicationError):
        review_edit(review=review, rating=4, title=payload, body=body, user=buyer)
    review.refresh_from_db()
    assert review.title == "Sturdy"


@each_payload
def test_return_request_service(payload):
    order = delivered_order(lines=[(2500, 1)])
    line = order.lines.get()
    with pytest.raises(ApplicationError) as info:
        request_create(order=order, kind="withdrawal", quantities={line.pk: 1}, iban=GOOD_IBAN, account_holder=payload)
    assert info.value.field == "account_holder"
    with pytest.raises(ApplicationError, match="at most 120 characters"):
        request_create(order=order, kind="withdrawal", quantities={line.pk: 1}, iban=GOOD_IBAN,
                       account_holder="a" * 121)
    assert not ReturnRequest.objects.exists()


@each_payload
def test_sepa_account_holder_is_refused_before_stripe_is_asked(payload, monkeypatch):
    """The gateway is replaced by a function that fails the test: the rule holds before any Stripe call."""
    from payments import gateway

    monkeypatch.setattr(gateway, "sepa_payment_method_create", lambda **kwargs: pytest.fail("Stripe was called"))
    order = OrderFactory(payment_method=PaymentMethod.SEPA_DEBIT)
    with pytest.raises(ApplicationError) as info:
        payment_sepa_start(order=order, iban="DE89370400440532013000", account_holder=payload)
    assert info.value.field == "account_holder"
    assert not order.payments.exists()


@each_payload
def test_staff_text_that_is_emailed_to_the_shopper(payload):
    order = delivered_order(lines=[(2500, 1)], status_path=[OrderStatus.PAID])
    with pytest.raises(ApplicationError):
        order_ship(order=order, tracking_number=f"3S{payload}", actor=None)
    today = timezone.localdate()
    with pytest.raises(ApplicationError):
        order_mark_delayed(order=order, new_from=today, new_to=today + datetime.timedelta(2), reason=payload,
                           actor=None)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.tracking_number == "" and not order.delays.exists()
    assert mail.outbox == []


# --- Emails to an address nobody confirmed carry nothing their sender wrote --------------------------------

LURE = "Your refund is blocked, call +1 555 0100"


def test_guest_ticket_confirmation_to_a_typed_address_echoes_nothing_typed(client, django_capture_on_commit_callbacks):
    """Someone types the victim's address and order number: the victim gets our genuine email, code and all,
    and not one word from them."""
    victim_order = OrderFactory(email="victim@example.com", full_name="Vera Victim")
    message = "Please call me back about my refund, I am waiting."
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("support:contact"), {
            **CONTACT, "name": LURE, "email": "victim@example.com", "order_number": victim_order.number,
            "message": message,
        })
    ticket = Ticket.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, author=None, body="We have looked into it.")
    assert [m.to for m in mail.outbox] == [["victim@example.com"], ["victim@example.com"]]
    code = order_verification_code(order=victim_order)
    for email in mail.outbox:
        assert email.body.startswith("Hello,\n")
        assert f"Verification code: {code}" in email.body
        assert "refund is blocked" not in email.body and "+1 555" not in email.body
        assert "refund is blocked" not in email.subject and message not in email.body


def test_a_shopper_writing_from_their_confirmed_address_is_greeted_by_name(client, django_capture_on_commit_callbacks):
    ada = user_make(username="ada", email="ada@example.com")
    sign_in(client, ada)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("support:contact"), CONTACT)
    assert mail.outbox[0].body.startswith("Hello Ada Lovelace,\n")
    # The same account typing someone else's address: that address is not confirmed, no name.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("support:contact"), {**CONTACT, "name": LURE, "email": "victim@example.com"})
    assert mail.outbox[1].to == ["victim@example.com"] and mail.outbox[1].body.startswith("Hello,\n")
    assert "refund is blocked" not in mail.outbox[1].body


def test_guest_order_emails_greet_without_the_typed_name(django_capture_on_commit_callbacks):
    shop_make()
    with django_capture_on_commit_callbacks(execute=True):
        order = place(full_name=LURE, email="victim@example.com")
    assert [m.to for m in mail.outbox] == [["victim@example.com"]]
    body = mail.outbox[0].body
    assert body.startswith("Hello,\n") and "refund is blocked" not in body
    assert f"Verification code: {order_verification_code(order=order)}" in body


def test_guest_return_and_review_request_emails_greet_without_the_typed_name(django_capture_on_commit_callbacks):
    order = delivered_order(lines=[(2500, 1)], status_path=[OrderStatus.PAID, OrderStatus.SHIPPED])
    Order.objects.filter(pk=order.pk).update(full_name=LURE)
    with django_capture_on_commit_callbacks(execute=True):
        order_move(order=order, to_status=OrderStatus.DELIVERED, cause="test")
    order.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        request_create(order=order, kind="withdrawal", quantities={order.lines.get().pk: 1}, iban=GOOD_IBAN,
                       account_holder="Bea Buyer")
    subjects = [m.subject for m in mail.outbox]
    assert any(s.startswith("How was your order") for s in subjects), subjects  # the review request
    assert any("We received your request" in s for s in subjects), subjects  # the return
    for email in mail.outbox:
        assert email.body.startswith("Hello,\n") and "refund is blocked" not in email.body, email.subject


def test_an_account_order_to_its_confirmed_address_greets_on_one_line_whatever_was_stored(
    django_capture_on_commit_callbacks,
):
    """A name stored before the rule (or by a path that skipped it) still cannot break the greeting's line."""
    ada = user_make(username="ada", email="ada@example.com")
    assert EmailAddress.objects.filter(user=ada, verified=True).exists()
    order = OrderFactory(user=ada, email="ada@example.com")
    Order.objects.filter(pk=order.pk).update(full_name="Ada\r\nCall +1 555 0100\u2028now")
    send_order_status_email.call(order.pk, OrderStatus.PAID)
    first, second = mail.outbox[0].body.splitlines()[:2]
    assert first == "Hello Ada Call +1 555 0100 now," and second == ""
