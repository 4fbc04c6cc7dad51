# Policy and PolicyVersion moved to the policies app (issue 15). State only: the tables stay, the policies app
# owns them from its 0001 on. Runs after every foreign key pointing at them has been moved (payments, returns).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('shop', '0004_product_sku_upper_index'),
        ('policies', '0001_initial'),
        ('payments', '0009_order_policy_versions_moved'),
        ('returns', '0005_returnsterms_policy_version_moved'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='PolicyVersion'),
                migrations.DeleteModel(name='Policy'),
            ],
            database_operations=[],
        ),
    ]
