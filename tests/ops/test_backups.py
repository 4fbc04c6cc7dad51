"""`make backup` / `make restore`: back up, wipe, restore, and every order and policy version is back.

Runs on whichever database the suite uses: SQLite (the demo's engine, via the online backup API) and, with
DATABASE_URL set, PostgreSQL (pg_dump -Fc / pg_restore --clean --if-exists).
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from orders.factories import OrderFactory, OrderLineFactory
from orders.models import Order
from policies.factories import PolicyFactory, PolicyVersionFactory
from policies.models import Policy, PolicyVersion

pytestmark = pytest.mark.django_db(transaction=True)


def make_shop_history() -> tuple[set, set]:
    terms = PolicyFactory(kind=Policy.Kind.TERMS)
    returns = PolicyFactory(kind=Policy.Kind.RETURNS)
    versions = [
        PolicyVersionFactory(policy=terms, body_html="<p>Terms v1</p>"),
        PolicyVersionFactory(policy=terms, body_html="<p>Terms v2: shipping to the EU</p>", change_summary="EU"),
        PolicyVersionFactory(policy=returns, body_html="<p>Returns within 30 days</p>"),
    ]
    for n in range(5):
        order = OrderFactory(accepted_terms=versions[1], accepted_returns_policy=versions[2], total_amount=1000 + n)
        OrderLineFactory(order=order, quantity=n + 1)
    return snapshot()


def snapshot() -> tuple[set, set]:
    orders = {
        (o.number, o.email, o.total_amount, o.accepted_terms_id, tuple(o.lines.values_list("sku", "quantity")))
        for o in Order.objects.prefetch_related("lines")
    }
    versions = set(PolicyVersion.objects.values_list("id", "policy__kind", "number", "body_html"))
    return orders, versions


def wipe() -> None:
    Order.objects.all().delete()
    PolicyVersion._base_manager.all().delete()  # a queryset delete: the model's delete() refuses on purpose
    assert not Order.objects.exists() and not PolicyVersion.objects.exists()


def test_backup_wipe_restore_finds_every_order_and_policy_version(tmp_path, capsys):
    before = make_shop_history()
    assert len(before[0]) == 5 and len(before[1]) == 3

    call_command("backup_db", dir=tmp_path)
    (backup,) = [p for p in tmp_path.iterdir() if p.suffix in {".sqlite3", ".dump"}]
    manifest = json.loads(backup.with_suffix(".json").read_text())
    assert manifest["counts"]["orders.Order"] == 5
    assert manifest["counts"]["policies.PolicyVersion"] == 3

    wipe()
    call_command("restore_db", dir=tmp_path, yes=True)  # no path: the newest backup

    assert snapshot() == before
    out = capsys.readouterr().out
    assert "every count matches" in out
    # The database as it was just before the restore (wiped) was kept, in case the restore was a mistake.
    assert any(p.name.startswith("pre-restore-") for p in tmp_path.iterdir())


def test_restore_refuses_a_backup_whose_counts_do_not_match_its_manifest(tmp_path):
    make_shop_history()
    call_command("backup_db", dir=tmp_path)
    (manifest_path,) = tmp_path.glob("*.json")
    manifest = json.loads(manifest_path.read_text())
    manifest["counts"]["orders.Order"] = 6  # the backup claims an order the file does not hold
    manifest_path.write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="differ from the backup's manifest"):
        call_command("restore_db", dir=tmp_path, yes=True)


def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(tmp_path):
    before = make_shop_history()
    suffix = ".sqlite3" if connection.vendor == "sqlite" else ".dump"
    bogus = tmp_path / f"garbage{suffix}"
    bogus.write_bytes(b"this is not a database" * 100)

    with pytest.raises((CommandError, sqlite3.DatabaseError)):
        call_command("restore_db", str(bogus), yes=True)
    assert snapshot() == before


def test_restore_without_any_backup_says_how_to_make_one(tmp_path):
    with pytest.raises(CommandError, match="make backup"):
        call_command("restore_db", dir=tmp_path / "empty", yes=True)


def test_sqlite_backup_is_a_plain_database_the_sqlite3_tool_can_open(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite format check")
    make_shop_history()
    call_command("backup_db", dir=tmp_path)
    (backup,) = tmp_path.glob("*.sqlite3")
    with sqlite3.connect(backup) as db:
        assert db.execute("SELECT count(*) FROM payments_order").fetchone() == (5,)
