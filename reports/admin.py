"""Administration of the indicator catalogue (maintained by the ministry), and the unit
reports for inspection with their change history (the workflow runs through the report pages)."""

from django.contrib import admin
from django.db import models

from audit.admin import AuditedAdmin
from khoi_thi_dua.admin import ReadOnlyAdminMixin
from khoi_thi_dua.fields import LocalizedDecimalField
from reports.models import Indicator, UnitReport


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


@admin.register(UnitReport)
class UnitReportAdmin(ReadOnlyAdminMixin, AuditedAdmin):
    """Read-only: values, status and review change only through the report pages, where the
    version check and the transition rules apply."""

    list_display = ["unit_name", "period", "status", "updated_at", "updated_by"]
    list_filter = ["status", "period__year", "period__kind", "period__bloc"]
    search_fields = ["unit_name", "unit__name"]
    list_select_related = ["period__bloc", "updated_by"]
    fields = [
        "period",
        "unit",
        "unit_name",
        "status",
        "results",
        "limitations",
        "directions",
        "recommendations",
        "submitted_at",
        "accepted_at",
        "updated_at",
        "updated_by",
    ]
    readonly_fields = fields
