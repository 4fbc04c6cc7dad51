# Orders move out of payments into this app without touching the data (issue 15).
#
# State only: the models keep their tables (payments_order, ...: ``db_table`` in orders/models.py); the foreign keys
# pointing at them follow in fraud 0004, returns 0006, reviews 0005 and payments 0010, which then forgets them;
# 0002 moves their content types (permissions, admin history).

import core.validators
import datetime
import django.core.validators
import django.db.models.deletion
import orders.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('payments', '0009_order_policy_versions_moved'),  # created the tables
        ('policies', '0003_policy_tables'),
        ('shop', '0006_product_rating'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name='DeliveryZone',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, unique=True, verbose_name='name')),
                ('countries', models.CharField(help_text='ISO 3166 codes separated by commas, e.g. NL,DE,PL.', max_length=400, verbose_name='countries')),
                ('is_eu', models.BooleanField(default=True, verbose_name='inside the EU')),
                ('cash_on_delivery', models.BooleanField(default=False, verbose_name='cash on delivery available')),
                ('customs_treatment', models.CharField(choices=[('none', 'None (inside the EU customs union)'), ('ddp', 'Collected at checkout (delivered duty paid)'), ('dap', 'Paid to the carrier on delivery (estimate shown)')], default='none', max_length=8, verbose_name='customs treatment')),
                ('duty_percent', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='import duty, percent')),
                ('import_vat_percent', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='import VAT, percent')),
                ('duty_de_minimis_amount', models.PositiveIntegerField(default=0, help_text='Goods worth this much or less pay no import duty. 0: duty from the first cent.', verbose_name='no duty up to (cents of goods value)')),
                ('vat_de_minimis_amount', models.PositiveIntegerField(default=0, help_text='Goods worth this much or less pay no import VAT. 0: VAT from the first cent.', verbose_name='no import VAT up to (cents of goods value)')),
            ],
            options={
                'verbose_name': 'delivery zone',
                'verbose_name_plural': 'delivery zones',
                'db_table': 'payments_deliveryzone',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='DeliveryOption',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, verbose_name='name')),
                ('price_amount', models.PositiveIntegerField(verbose_name='price (cents)')),
                ('currency', models.CharField(choices=[('EUR', 'EUR'), ('PLN', 'PLN'), ('GBP', 'GBP'), ('USD', 'USD'), ('CHF', 'CHF')], default='EUR', max_length=3)),
                ('min_days', models.PositiveSmallIntegerField(verbose_name='minimum business days')),
                ('max_days', models.PositiveSmallIntegerField(verbose_name='maximum business days')),
                ('active', models.BooleanField(default=True, verbose_name='offered')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('cutoff_time', models.TimeField(default=datetime.time(14, 0), help_text='Orders placed after this time on a business day ship the next business day.', verbose_name='order cut-off time')),
                ('cutoff_timezone', models.CharField(default='Europe/Amsterdam', max_length=64, verbose_name='cut-off time zone')),
                ('zone', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='options', to='orders.deliveryzone')),
            ],
            options={
                'verbose_name': 'delivery option',
                'verbose_name_plural': 'delivery options',
                'db_table': 'payments_deliveryoption',
                'ordering': ['zone', 'position', 'price_amount'],
            },
        ),
        migrations.CreateModel(
            name='Order',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(default=orders.models.new_order_number, editable=False, max_length=20, unique=True, verbose_name='order number')),
                ('checkout_token', models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True)),
                ('email', models.EmailField(max_length=254, validators=[core.validators.validate_single_line], verbose_name='email')),
                ('language', models.CharField(default='en', max_length=8)),
                ('status', models.CharField(choices=[('placed', 'Placed'), ('awaiting_payment', 'Awaiting payment'), ('held_for_review', 'Held for review'), ('paid', 'Paid'), ('shipped', 'Shipped'), ('delivered', 'Delivered'), ('cancelled', 'Cancelled'), ('partially_refunded', 'Partially refunded'), ('refunded', 'Refunded')], default='placed', editable=False, max_length=32, verbose_name='status')),
                ('full_name', models.CharField(max_length=200, validators=[core.validators.validate_single_line], verbose_name='full name')),
                ('address_line1', models.CharField(max_length=200, validators=[core.validators.validate_single_line], verbose_name='address')),
                ('address_line2', models.CharField(blank=True, max_length=200, validators=[core.validators.validate_single_line], verbose_name='address line 2')),
                ('postal_code', models.CharField(max_length=20, validators=[core.validators.validate_single_line], verbose_name='postal code')),
                ('city', models.CharField(max_length=100, validators=[core.validators.validate_single_line], verbose_name='city')),
                ('country', models.CharField(max_length=2, verbose_name='country')),
                ('phone', models.CharField(blank=True, max_length=40, validators=[core.validators.validate_single_line], verbose_name='phone')),
                ('payment_method', models.CharField(choices=[('card', 'Card'), ('sepa_debit', 'SEPA Direct Debit'), ('bank_transfer', 'Bank transfer'), ('cash_on_delivery', 'Cash on delivery')], max_length=32, verbose_name='payment method')),
                ('delivery_option_name', models.CharField(blank=True, max_length=120, verbose_name='delivery option')),
                ('delivery_min_days', models.PositiveSmallIntegerField(default=0)),
                ('delivery_max_days', models.PositiveSmallIntegerField(default=0)),
                ('tracking_number', models.CharField(blank=True, max_length=80, validators=[core.validators.validate_single_line], verbose_name='tracking number')),
                ('delivery_estimate_from', models.DateField(blank=True, null=True, verbose_name='estimated delivery from')),
                ('delivery_estimate_to', models.DateField(blank=True, null=True, verbose_name='estimated delivery by')),
                ('stock_reserved', models.BooleanField(default=False, editable=False)),
                ('currency', models.CharField(choices=[('EUR', 'EUR'), ('PLN', 'PLN'), ('GBP', 'GBP'), ('USD', 'USD'), ('CHF', 'CHF')], default='EUR', max_length=3)),
                ('items_amount', models.PositiveIntegerField(default=0)),
                ('delivery_amount', models.PositiveIntegerField(default=0)),
                ('payment_fee_amount', models.PositiveIntegerField(default=0)),
                ('duties_amount', models.PositiveIntegerField(default=0)),
                ('total_amount', models.PositiveIntegerField(default=0)),
                ('flagged_reason', models.TextField(blank=True, verbose_name='flagged for the merchant')),
                ('quote_fingerprint', models.CharField(blank=True, editable=False, max_length=64)),
                ('client_ip', models.GenericIPAddressField(blank=True, editable=False, null=True, verbose_name='client IP')),
                ('device_id', models.CharField(blank=True, editable=False, max_length=64, verbose_name='device cookie')),
                ('session_key', models.CharField(blank=True, editable=False, max_length=40, verbose_name='session')),
                ('placed_at', models.DateTimeField(auto_now_add=True, verbose_name='placed at')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('expires_at', models.DateTimeField(blank=True, null=True, verbose_name='unpaid order expires at')),
                ('link_secret', models.CharField(default=orders.models.new_link_secret, editable=False, max_length=64)),
                ('link_sent_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('accepted_returns_policy', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='policies.policyversion')),
                ('accepted_terms', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='policies.policyversion')),
                ('delivery_option', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='orders', to='orders.deliveryoption')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='orders', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'order',
                'verbose_name_plural': 'orders',
                'db_table': 'payments_order',
                'ordering': ['-placed_at'],
            },
        ),
        migrations.CreateModel(
            name='OrderLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sku', models.CharField(max_length=40)),
                ('name', models.CharField(max_length=200)),
                ('unit_price_amount', models.PositiveIntegerField()),
                ('quantity', models.PositiveIntegerField()),
                ('restocked_quantity', models.PositiveIntegerField(default=0, editable=False)),
                ('order', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='orders.order')),
                ('product', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='order_lines', to='shop.product')),
            ],
            options={
                'db_table': 'payments_orderline',
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='OrderStatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_status', models.CharField(blank=True, choices=[('placed', 'Placed'), ('awaiting_payment', 'Awaiting payment'), ('held_for_review', 'Held for review'), ('paid', 'Paid'), ('shipped', 'Shipped'), ('delivered', 'Delivered'), ('cancelled', 'Cancelled'), ('partially_refunded', 'Partially refunded'), ('refunded', 'Refunded')], max_length=32)),
                ('to_status', models.CharField(choices=[('placed', 'Placed'), ('awaiting_payment', 'Awaiting payment'), ('held_for_review', 'Held for review'), ('paid', 'Paid'), ('shipped', 'Shipped'), ('delivered', 'Delivered'), ('cancelled', 'Cancelled'), ('partially_refunded', 'Partially refunded'), ('refunded', 'Refunded')], max_length=32)),
                ('cause', models.CharField(max_length=300, verbose_name='cause')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                ('order', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='orders.order')),
            ],
            options={
                'db_table': 'payments_orderstatuschange',
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ShipmentDelay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('previous_from', models.DateField(blank=True, null=True)),
                ('previous_to', models.DateField(blank=True, null=True)),
                ('new_from', models.DateField(verbose_name='new earliest delivery date')),
                ('new_to', models.DateField(verbose_name='new latest delivery date')),
                ('reason', models.CharField(max_length=300, validators=[core.validators.validate_single_line], verbose_name='reason shown to the shopper')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                ('order', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='delays', to='orders.order')),
            ],
            options={
                'verbose_name': 'shipment delay',
                'verbose_name_plural': 'shipment delays',
                'db_table': 'payments_shipmentdelay',
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.AddConstraint(
            model_name='deliveryoption',
            constraint=models.UniqueConstraint(fields=('zone', 'name'), name='deliveryoption_unique_name'),
        ),
        migrations.AddIndex(
            model_name='order',
            index=models.Index(fields=['status', 'placed_at'], name='payments_or_status_d4de8a_idx'),
        ),
        migrations.AddConstraint(
            model_name='orderline',
            constraint=models.CheckConstraint(condition=models.Q(('quantity__gte', 1)), name='orderline_quantity_positive'),
        ),
        migrations.AddIndex(
            model_name='orderstatuschange',
            index=models.Index(fields=['to_status', 'created_at'], name='payments_or_to_stat_a38439_idx'),
        ),
        migrations.AddConstraint(
            model_name='shipmentdelay',
            constraint=models.CheckConstraint(condition=models.Q(('new_to__gte', models.F('new_from'))), name='delay_range_ordered'),
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])]
