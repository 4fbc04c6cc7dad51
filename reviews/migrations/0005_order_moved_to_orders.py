# The order and its lines moved to the orders app (issue 15): the foreign keys follow, state only.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0001_initial'),
        ('reviews', '0004_product_ratings'),
    ]

    state_operations = [
        migrations.AlterField(
            model_name='review',
            name='order_line',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reviews', to='orders.orderline'),
        ),
        migrations.AlterField(
            model_name='reviewposting',
            name='guest_order',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orders.order'),
        ),
        migrations.AlterField(
            model_name='reviewrequest',
            name='order',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='review_request', to='orders.order'),
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])]
