"""Moving Policy and PolicyVersion from shop to policies (issue 15) keeps every row, number and link.

The database is migrated back to before the move (shop owns the policies), filled through the historical models
the way a live shop's database looks, then migrated forward again.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from orders.models import Order
from policies.models import Policy, PolicyVersion
from returns.models import ReturnsTerms

BEFORE_THE_MOVE = [("policies", None)]  # unapplies the move and everything that depends on it


def _old_world() -> dict:
    """Migrate back and write, with the models as they were, what a running shop has."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    executor.loader.build_graph()
    old = executor.loader.project_state(
        [("shop", "0004_product_sku_upper_index"), ("payments", "0008_order_link_secret_required"),
         ("returns", "0004_refund_account_change"), ("admin", "0003_logentry_add_action_flag_choices"),
         ("contenttypes", "0002_remove_content_type_name"), ("auth", "0012_alter_user_first_name_max_length")]
    ).apps
    # Migrating back moved the content types back to shop, as the old code had them.
    content_types = old.get_model("contenttypes", "ContentType")
    policy_type = content_types.objects.get(app_label="shop", model="policy")
    version_type = content_types.objects.get(app_label="shop", model="policyversion")
    permission = old.get_model("auth", "Permission").objects.get(content_type=policy_type, codename="change_policy")
    group = old.get_model("auth", "Group").objects.create(name="policy editors")
    group.permissions.add(permission)
    user = old.get_model("auth", "User").objects.create(username="editor", email="editor@example.com")

    policy = old.get_model("shop", "Policy").objects.create(kind="returns", title="Returns policy")
    version = old.get_model("shop", "PolicyVersion")
    day = datetime.date(2026, 1, 1)
    first = version.objects.create(policy=policy, number=1, body_html="<p>14 days.</p>", change_summary="First",
                                   effective_date=day)
    second = version.objects.create(policy=policy, number=2, body_html="<p>30 days.</p>", change_summary="Longer",
                                    effective_date=day, author=user)
    old.get_model("admin", "LogEntry").objects.create(
        user=user, content_type=version_type, object_id=str(second.pk), object_repr="Returns policy v2", action_flag=1
    )
    order = old.get_model("payments", "Order").objects.create(
        number="TM-MOVE-1", email="ada@example.com", full_name="Ada", address_line1="Keizersgracht 1",
        postal_code="1015 CJ", city="Amsterdam", country="NL", payment_method="card",
        accepted_terms=first, accepted_returns_policy=second,
    )
    old.get_model("returns", "ReturnsTerms").objects.create(
        policy_version=second, window_days=30, conditions="Unused, in its box."
    )
    return {"policy": policy.pk, "first": first.pk, "second": second.pk, "order": order.pk,
            "policy_type": policy_type.pk, "version_type": version_type.pk}


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_policies_versions_and_what_points_at_them():
    before = _old_world()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    policy = Policy.objects.get(pk=before["policy"])
    assert (policy.kind, policy.title) == ("returns", "Returns policy")
    assert list(policy.versions.order_by("number").values_list("pk", "number")) == [
        (before["first"], 1), (before["second"], 2)
    ]
    assert PolicyVersion.objects.get(pk=before["second"]).author.username == "editor"
    order = Order.objects.get(pk=before["order"])
    assert (order.accepted_terms.number, order.accepted_returns_policy.number) == (1, 2)
    assert ReturnsTerms.objects.get(policy_version_id=before["second"]).window_days == 30

    # The same content type rows, now labelled policies: permissions and the admin's history follow.
    assert ContentType.objects.get_for_model(Policy).pk == before["policy_type"]
    assert ContentType.objects.get_for_model(PolicyVersion).pk == before["version_type"]
    assert not ContentType.objects.filter(app_label="shop", model__in=["policy", "policyversion"]).exists()
    assert Group.objects.get(name="policy editors").permissions.get().content_type.app_label == "policies"
    assert LogEntry.objects.get().get_edited_object() == PolicyVersion.objects.get(pk=before["second"])
    assert {connection.introspection.identifier_converter(name) for name in connection.introspection.table_names()
            } >= {"policies_policy", "policies_policyversion"}
