"""Administration of the award catalogue."""

from django.contrib import admin

from awards.models import AwardType


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "recipient", "display_order", "active"]
    list_filter = ["recipient", "active"]
    search_fields = ["code", "name_vi", "name_en"]
