"""The staff roles' groups: owner (the former "merchant" group, renamed so its members keep it), fulfilment and
support. Their permissions are set after every migrate by ``accounts.services.roles_ensure`` (accounts/roles.py)."""

from django.db import migrations

ROLES = ("owner", "fulfilment", "support")


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    db = schema_editor.connection.alias
    if not Group.objects.using(db).filter(name="owner").exists():
        Group.objects.using(db).filter(name="merchant").update(name="owner")
    for name in ROLES:
        Group.objects.using(db).get_or_create(name=name)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    db = schema_editor.connection.alias
    Group.objects.using(db).filter(name__in=("fulfilment", "support")).delete()
    Group.objects.using(db).filter(name="owner").update(name="merchant")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_single_line_fields"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
