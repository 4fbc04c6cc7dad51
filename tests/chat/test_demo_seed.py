"""The demo merchant can open the chat inbox (support role) once past two-factor."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from demo.seeding.accounts import MERCHANT, MERCHANT_TOTP_SECRET, seed_users
from demo.seeding.chat import seed_chat
from tests.accounts.helpers import sign_in

pytestmark = pytest.mark.django_db


def test_the_demo_merchant_answers_chats(client):
    seed_users()
    merchant = get_user_model().objects.get(email=MERCHANT.email)
    sign_in(client, merchant, secret=MERCHANT_TOTP_SECRET, password=MERCHANT.password)
    assert client.get(reverse("chat:staff_inbox")).status_code == 200  # the owner role answers chats
    seed_chat()
    seed_chat()  # idempotent
    merchant = get_user_model().objects.get(pk=merchant.pk)
    assert merchant.has_perm("chat.answer_chat")
    assert client.get(reverse("chat:staff_inbox")).status_code == 200
