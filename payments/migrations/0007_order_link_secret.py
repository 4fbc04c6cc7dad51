"""Orders get a link secret (part of every signed link) and the time a fresh link was last emailed.

Existing orders each get their own random secret: a column default would give them all the same value. Links
made before this migration carry no stamp of the secret and stop working; the page they open offers a fresh one.
0006 then makes the secret required.
"""

import secrets

from django.db import migrations, models


def fill_secrets(apps, schema_editor):
    Order = apps.get_model("payments", "Order")
    for pk in list(Order.objects.filter(link_secret__isnull=True).values_list("pk", flat=True)):
        Order.objects.filter(pk=pk).update(link_secret=secrets.token_urlsafe(32))


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0006_single_line_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="link_secret",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fill_secrets, migrations.RunPython.noop),
        migrations.AddField(
            model_name="order",
            name="link_sent_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
