# The order moved to the orders app (issue 15): the foreign key follows it, state only (same table, same column).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('fraud', '0003_riskassessment_method'),
        ('orders', '0001_initial'),
    ]

    state_operations = [
        migrations.AlterField(
            model_name='riskassessment',
            name='order',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='risk_assessments', to='orders.order'),
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])]
