"""The admin: allauth sign-in, two-factor required for staff, and model permissions [bar 22, 24, 26]."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.services import MERCHANT_GROUP, merchant_group_ensure
from shop.factories import ProductFactory
from shop.models import Product
from tests.accounts.helpers import PASSWORD, sign_in, totp_code, totp_enable, user_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return user_make(username="sam", email="sam@example.com", staff=True)


@pytest.fixture
def merchant():
    user = user_make(username="mia", email="mia@example.com", staff=True)
    user.groups.add(merchant_group_ensure())
    return user


def admin_url(model, view: str = "changelist", *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# --- Two-factor for staff (bar 24) ------------------------------------------------------------------


def test_anonymous_admin_visit_goes_to_allauth_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login.status_code == 302 and login["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("path", ["/admin/", "/admin/auth/user/", "/admin/shop/product/add/"])
def test_staff_without_totp_is_sent_to_set_it_up(client, staff, path):
    sign_in(client, staff)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    response = client.post(path, {"name": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_staff_with_totp_signed_in_through_allauth_reaches_the_admin(client, staff):
    secret = totp_enable(staff)
    sign_in(client, staff, secret=secret)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert b"Site administration" in response.content


def test_a_session_that_skipped_the_second_factor_must_pass_it(client, staff):
    """force_login stands in for any session that never saw the TOTP step (e.g. signed in before setting it up)."""
    secret = totp_enable(staff)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    response = client.post(reverse("mfa_reauthenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_setting_up_totp_counts_as_the_second_factor_for_this_session(
    client, staff, django_capture_on_commit_callbacks
):
    sign_in(client, staff)
    # allauth asks for the password again before any two-factor change.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert b"data:image/svg+xml;base64," in page.content  # the QR code
    secret = client.session[SECRET_SESSION_KEY]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_shopper_gets_403_from_the_admin(client):
    shopper = user_make(username="sue", email="sue@example.com")
    sign_in(client, shopper)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


# --- Permissions (bar 26) ---------------------------------------------------------------------------


def test_staff_without_permission_gets_403_on_change_view_get_and_post(client, staff):
    secret = totp_enable(staff)
    product = ProductFactory(name="Oak board")
    sign_in(client, staff, secret=secret)
    url = admin_url(Product, "change", product.pk)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Hijacked", "price_amount": 1}).status_code == 403
    assert client.post(admin_url(Product, "delete", product.pk), {"post": "yes"}).status_code == 403
    product.refresh_from_db()
    assert product.name == "Oak board"


def test_merchant_group_covers_catalogue_orders_policies_and_reviews():
    group = merchant_group_ensure()
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    for expected in [
        ("shop", "change_product"),
        ("shop", "add_category"),
        ("policies", "view_policyversion"),
        ("policies", "change_policy"),
        ("orders", "view_order"),
        ("payments", "add_refund"),
        ("reviews", "change_review"),
    ]:
        assert expected in codenames
    # Not the merchant's business: user accounts, groups, shoppers' carts; immutable records stay unchanged.
    for forbidden in [("auth", "change_user"), ("auth", "change_group"), ("shop", "view_cart")]:
        assert forbidden not in codenames
    assert ("policies", "change_policyversion") not in codenames
    assert merchant_group_ensure().pk == group.pk  # idempotent
    assert Group.objects.filter(name=MERCHANT_GROUP).count() == 1


def test_merchant_can_open_every_admin_page_the_group_grants_and_no_user_admin(client, merchant):
    secret = totp_enable(merchant)
    sign_in(client, merchant, secret=secret)
    granted = {
        (p.content_type.app_label, p.content_type.model)
        for p in Group.objects.get(name=MERCHANT_GROUP).permissions.filter(codename__startswith="view_")
    }
    opened = 0
    for model in admin.site._registry:
        key = (model._meta.app_label, model._meta.model_name)
        if key in granted:
            response = client.get(admin_url(model), follow=True)  # singletons redirect to their change page
            assert response.status_code == 200, key
            assert response.redirect_chain == [] or response.redirect_chain[-1][0].startswith("/admin/"), key
            opened += 1
    assert opened >= 3  # products, categories, policies at least
    assert client.get(admin_url(type(merchant))).status_code == 403
    url = admin_url(type(merchant), "change", merchant.pk)
    assert client.get(url).status_code == 403
    assert client.post(url, {"is_superuser": "on", "username": merchant.username}).status_code == 403
    merchant.refresh_from_db()
    assert not merchant.is_superuser
