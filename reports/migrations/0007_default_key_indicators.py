"""The key indicators of the default catalogue: what the ministry's summary shows per bloc."""

from django.db import migrations

KEY_INDICATORS = [
    "INV_FDI_CAPITAL_NEW",
    "INV_DDI_CAPITAL_NEW",
    "PROD_REVENUE_VND",
    "TRADE_EXPORT_USD",
    "TRADE_IMPORT_USD",
    "BUDGET_CONTRIBUTION_VND",
    "LABOUR_WORKERS",
    "LAND_OCCUPANCY_RATE",
]


def mark(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    Indicator.objects.filter(code__in=KEY_INDICATORS).update(key_indicator=True)


def unmark(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    Indicator.objects.filter(code__in=KEY_INDICATORS).update(key_indicator=False)


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_key_indicators_and_period_summary")]

    operations = [migrations.RunPython(mark, unmark)]
