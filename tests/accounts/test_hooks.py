"""The account area gets orders and other apps' data through accounts/hooks.py, never by importing those apps."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured

from accounts import hooks
from accounts.hooks import PersonalData, personal_data_register
from accounts.selectors import account_data_export
from accounts.services import account_delete
from core.errors import ApplicationError
from orders.factories import OrderFactory
from tests.accounts.helpers import PASSWORD, user_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def extra_part(monkeypatch):
    """A part registered the way an app's ``ready()`` does, removed after the test."""

    def register(part: PersonalData) -> PersonalData:
        monkeypatch.setitem(hooks._hooks.personal_data, part.key, part)
        return part

    return register


def test_the_export_holds_every_registered_part(extra_part):
    ada = user_make(username="ada", email="ada@example.com")
    extra_part(PersonalData(key="wishlist", export=lambda *, user: [f"{user.username}'s kettle"]))
    data = account_data_export(user=ada)
    assert {"profile", "addresses", "sign_ins", "orders", "reviews", "wishlist"} <= set(data)
    assert data["wishlist"] == ["ada's kettle"]


@pytest.mark.parametrize("key", ["profile", "addresses", "sign_ins", "exported_at"])
def test_a_part_cannot_take_a_key_of_the_accounts_own_data(key):
    with pytest.raises(ImproperlyConfigured):
        personal_data_register(PersonalData(key=key, export=lambda *, user: None))


def test_a_part_that_refuses_stops_the_deletion_and_changes_nothing(extra_part):
    ada = user_make(username="ada", email="ada@example.com")
    order = OrderFactory(user=ada, email=ada.email)

    def refuse(*, user) -> None:
        raise ApplicationError("An open support ticket needs an answer first.")

    extra_part(PersonalData(key="tickets", export=lambda *, user: [], before_account_delete=refuse))
    with pytest.raises(ApplicationError):
        account_delete(user=ada, password=PASSWORD, confirm=True)
    assert get_user_model().objects.filter(pk=ada.pk).exists()
    order.refresh_from_db()
    assert order.user_id == ada.pk  # the orders' part ran first, and was rolled back with the rest
