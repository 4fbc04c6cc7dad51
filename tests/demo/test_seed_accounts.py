"""Demo staff: each login has its role (owner, fulfilment, support) and two-factor from the printed secret."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model

from demo.seeding.accounts import FULFILMENT, MERCHANT, MERCHANT_TOTP_SECRET, SHOPPER, SUPPORT_AGENT, seed_users
from tests.accounts.helpers import sign_in

pytestmark = pytest.mark.django_db


def test_demo_merchant_signs_in_with_the_printed_secret_and_reaches_the_admin(client):
    seed_users()
    seed_users()  # idempotent
    User = get_user_model()
    merchant = User.objects.get(email=MERCHANT.email)
    assert merchant.is_staff and not merchant.is_superuser
    assert list(merchant.groups.values_list("name", flat=True)) == ["owner"]
    assert Authenticator.objects.filter(user=merchant, type=Authenticator.Type.TOTP).count() == 1
    assert not Authenticator.objects.filter(user__email=SHOPPER.email).exists()

    sign_in(client, merchant, secret=MERCHANT_TOTP_SECRET, password=MERCHANT.password)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/shop/product/").status_code == 200
    assert client.get("/admin/auth/user/").status_code == 403


@pytest.mark.parametrize(("login", "role"), [(FULFILMENT, "fulfilment"), (SUPPORT_AGENT, "support")])
def test_each_demo_staff_login_has_its_role_and_two_factor(client, login, role):
    seed_users()
    user = get_user_model().objects.get(email=login.email)
    assert list(user.groups.values_list("name", flat=True)) == [role]
    sign_in(client, user, secret=MERCHANT_TOTP_SECRET, password=login.password)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/returns/returnrequest/").status_code == 200
    assert client.get("/admin/shop/category/").status_code == 403


def test_seed_demo_prints_the_totp_secret(capsys):
    from django.core.management import call_command

    call_command("seed_demo")
    out = capsys.readouterr().out
    assert MERCHANT_TOTP_SECRET in out
    assert "otpauth://totp/" in out
