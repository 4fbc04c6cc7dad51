"""Staff-only pages outside /admin/ demand the admin's two-factor bar (``accounts.decorators.staff_mfa_required``).

``STAFF_URLS`` lists every staff-only URL with a way to build it; the list is checked against the URL conf, so a
new staff-only view that is not listed (or not decorated) fails here [bar 24, 26; ASVS 6.3.3].
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.factories import UserFactory
from chat.factories import ConversationFactory
from orders.factories import OrderFactory
from returns.models import ReturnRequest
from returns.services import request_create
from tests.accounts.helpers import password_step, sign_in, totp_enable, user_make
from tests.returns.conftest import image_upload, make_order, qty

pytestmark = pytest.mark.django_db

# Words that mean "this view checks staff status or a permission itself": only the decorator may.
HAND_MADE_STAFF_CHECKS = ("is_staff", "is_superuser", "has_perm", "staff_member_required", "permission_required",
                          "user_passes_test")  # fmt: skip
PROJECT_APPS = ("accounts", "backoffice", "chat", "core", "fraud", "payments", "prices", "returns", "reviews", "shop",
                "support", "trust")


def _complaint_photo_url() -> str:
    order = make_order(user=UserFactory())
    request_create(
        order=order,
        kind="complaint",
        quantities=qty(order, 1),
        reason="The handle came off on day one.",
        iban="NL91ABNA0417164300",
        account_holder="Bea Buyer",
        photos=[image_upload()],
    )
    rr = ReturnRequest.objects.get()
    return reverse("returns:staff_photo", args=[rr.number, rr.photos.get().pk])


# URL name -> (builder of a URL that answers 200 for a permitted staff member, the permission it needs)
STAFF_URLS: dict[str, tuple[Callable[[], str], str]] = {
    "returns:staff_photo": (_complaint_photo_url, "returns.view_returnrequest"),
    "chat:staff_inbox": (lambda: reverse("chat:staff_inbox"), "chat.answer_chat"),
    "backoffice:packing_slip": (lambda: reverse("backoffice:packing_slip", args=[OrderFactory().pk]),
                                "orders.view_order"),
    "backoffice:invoice": (lambda: reverse("backoffice:invoice", args=[OrderFactory().pk]), "orders.view_order"),
    "backoffice:export_orders": (lambda: reverse("backoffice:export_orders"), "orders.view_order"),
    "backoffice:export_refunds": (lambda: reverse("backoffice:export_refunds"), "payments.view_refund"),
    "backoffice:export_reviews": (lambda: reverse("backoffice:export_reviews"), "reviews.view_review"),
    "chat:staff_poll": (lambda: reverse("chat:staff_poll"), "chat.answer_chat"),
    "chat:staff_conversation": (
        lambda: reverse("chat:staff_conversation", args=[ConversationFactory().public_id]), "chat.answer_chat"
    ),
}


def _patterns(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, Callable]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the admin has its own bar: accounts.middleware (tests/security/test_admin_access.py)
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry.callback


def test_the_list_names_every_staff_only_view_in_the_url_conf():
    views = _patterns(get_resolver())
    decorated = {name: view.staff_permission for name, view in views if hasattr(view, "staff_permission")}
    assert decorated == {name: perm for name, (_build, perm) in STAFF_URLS.items()}


def test_no_view_module_outside_the_admin_checks_staff_status_by_hand():
    """A staff check written into a view instead of the decorator would skip two-factor: none may exist."""
    modules = {view.__module__ for _name, view in _patterns(get_resolver())}
    checked = 0
    for module_name in sorted(modules):
        if module_name.split(".")[0] not in PROJECT_APPS:
            continue  # allauth, Django
        source = inspect.getsource(importlib.import_module(module_name))
        for word in HAND_MADE_STAFF_CHECKS:
            assert word not in source, f"{module_name} uses {word}: use accounts.decorators.staff_mfa_required"
        checked += 1
    assert checked >= 8


@pytest.fixture
def staff_with_perm():
    """A staff member with the permissions of every listed URL (superuser: every permission)."""
    return user_make(username="sam", email="sam@trustmark.example", superuser=True)


@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_anonymous_is_sent_to_sign_in(client, name):
    url = STAFF_URLS[name][0]()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login")) and "next=" in response["Location"]


@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_staff_without_two_factor_is_sent_to_set_it_up(client, staff_with_perm, name):
    url = STAFF_URLS[name][0]()
    sign_in(client, staff_with_perm)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_password_without_the_code_step_is_refused(client, staff_with_perm, name):
    """Password typed, TOTP step not done: allauth has not signed the user in, so the page is not shown."""
    totp_enable(staff_with_perm)
    url = STAFF_URLS[name][0]()
    response = password_step(client, email=staff_with_perm.email)
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_a_session_that_skipped_the_code_must_pass_it(client, staff_with_perm, name):
    """force_login stands in for any session signed in with a password only (e.g. before TOTP was set up)."""
    totp_enable(staff_with_perm)
    url = STAFF_URLS[name][0]()
    client.force_login(staff_with_perm)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_staff_with_two_factor_gets_the_page(client, staff_with_perm, name):
    url = STAFF_URLS[name][0]()
    sign_in(client, staff_with_perm, secret=totp_enable(staff_with_perm))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_staff_with_two_factor_but_without_the_permission_get_403(client, name):
    clerk = user_make(username="clerk", email="clerk@trustmark.example", staff=True)
    url = STAFF_URLS[name][0]()
    sign_in(client, clerk, secret=totp_enable(clerk))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_a_shopper_gets_403(client, name):
    shopper = user_make(username="sue", email="sue@example.com")
    url = STAFF_URLS[name][0]()
    sign_in(client, shopper)
    assert client.get(url).status_code == 403


def test_the_admin_links_complaint_photos_to_the_staff_page(client, staff_with_perm):
    url = _complaint_photo_url()
    rr = ReturnRequest.objects.get()
    sign_in(client, staff_with_perm, secret=totp_enable(staff_with_perm))
    page = client.get(reverse("admin:returns_returnrequest_change", args=[rr.pk])).content.decode()
    assert url in page


def test_shopper_pages_of_a_request_give_staff_without_two_factor_nothing(client, staff_with_perm):
    """The shopper's request, label and photo URLs once let any staff session in, two-factor or not."""
    totp_enable(staff_with_perm)
    _complaint_photo_url()
    rr = ReturnRequest.objects.get()
    client.force_login(staff_with_perm)
    for url in (
        rr.get_absolute_url(),
        reverse("returns:request_label", args=[rr.number]),
        reverse("returns:request_photo", args=[rr.number, rr.photos.get().pk]),
    ):
        assert client.get(url).status_code == 404, url
