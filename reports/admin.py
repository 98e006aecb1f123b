"""Administration of the indicator catalogue (maintained by the ministry)."""

from django.contrib import admin
from django.db import models

from khoi_thi_dua.fields import LocalizedDecimalField
from reports.models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_vi",
        "group",
        "unit_vi",
        "aggregation",
        "decimals",
        "required",
        "from_year",
        "to_year",
        "display_order",
    ]
    list_filter = ["group", "aggregation", "currency", "required"]
    search_fields = ["code", "name_vi", "name_en"]
    list_editable = ["display_order"]
    ordering = ["display_order", "code"]
    # Ranges are typed the Vietnamese way: "1.234,5".
    formfield_overrides = {models.DecimalField: {"form_class": LocalizedDecimalField}}
