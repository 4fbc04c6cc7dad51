# Orders, their lines, timeline, delays and the delivery zones and options moved to the orders app, the payment-method
# fees to checkout (issue 15). State only: the tables stay; payments and refunds point at orders.Order.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('payments', '0009_order_policy_versions_moved'),
        ('orders', '0001_initial'),
        ('checkout', '0001_initial'),
        ('fraud', '0004_order_moved_to_orders'),
        ('returns', '0006_order_moved_to_orders'),
        ('reviews', '0005_order_moved_to_orders'),
    ]

    state_operations = [
        migrations.RemoveField(
            model_name='deliveryoption',
            name='zone',
        ),
        migrations.RemoveField(
            model_name='order',
            name='delivery_option',
        ),
        migrations.RemoveField(
            model_name='order',
            name='accepted_returns_policy',
        ),
        migrations.RemoveField(
            model_name='order',
            name='accepted_terms',
        ),
        migrations.RemoveField(
            model_name='order',
            name='user',
        ),
        migrations.RemoveField(
            model_name='orderline',
            name='order',
        ),
        migrations.AlterField(
            model_name='refund',
            name='order',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='refunds', to='orders.order'),
        ),
        migrations.AlterField(
            model_name='payment',
            name='order',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='payments', to='orders.order'),
        ),
        migrations.RemoveField(
            model_name='shipmentdelay',
            name='order',
        ),
        migrations.RemoveField(
            model_name='orderstatuschange',
            name='order',
        ),
        migrations.RemoveField(
            model_name='orderline',
            name='product',
        ),
        migrations.RemoveField(
            model_name='orderstatuschange',
            name='actor',
        ),
        migrations.DeleteModel(
            name='PaymentMethodFee',
        ),
        migrations.RemoveField(
            model_name='shipmentdelay',
            name='actor',
        ),
        migrations.DeleteModel(
            name='DeliveryZone',
        ),
        migrations.DeleteModel(
            name='DeliveryOption',
        ),
        migrations.DeleteModel(
            name='Order',
        ),
        migrations.DeleteModel(
            name='OrderLine',
        ),
        migrations.DeleteModel(
            name='OrderStatusChange',
        ),
        migrations.DeleteModel(
            name='ShipmentDelay',
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])]
