"""Seed the risk settings row and one weight per known signal (the merchant tunes them in the admin)."""

from django.db import migrations

from fraud import defaults


def seed(apps, schema_editor):
    RiskSettings = apps.get_model("fraud", "RiskSettings")
    RiskSignalWeight = apps.get_model("fraud", "RiskSignalWeight")
    RiskSettings.objects.get_or_create(pk=1)
    existing = set(RiskSignalWeight.objects.values_list("key", flat=True))
    RiskSignalWeight.objects.bulk_create(
        RiskSignalWeight(key=d.key, weight=d.weight, threshold=d.threshold, description=str(d.description))
        for d in defaults.SIGNAL_DEFAULTS
        if d.key not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("fraud", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
