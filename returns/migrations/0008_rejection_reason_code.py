from django.db import migrations, models


def existing_rejections_are_other(apps, schema_editor):
    """Rejections written before the codes keep the merchant's text as the note, under the code "other"."""
    apps.get_model("returns", "ReturnRequest").objects.filter(status="rejected").update(rejection_code="other")


class Migration(migrations.Migration):
    dependencies = [
        ("returns", "0007_returns_conditions_per_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="returnrequest",
            name="rejection_code",
            field=models.CharField(
                blank=True,
                choices=[
                    ("outside_withdrawal_window", "The request came after the withdrawal period ended"),
                    ("item_used_or_damaged", "The item came back used or damaged"),
                    ("item_not_received", "We did not receive the item back"),
                    ("not_covered_by_warranty", "The fault is not covered by the legal guarantee"),
                    ("other", "Another reason (see the note below)"),
                ],
                max_length=32,
                verbose_name="why it was rejected",
            ),
        ),
        migrations.AlterField(
            model_name="returnrequest",
            name="rejection_reason",
            field=models.TextField(blank=True, max_length=2000, verbose_name="merchant's note on the rejection"),
        ),
        migrations.RunPython(existing_rejections_are_other, migrations.RunPython.noop),
    ]
