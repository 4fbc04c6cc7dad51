"""Every order now has a link secret (0005 filled them): new orders get one by default.

A migration of its own, so PostgreSQL does not alter the table in the transaction that updated its rows.
"""

from django.db import migrations, models

import orders.models


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0007_order_link_secret"),
    ]

    operations = [
        migrations.AlterField(
            model_name="order",
            name="link_secret",
            field=models.CharField(default=orders.models.new_link_secret, editable=False, max_length=64),
        ),
    ]
