"""Staff roles: one group per real job, and the one table of what each may do in the admin.

``ROLE_MODELS`` names every model the admin shows, with the actions each role has on it. A model registered in the
admin that appears neither here nor in ``SUPERUSER_ONLY`` fails ``tests/security/test_roles.py``, so a new model
always gets a decision. ``ROLE_EXTRA`` grants the models behind inlines and custom permissions (by pattern).

The groups are created by the migration ``accounts/0003_staff_roles`` and their permissions are refreshed after
every ``migrate`` (``roles_ensure``), so permissions of models added later are included.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

OWNER = "owner"
FULFILMENT = "fulfilment"
SUPPORT = "support"
ROLES = (OWNER, FULFILMENT, SUPPORT)
ROLE_LABELS = {
    OWNER: _("Owner: everything in the shop"),
    FULFILMENT: _("Fulfilment: orders to ship, deliveries, returns received"),
    SUPPORT: _("Support: tickets, returns and complaints, fraud reports"),
}

ALL = ("view", "add", "change", "delete")
V = ("view",)
VC = ("view", "change")
VAC = ("view", "add", "change")

# (app label, model name) -> {role: actions}. The owner may do everything the shop's work needs; user accounts,
# groups, authenticators, sessions and the task queue stay with the superuser (the technical administrator).
ROLE_MODELS: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {
    ("shop", "category"): {OWNER: ALL},
    ("shop", "product"): {OWNER: ALL, FULFILMENT: V, SUPPORT: V},
    ("policies", "policy"): {OWNER: VAC},
    ("policies", "policyversion"): {OWNER: ("view", "add")},
    ("orders", "deliveryzone"): {OWNER: ALL, FULFILMENT: V},
    ("orders", "order"): {OWNER: VC, FULFILMENT: VC, SUPPORT: V},
    ("payments", "webhookevent"): {OWNER: V},
    ("checkout", "paymentmethodfee"): {OWNER: ALL},
    ("reviews", "review"): {OWNER: ("view", "change", "delete")},
    ("reviews", "reviewreport"): {OWNER: ("view", "change", "delete")},
    ("reviews", "reviewsettings"): {OWNER: VC},
    ("support", "supportsettings"): {OWNER: VC},
    ("support", "ticket"): {OWNER: VC, SUPPORT: VC},
    ("support", "fraudreport"): {OWNER: VC, SUPPORT: VC},
    ("support", "faqentry"): {OWNER: ALL, SUPPORT: ALL},
    ("trust", "trustsettings"): {OWNER: VC},
    ("fraud", "risksettings"): {OWNER: VC},
    ("fraud", "risksignalweight"): {OWNER: VC},
    ("fraud", "ipcountryrange"): {OWNER: ALL},
    ("fraud", "riskassessment"): {OWNER: V, SUPPORT: V},
    ("returns", "returnsterms"): {OWNER: VC},
    ("returns", "returnrequest"): {OWNER: VC, FULFILMENT: VC, SUPPORT: VC},
    ("prices", "pricechange"): {OWNER: V},
    ("prices", "currencyrate"): {OWNER: ALL},  # rates decide what shoppers are charged: the owner's call
    ("chat", "conversation"): {OWNER: VC, SUPPORT: VC},
    ("chat", "cannedanswer"): {OWNER: ALL, SUPPORT: ALL},
    ("chat", "staffpresence"): {OWNER: V, SUPPORT: V},
    # Carriers: fulfilment picks one on the ship form; the owner keeps the list.
    ("orders", "carrier"): {OWNER: ALL, FULFILMENT: V},
}

# The admin's technical side: not a shop role's job.
SUPERUSER_ONLY = {
    ("auth", "group"),
    ("auth", "user"),
    ("account", "emailaddress"),
    ("mfa", "authenticator"),
    ("usersessions", "usersession"),
    ("django_tasks_database", "dbtaskresult"),
}

# Inlines, records shown inside another page and custom permissions: (app label, model name or "*", actions).
# "*" covers every model of the app that is not in ROLE_MODELS or SUPERUSER_ONLY; shoppers' carts never.
ROLE_EXTRA: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    OWNER: [
        ("shop", "productimage", ALL),
        ("orders", "deliveryoption", ALL),
        ("orders", "*", V),
        ("payments", "refund", VAC),
        ("payments", "refundline", VAC),
        ("payments", "*", V),
        ("checkout", "*", V),
        ("reviews", "merchantreply", ALL),
        ("reviews", "*", V),
        ("support", "ticketmessage", VAC),
        ("support", "*", V),
        ("fraud", "reviewdecision", VAC),
        ("fraud", "*", V),
        ("returns", "*", V),
        ("chat", "*", V),
    ],
    FULFILMENT: [
        ("orders", "*", V),
        ("payments", "payment", V),
        ("payments", "refund", V),
        ("returns", "*", V),
    ],
    SUPPORT: [
        ("orders", "*", V),
        ("payments", "payment", V),
        ("payments", "refund", VAC),
        ("payments", "refundline", VAC),
        ("support", "ticketmessage", VAC),
        ("support", "*", V),
        ("fraud", "reviewdecision", V),
        ("returns", "*", V),
        ("chat", "*", V),
    ],
}
EXCLUDED_MODELS = {("shop", "cart"), ("shop", "cartline")}
# Permissions that are not a model action: "app_label.codename".
ROLE_CUSTOM: dict[str, tuple[str, ...]] = {OWNER: ("chat.answer_chat",), SUPPORT: ("chat.answer_chat",)}
