# Moves Policy and PolicyVersion from the shop app to this one without touching the data (issue 15).
#
# State only: the models keep their tables (shop_policy, shop_policyversion) here; shop 0005 forgets them, the
# foreign keys pointing at them are moved in payments 0009 and returns 0005, 0002 moves their content types
# (permissions, admin history) and 0003 renames the tables to this app's names.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("shop", "0001_initial"),  # created the two tables
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name='Policy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('returns', 'Returns policy'), ('shipping', 'Shipping & customs'), ('privacy', 'Privacy policy'), ('terms', 'Terms and conditions'), ('payment-security', 'Payment security'), ('withdrawal-form', 'Withdrawal form')], max_length=32, unique=True, verbose_name='kind')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
            ],
            options={
                'verbose_name': 'policy',
                'verbose_name_plural': 'policies',
                'ordering': ['kind'],
                'db_table': 'shop_policy',
            },
        ),
        migrations.CreateModel(
            name='PolicyVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='version')),
                ('body_html', models.TextField(verbose_name='text (sanitised HTML)')),
                ('change_summary', models.CharField(max_length=300, verbose_name='change summary')),
                ('effective_date', models.DateField(verbose_name='effective from')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('policy', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='policies.policy')),
            ],
            options={
                'verbose_name': 'policy version',
                'verbose_name_plural': 'policy versions',
                'ordering': ['policy', '-number'],
                'get_latest_by': 'number',
                'db_table': 'shop_policyversion',
                'constraints': [models.UniqueConstraint(fields=('policy', 'number'), name='policyversion_unique_number')],
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])]
