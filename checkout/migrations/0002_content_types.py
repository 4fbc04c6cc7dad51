# The content types of the moved models follow them (app label payments -> checkout), so the permissions granted
# on them (the merchant group, any user's own) and the admin's history of changes stay attached.

from django.db import migrations

MODELS = ('paymentmethodfee',)


def _move(apps, schema_editor, *, from_label, to_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    LogEntry = apps.get_model("admin", "LogEntry")
    db = schema_editor.connection.alias
    for model in MODELS:
        old = ContentType.objects.using(db).filter(app_label=from_label, model=model).first()
        if old is None:
            continue  # a new database: the content types are created after the migrations
        new = ContentType.objects.using(db).filter(app_label=to_label, model=model).first()
        if new is None:
            old.app_label = to_label
            old.save(update_fields=["app_label"])
            continue
        # Both exist (a migrate that stopped halfway created the new one): keep the new one, move everything.
        LogEntry.objects.using(db).filter(content_type=old).update(content_type=new)
        for permission in Permission.objects.using(db).filter(content_type=old):
            twin = Permission.objects.using(db).filter(content_type=new, codename=permission.codename).first()
            if twin is None:
                permission.content_type = new
                permission.save(update_fields=["content_type"])
                continue
            for group in permission.group_set.all():
                group.permissions.add(twin)
            for user in permission.user_set.all():
                user.user_permissions.add(twin)
        old.delete()  # and the permissions left on it, whose holders now hold their twins


def forwards(apps, schema_editor):
    _move(apps, schema_editor, from_label="payments", to_label="checkout")


def backwards(apps, schema_editor):
    _move(apps, schema_editor, from_label="checkout", to_label="payments")


class Migration(migrations.Migration):

    dependencies = [
        ('checkout', '0001_initial'),
        ('payments', '0010_orders_and_fees_moved_out'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('admin', '0003_logentry_add_action_flag_choices'),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
