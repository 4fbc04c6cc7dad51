"""Background work (Django's task framework): reconciliation with Stripe, expiring unpaid orders."""

from __future__ import annotations

from django_tasks import task

from payments.services import orders_expire_unpaid, payments_reconcile


@task()
def reconcile_payments_task() -> dict:
    return payments_reconcile()


@task()
def expire_unpaid_orders_task() -> int:
    return orders_expire_unpaid()
