"""Chat fixtures: the real Redis channel layer under a prefix of each test's own, staff who may answer."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from accounts.receivers import MFA_SETUP_SESSION_KEY
from chat.services import staff_presence_beat
from tests.accounts.helpers import totp_enable, user_make

REDIS_URL = "redis://127.0.0.1:6379/12"


@pytest.fixture(autouse=True)
def redis_channel_layer(settings):
    """channels-redis on the machine's Redis, prefixed per test so parallel workers never hear each other."""
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": f"trustmark-test-{uuid.uuid4().hex[:12]}"},
        }
    }
    channel_layers.backends = {}
    cache.clear()
    yield
    channel_layers.backends = {}
    cache.clear()


def answerer(username: str = "sam"):
    """Staff with the chat permission (the support role) and an authenticator app."""
    user = user_make(username=username, email=f"{username}@trustmark.example", staff=True, first_name=username.title())
    user.user_permissions.add(Permission.objects.get(codename="answer_chat"))
    totp_enable(user)
    return user


@pytest.fixture
def staff():
    return answerer()


def session_cookie(user, *, passed_mfa: bool = True) -> str:
    """A session for ``user``; ``passed_mfa`` marks it as past the two-factor step (as the sign-in flow does)."""
    client = Client()
    client.force_login(user)
    if passed_mfa:
        session = client.session
        session[MFA_SETUP_SESSION_KEY] = str(user.pk)
        session.save()
    return client.cookies["sessionid"].value


def staff_client(user) -> Client:
    client = Client()
    client.cookies["sessionid"] = session_cookie(user)
    return client


@pytest.fixture
def online(staff):
    """``staff`` has the inbox open right now."""
    staff_presence_beat(user=staff, now=timezone.now())
    return staff
