from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0004_zone_free_delivery_threshold'),
    ]

    operations = [
        migrations.AddField(
            model_name='deliveryoption',
            name='tracking_url_template',
            field=models.CharField(blank=True, help_text="The carrier's tracking page, with {number} where the tracking number goes.", max_length=300, verbose_name='tracking link'),
        ),
    ]
