"""Administration of blocs, units, membership by year and yearly leadership."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from blocs.models import Bloc, BlocYear, Membership, MemberUnit, SuperiorBody
from blocs.services import carry_memberships_forward


@admin.register(SuperiorBody)
class SuperiorBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "from_year", "to_year"]
    search_fields = ["name", "short_name"]


class BlocYearInline(admin.TabularInline):
    model = BlocYear
    extra = 0
    autocomplete_fields = ["leader", "deputy"]
    ordering = ["-year"]


@admin.register(Bloc)
class BlocAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "display_order"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [BlocYearInline]


@admin.register(MemberUnit)
class MemberUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "province", "kind", "staff_count", "active", "successor"]
    list_filter = ["kind", "active", "memberships__bloc"]
    search_fields = ["name", "short_name", "code", "province"]
    autocomplete_fields = ["successor"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["unit", "bloc", "year"]
    list_filter = ["year", "bloc"]
    search_fields = ["unit__name", "unit__short_name", "bloc__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit", "bloc"]
    actions = ["carry_forward"]

    @admin.action(description=_("Carry the selected blocs' members into the next year"))
    def carry_forward(self, request, queryset):
        pairs = sorted(set(queryset.values_list("bloc_id", "year")))
        total = 0
        for bloc_id, year in pairs:
            total += len(carry_memberships_forward(Bloc.objects.get(pk=bloc_id), year, year + 1))
        self.message_user(
            request,
            ngettext(
                "%(count)d membership added for the next year.",
                "%(count)d memberships added for the next year.",
                total,
            )
            % {"count": total},
            messages.SUCCESS,
        )


@admin.register(BlocYear)
class BlocYearAdmin(admin.ModelAdmin):
    list_display = ["bloc", "year", "leader", "deputy"]
    list_filter = ["year", "bloc"]
    search_fields = ["bloc__name", "leader__name", "deputy__name"]
    autocomplete_fields = ["leader", "deputy"]
    list_select_related = ["bloc", "leader", "deputy"]
