"""Staff roles (accounts/roles.py): each role signs in with two-factor and opens every admin page and staff-only
page of its jobs (no 403 there) and gets 403 everywhere else. Every model the admin shows must be given to a role
or kept for the superuser, so a new model without a decision fails here."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import roles
from accounts.services import roles_ensure
from tests.accounts.helpers import sign_in, totp_enable, user_make
from tests.security.test_staff_views import STAFF_URLS

pytestmark = pytest.mark.django_db


def _key(model) -> tuple[str, str]:
    return model._meta.app_label, model._meta.model_name


def _changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_every_model_in_the_admin_has_a_role_or_is_kept_for_the_superuser():
    registered = {_key(model) for model in admin.site._registry}
    undecided = sorted(registered - set(roles.ROLE_MODELS) - roles.SUPERUSER_ONLY)
    assert undecided == [], f"give these models a role in accounts/roles.py: {undecided}"
    assert not set(roles.ROLE_MODELS) & roles.SUPERUSER_ONLY
    # Every job has someone: each role's table names at least one model it can open.
    for role in roles.ROLES:
        assert any("view" in grant.get(role, ()) for grant in roles.ROLE_MODELS.values()), role


def test_the_migration_created_the_three_groups():
    assert set(Group.objects.filter(name__in=roles.ROLES).values_list("name", flat=True)) == set(roles.ROLES)


def test_roles_hold_what_their_jobs_need_and_nothing_technical():
    groups = roles_ensure()

    def perms(role: str) -> set[str]:
        return {f"{app}.{code}" for app, code in groups[role].permissions.values_list("content_type__app_label",
                                                                                        "codename")}

    owner, fulfilment, support = perms(roles.OWNER), perms(roles.FULFILMENT), perms(roles.SUPPORT)
    assert {"shop.change_product", "payments.add_refund", "policies.add_policyversion", "chat.answer_chat"} <= owner
    assert {"orders.change_order", "returns.change_returnrequest"} <= fulfilment
    assert not {"payments.add_refund", "support.view_ticket", "shop.change_product"} & fulfilment
    assert {"support.change_ticket", "support.change_fraudreport", "returns.change_returnrequest",
            "payments.add_refund", "chat.answer_chat"} <= support
    assert not {"orders.change_order", "shop.change_product", "policies.add_policyversion"} & support
    for role_perms in (owner, fulfilment, support):
        assert not {"auth.change_user", "auth.change_group", "mfa.view_authenticator", "shop.view_cart"} & role_perms
    assert roles_ensure()[roles.OWNER].pk == groups[roles.OWNER].pk  # idempotent


@pytest.mark.parametrize("role", roles.ROLES)
def test_each_role_opens_every_page_of_its_jobs_and_gets_403_elsewhere(client, role):
    user = user_make(username=f"{role}-1", email=f"{role}@example.com", staff=True)
    user.groups.add(roles_ensure()[role])
    sign_in(client, user, secret=totp_enable(user))
    assert client.get("/admin/").status_code == 200
    opened = refused = 0
    for model in admin.site._registry:
        key = _key(model)
        allowed = "view" in roles.ROLE_MODELS.get(key, {}).get(role, ())
        response = client.get(_changelist(model), follow=True)  # singletons redirect to their change page
        if allowed:
            assert response.status_code == 200, (role, key)
            opened += 1
        else:
            assert response.status_code == 403, (role, key)
            refused += 1
    assert opened >= 3 and refused >= 6
    for name, (build, perm) in STAFF_URLS.items():
        response = client.get(build())
        if user.has_perm(perm):
            assert response.status_code == 200, (role, name)
        else:
            assert response.status_code == 403, (role, name)
