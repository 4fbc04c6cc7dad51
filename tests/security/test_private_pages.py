"""Personal pages tell every cache not to keep them: ``Cache-Control: private, no-store`` [issue 14, item 6].

A shared computer's browser cache, a company proxy or a CDN must never hand one shopper's order, return, ticket,
account or sign-in page to the next person. Every page is marked private unless it is one of the public
catalogue pages (``core.private_pages.PUBLIC_VIEWS``) seen by an anonymous visitor without a flash message:
those stay cacheable (another issue makes them cookie-free and cacheable).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Address
from chat.factories import ConversationFactory
from chat.tokens import conversation_token
from core.private_pages import PUBLIC_VIEWS
from devmail.models import MailboxMessage
from orders.access import order_access_key, order_link_resend_ticket, order_signed_path
from returns.services import request_approve, request_create
from reviews.models import Review
from reviews.tokens import review_link_token
from shop.factories import ProductFactory
from shop.models import Product
from support.factories import TicketFactory
from tests.accounts.helpers import sign_in, totp_enable, user_make
from tests.returns.conftest import GOOD_IBAN, image_upload, make_order

pytestmark = pytest.mark.django_db


def is_private(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


class World:
    """One of everything personal: a shopper with orders, returns, a ticket, a review, an address; a guest order
    reached through its signed link; a staff member past the admin's two-factor step."""

    def __init__(self) -> None:
        self.product = ProductFactory(name="Stoneware mug", stock=10)
        self.ada = user_make(username="ada", email="ada@example.com")
        self.secret = totp_enable(self.ada)
        self.order = make_order(user=self.ada)
        first, second = self.order.lines.order_by("id")
        self.return_request = request_create(
            order=self.order, kind="return", quantities={first.pk: 1}, iban=GOOD_IBAN, account_holder="Ada"
        )
        request_approve(request=self.return_request, instructions="Drop it at any PostNL point.", actor=None)
        self.complaint = request_create(
            order=self.order, kind="complaint", quantities={second.pk: 1}, reason="The handle came off at once.",
            iban=GOOD_IBAN, account_holder="Ada", photos=[image_upload()],
        )
        self.photo = self.complaint.photos.get()
        self.ticket = TicketFactory(user=self.ada, email=self.ada.email)
        self.review = Review.objects.create(
            product=first.product, author=self.ada, display_name="Ada L.", rating=5, title="Lovely",
            body="Heavy, well glazed and keeps the tea hot.", status=Review.Status.PUBLISHED,
        )
        self.address = Address.objects.create(
            user=self.ada, full_name="Ada Lovelace", line1="Damrak 1", postal_code="1012 LG", city="Amsterdam",
            country="NL",
        )
        self.guest_order = make_order()
        self.guest_key = order_access_key(order=self.guest_order)
        self.guest_line = self.guest_order.lines.order_by("id").first()
        self.mail = MailboxMessage.objects.create(recipient="ada@example.com", subject="Hi", text="Hi", html="<p>Hi")

    def guest(self, path: str) -> str:
        return f"{path}?key={self.guest_key}"


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def anonymous(world) -> Client:
    client = Client()
    client.post(reverse("shop:cart_add", args=[world.product.pk]), {"quantity": "1"})  # a guest cart
    return client


@pytest.fixture
def shopper(world) -> Client:
    client = Client()
    sign_in(client, world.ada, secret=world.secret)
    return client


@pytest.fixture
def staff(world) -> Client:
    client = Client()
    boss = user_make(username="boss", email="boss@trustmark.example", superuser=True)
    sign_in(client, boss, secret=totp_enable(boss))
    return client


def r(name: str, *args) -> str:
    return reverse(name, args=args)


def _chat_token() -> str:
    return conversation_token(public_id=ConversationFactory().public_id)


# URL name -> (who asks, method, path[, POST body]). Every URL name outside the admin is either here or in PUBLIC_VIEWS.
PERSONAL_PAGES = {
    # Cart and checkout (the guest's cart lives in the session).
    "shop:cart": ("anonymous", "get", lambda w: r("shop:cart")),
    "shop:cart_add": ("anonymous", "post", lambda w: r("shop:cart_add", w.product.pk)),
    "shop:cart_update": ("anonymous", "post", lambda w: r("shop:cart_update", w.product.pk)),
    "shop:cart_remove": ("anonymous", "post", lambda w: r("shop:cart_remove", w.product.pk)),
    "checkout:checkout": ("anonymous", "get", lambda w: r("checkout:checkout")),
    "checkout:checkout_address": ("anonymous", "get", lambda w: r("checkout:checkout_address")),
    "checkout:checkout_delivery": ("anonymous", "get", lambda w: r("checkout:checkout_delivery")),
    "checkout:checkout_method": ("anonymous", "get", lambda w: r("checkout:checkout_method")),
    "checkout:checkout_review": ("anonymous", "get", lambda w: r("checkout:checkout_review")),
    "checkout:checkout_pay": ("anonymous", "post", lambda w: r("checkout:checkout_pay")),
    "checkout:currency_set": ("anonymous", "get", lambda w: r("checkout:currency_set") + "?currency=PLN&next=/"),
    # Orders: through the signed link from the emails, and the account's own.
    "orders:order_detail": ("anonymous", "get", lambda w: order_signed_path(order=w.guest_order)),
    "orders:order_pay": ("anonymous", "post", lambda w: w.guest(r("orders:order_pay", w.guest_order.number))),
    "orders:order_payment_status": (
        "anonymous", "post", lambda w: w.guest(r("orders:order_payment_status", w.guest_order.number))
    ),
    "orders:order_payment_return": (
        "anonymous", "get", lambda w: w.guest(r("orders:order_payment_return", w.guest_order.number))
    ),
    "orders:order_change_method": (
        "anonymous", "post", lambda w: w.guest(r("orders:order_change_method", w.guest_order.number))
    ),
    "orders:order_list": ("shopper", "get", lambda w: r("orders:order_list")),
    # Returns.
    "returns:request_start": ("anonymous", "get", lambda w: w.guest(r("returns:request_start", w.guest_order.number))),
    "returns:request_detail": ("shopper", "get", lambda w: r("returns:request_detail", w.return_request.number)),
    "returns:request_label": ("shopper", "get", lambda w: r("returns:request_label", w.return_request.number)),
    "returns:request_photo": ("shopper", "get", lambda w: r("returns:request_photo", w.complaint.number, w.photo.pk)),
    "returns:request_account": ("shopper", "post", lambda w: r("returns:request_account", w.return_request.number)),
    "returns:request_account_confirm": (
        "shopper", "post", lambda w: r("returns:request_account_confirm", w.return_request.number)
    ),
    "returns:staff_photo": ("staff", "get", lambda w: r("returns:staff_photo", w.complaint.number, w.photo.pk)),
    "orders:order_link_resend": (
        "anonymous", "post", lambda w: r("orders:order_link_resend", w.guest_order.number),
        lambda w: {"ticket": order_link_resend_ticket(order=w.guest_order)},
    ),
    # Reviews written by someone, or through an order's signed link.
    "reviews:write": ("shopper", "get", lambda w: r("reviews:write", w.product.slug)),
    "reviews:write_from_order": (
        "anonymous", "get",
        lambda w: r("reviews:write_from_order", review_link_token(order=w.guest_order, product=w.guest_line.product)),
    ),
    "reviews:edit": ("shopper", "get", lambda w: r("reviews:edit", w.review.pk)),
    "reviews:delete": ("shopper", "get", lambda w: r("reviews:delete", w.review.pk)),
    "reviews:helpful": ("anonymous", "post", lambda w: r("reviews:helpful", w.review.pk)),
    "reviews:report": ("anonymous", "get", lambda w: r("reviews:report", w.review.pk)),
    # Support: forms (they may carry the shopper's details) and tickets.
    "support:contact": ("anonymous", "get", lambda w: r("support:contact")),
    "support:report": ("anonymous", "get", lambda w: r("support:report")),
    "support:report_received": ("anonymous", "get", lambda w: r("support:report_received")),
    "support:tickets": ("shopper", "get", lambda w: r("support:tickets")),
    "support:ticket_detail": ("shopper", "get", lambda w: r("support:ticket_detail", w.ticket.reference)),
    # Live chat: the widget's endpoints (the visitor's name, CSRF token, own conversation) and the staff inbox.
    "chat:status": ("anonymous", "get", lambda w: r("chat:status")),
    "chat:start": ("anonymous", "post", lambda w: r("chat:start")),
    "chat:messages": ("anonymous", "get", lambda w: r("chat:messages", _chat_token())),
    "chat:send": ("anonymous", "post", lambda w: r("chat:send", _chat_token()), lambda w: {"body": "Hello?"}),
    "chat:end": ("anonymous", "post", lambda w: r("chat:end", _chat_token())),
    "chat:staff_inbox": ("staff", "get", lambda w: r("chat:staff_inbox")),
    "chat:staff_poll": ("staff", "get", lambda w: r("chat:staff_poll")),
    "chat:staff_conversation": (
        "staff", "get", lambda w: r("chat:staff_conversation", ConversationFactory().public_id)
    ),
    # The back office's documents and exports, and the shopper's invoice (through the order's signed link).
    "backoffice:packing_slip": ("staff", "get", lambda w: r("backoffice:packing_slip", w.guest_order.pk)),
    "backoffice:invoice": ("staff", "get", lambda w: r("backoffice:invoice", w.guest_order.pk)),
    "backoffice:export_orders": ("staff", "get", lambda w: r("backoffice:export_orders")),
    "backoffice:export_refunds": ("staff", "get", lambda w: r("backoffice:export_refunds")),
    "backoffice:export_reviews": ("staff", "get", lambda w: r("backoffice:export_reviews")),
    "backoffice:shopper_invoice": (
        "anonymous", "get", lambda w: w.guest(r("backoffice:shopper_invoice", w.guest_order.number))
    ),
    # The account.
    "accounts:overview": ("shopper", "get", lambda w: r("accounts:overview")),
    "accounts:orders": ("shopper", "get", lambda w: r("accounts:orders")),
    "accounts:order": ("shopper", "get", lambda w: r("accounts:order", w.order.number)),
    "accounts:addresses": ("shopper", "get", lambda w: r("accounts:addresses")),
    "accounts:address_create": ("shopper", "get", lambda w: r("accounts:address_create")),
    "accounts:address_update": ("shopper", "get", lambda w: r("accounts:address_update", w.address.pk)),
    "accounts:address_delete": ("shopper", "get", lambda w: r("accounts:address_delete", w.address.pk)),
    "accounts:address_default": ("shopper", "post", lambda w: r("accounts:address_default", w.address.pk)),
    "accounts:security": ("shopper", "get", lambda w: r("accounts:security")),
    "accounts:sessions_end_others": ("shopper", "post", lambda w: r("accounts:sessions_end_others")),
    "accounts:delete": ("shopper", "get", lambda w: r("accounts:delete")),
    "accounts:data_export": ("shopper", "get", lambda w: r("accounts:data_export")),
    # allauth: sign-in, sign-up, passwords, email, sessions, two-factor.
    "account_login": ("anonymous", "get", lambda w: r("account_login")),
    "account_logout": ("shopper", "get", lambda w: r("account_logout")),
    "account_inactive": ("anonymous", "get", lambda w: r("account_inactive")),
    "account_signup": ("anonymous", "get", lambda w: r("account_signup")),
    "account_reauthenticate": ("shopper", "get", lambda w: r("account_reauthenticate")),
    "account_email": ("shopper", "get", lambda w: r("account_email")),
    "account_email_verification_sent": ("anonymous", "get", lambda w: r("account_email_verification_sent")),
    "account_change_password": ("shopper", "get", lambda w: r("account_change_password")),
    "account_set_password": ("shopper", "get", lambda w: r("account_set_password")),
    "account_reset_password": ("anonymous", "get", lambda w: r("account_reset_password")),
    "account_confirm_login_code": ("anonymous", "get", lambda w: r("account_confirm_login_code")),
    "account_confirm_email": ("anonymous", "get", lambda w: r("account_confirm_email", "not-a-real-key")),
    "account_reset_password_from_key_done": ("anonymous", "get", lambda w: r("account_reset_password_from_key_done")),
    "account_reset_password_from_key": (
        "anonymous", "get", lambda w: reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "x-y"})
    ),
    "account_reset_password_done": ("anonymous", "get", lambda w: r("account_reset_password_done")),
    "usersessions_list": ("shopper", "get", lambda w: r("usersessions_list")),
    "mfa_index": ("shopper", "get", lambda w: r("mfa_index")),
    "mfa_authenticate": ("anonymous", "get", lambda w: r("mfa_authenticate")),
    "mfa_reauthenticate": ("shopper", "get", lambda w: r("mfa_reauthenticate")),
    "mfa_activate_totp": ("shopper", "get", lambda w: r("mfa_activate_totp")),
    "mfa_deactivate_totp": ("shopper", "get", lambda w: r("mfa_deactivate_totp")),
    "mfa_view_recovery_codes": ("shopper", "get", lambda w: r("mfa_view_recovery_codes")),
    "mfa_generate_recovery_codes": ("shopper", "get", lambda w: r("mfa_generate_recovery_codes")),
    "mfa_download_recovery_codes": ("shopper", "get", lambda w: r("mfa_download_recovery_codes")),
    # Machine endpoints and the language switch: nothing to cache either.
    "healthz": ("anonymous", "get", lambda w: r("healthz")),
    "csrf_token": ("anonymous", "get", lambda w: r("csrf_token")),  # the visitor's own token
    "set_language": ("anonymous", "post", lambda w: r("set_language")),
    "stripe_webhook": ("anonymous", "post", lambda w: r("stripe_webhook")),
    # The admin (every admin URL goes through the same middleware; a few stand for the rest).
    "admin:index": ("staff", "get", lambda w: r("admin:index")),
    "admin:orders_order_changelist": ("staff", "get", lambda w: r("admin:orders_order_changelist")),
    "admin:orders_order_change": ("staff", "get", lambda w: r("admin:orders_order_change", w.order.pk)),
    "admin:support_ticket_change": ("staff", "get", lambda w: r("admin:support_ticket_change", w.ticket.pk)),
    "admin:returns_returnrequest_change": (
        "staff", "get", lambda w: r("admin:returns_returnrequest_change", w.return_request.pk)
    ),
    "admin:login": ("anonymous", "get", lambda w: r("admin:login")),
    # The demo mailbox (dev and test only): everybody's email.
    "devmail:inbox": ("anonymous", "get", lambda w: r("devmail:inbox")),
    "devmail:message": ("anonymous", "get", lambda w: r("devmail:message", w.mail.pk)),
    "devmail:message_html": ("anonymous", "get", lambda w: r("devmail:message_html", w.mail.pk)),
}


def url_names(patterns, namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_page_is_either_public_or_tested_here():
    names = {name for name in url_names(get_resolver().url_patterns) if not name.startswith("admin:")}
    assert names >= PUBLIC_VIEWS  # no stale public entry
    assert names - PUBLIC_VIEWS - set(PERSONAL_PAGES) == set(), "a new page: personal (test it here) or public?"
    assert PUBLIC_VIEWS.isdisjoint(PERSONAL_PAGES)


@pytest.mark.parametrize("name", sorted(PERSONAL_PAGES))
def test_every_personal_page_says_private_no_store(request, world, name):
    who, method, path, *data = PERSONAL_PAGES[name]  # data: the POST body, where the page needs one
    client = request.getfixturevalue(who)
    response = getattr(client, method)(path(world), *(body(world) for body in data))
    assert response.status_code not in (404, 405) and response.status_code < 500, (name, response.status_code)
    assert is_private(response), (name, response.status_code, response.get("Cache-Control"))


def test_the_guest_order_page_through_its_signed_link_shows_the_order_and_is_private(world):
    response = Client().get(order_signed_path(order=world.guest_order))
    assert response.status_code == 200
    assert world.guest_order.number in response.content.decode()
    assert is_private(response)


def public_paths(world) -> list[str]:
    product = Product.objects.filter(is_active=True).first()
    return [
        r("shop:home"),
        product.category.get_absolute_url(),
        product.get_absolute_url(),
        r("shop:search") + "?q=mug",
        r("reviews:product", world.review.product.slug),
        r("reviews:policy"),
        r("trust:centre"),
        r("checkout:fees"),
        r("support:faq"),
        r("support:phishing"),
    ]


def test_anonymous_catalogue_pages_stay_cacheable(world):
    visitor = Client()
    for path in public_paths(world):
        response = visitor.get(path)
        assert response.status_code == 200, path
        assert "no-store" not in response.get("Cache-Control", ""), path
        assert "private" not in response.get("Cache-Control", ""), path


def test_catalogue_pages_are_private_for_a_signed_in_shopper(world, shopper):
    for path in public_paths(world):
        response = shopper.get(path)
        assert response.status_code == 200, path
        assert is_private(response), path  # the header names the account


def test_a_catalogue_page_showing_a_flash_message_is_private_once(world):
    visitor = Client()
    sold_out = ProductFactory(name="Rare teapot", stock=0)
    response = visitor.post(reverse("shop:cart_add", args=[sold_out.pk]), {"quantity": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == sold_out.get_absolute_url()
    assert 'class="alert' in response.content.decode()
    assert is_private(response)
    again = visitor.get(sold_out.get_absolute_url())
    assert "Cache-Control" not in again
