"""Default validation rules: a warning when a headline figure moves more than half from the
same period last year. The ministry adjusts or adds rules (including sums of parts) in the
administration."""

from decimal import Decimal

from django.db import migrations

OUTLIERS = [
    "INV_FDI_CAPITAL_NEW", "INV_DDI_CAPITAL_NEW", "INV_FDI_DISBURSED", "INV_DDI_DISBURSED",
    "PROD_REVENUE_VND", "TRADE_EXPORT_USD", "TRADE_IMPORT_USD", "BUDGET_CONTRIBUTION_VND",
    "LABOUR_WORKERS", "LAND_AREA",
]


def load(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    ValidationRule = apps.get_model("reports", "ValidationRule")
    for indicator in Indicator.objects.filter(code__in=OUTLIERS):
        ValidationRule.objects.get_or_create(
            indicator=indicator, kind="outlier",
            defaults={"severity": "warning", "threshold_percent": Decimal("50")},
        )


def unload(apps, schema_editor):
    apps.get_model("reports", "ValidationRule").objects.filter(
        kind="outlier", indicator__code__in=OUTLIERS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_reportingperiod_unitreport_selfscore_reportvalue_and_more")]
    operations = [migrations.RunPython(load, unload)]
