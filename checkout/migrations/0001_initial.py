# The payment-method fees move out of payments into this app without touching the data (issue 15): state only,
# the table stays payments_paymentmethodfee; payments 0010 forgets the model, 0002 moves its content type.

import django.core.validators
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('payments', '0009_order_policy_versions_moved'),  # created the table
    ]

    state_operations = [
        migrations.CreateModel(
            name='PaymentMethodFee',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('method', models.CharField(choices=[('card', 'Card'), ('sepa_debit', 'SEPA Direct Debit'), ('bank_transfer', 'Bank transfer'), ('cash_on_delivery', 'Cash on delivery')], max_length=32, unique=True, verbose_name='method')),
                ('active', models.BooleanField(default=True, verbose_name='offered at checkout')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('shopper_fee_fixed', models.PositiveIntegerField(default=0, verbose_name='shopper fee, fixed (cents)')),
                ('shopper_fee_percent', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='shopper fee, percent')),
                ('merchant_cost_fixed', models.PositiveIntegerField(default=0, verbose_name='merchant cost, fixed (cents)')),
                ('merchant_cost_percent', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='merchant cost, percent')),
                ('settle_time', models.CharField(max_length=120, verbose_name='time to settle')),
                ('refund_route', models.CharField(max_length=200, verbose_name='how a refund reaches the shopper')),
                ('refund_time', models.CharField(max_length=120, verbose_name='how long a refund takes')),
                ('protection', models.CharField(max_length=300, verbose_name='shopper protection')),
            ],
            options={
                'verbose_name': 'payment method fee',
                'verbose_name_plural': 'payment method fees',
                'db_table': 'payments_paymentmethodfee',
                'ordering': ['position', 'method'],
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])]
