"""The demo merchant answers live chats (the support role's permission); the canned answers come with the
chat app's migration."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from demo.seeding.accounts import MERCHANT


def seed_chat() -> None:
    merchant = get_user_model().objects.filter(email=MERCHANT.email).first()
    if merchant is not None:
        merchant.user_permissions.add(Permission.objects.get(content_type__app_label="chat", codename="answer_chat"))
