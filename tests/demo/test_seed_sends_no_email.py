"""The demo seed makes history, not news: no email now, and none queued for the worker `make demo` starts."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from orders.models import Order
from orders.states import OrderStatus
from reviews.models import ReviewRequest

# Real commits, as in `manage.py seed_demo`: the emails are asked for on commit.
pytestmark = pytest.mark.django_db(transaction=True)

DEMO_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_seed_demo_sends_no_email_and_queues_no_task(settings):
    settings.TASKS = DEMO_TASKS  # as in the demo: tasks go to the database queue for db_worker
    call_command("seed_demo", stdout=StringIO())
    assert Order.objects.filter(status=OrderStatus.DELIVERED).count() >= 2  # history with emails in it
    assert ReviewRequest.objects.exists()  # its tasks ran (in the seed's process), their emails did not go out
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 0
