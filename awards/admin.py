"""Administration of the awards app. Ballots, their marks and who has voted are deliberately
not registered: nobody, administrators included, browses ballots; a vote's result is shown
only on its page once the vote is closed, and not here (so the vote has no history page
here either: its history holds the result and the paper counts). Meetings, nominations (with
the ministry's decisions) and submissions show their change history."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedAdmin
from awards.models import (
    AgendaItem,
    Attendance,
    AwardQuota,
    AwardType,
    Decision,
    Meeting,
    Nomination,
    Submission,
    Vote,
)
from khoi_thi_dua.admin import ReadOnlyAdminMixin


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_vi",
        "recipient",
        "default_quota",
        "threshold_comparison",
        "threshold_percent",
        "threshold_base",
        "display_order",
        "active",
    ]
    list_filter = ["recipient", "active"]
    search_fields = ["code", "name_vi", "name_en"]
    fieldsets = [
        (None, {"fields": ["code", "name_vi", "name_en", "recipient", "display_order", "active"]}),
        (
            _("Quota and vote rule"),
            {
                "fields": [
                    "default_quota",
                    "threshold_comparison",
                    "threshold_percent",
                    "threshold_base",
                    "quorum_numerator",
                    "quorum_denominator",
                    "eligibility_notes",
                ]
            },
        ),
    ]


@admin.register(AwardQuota)
class AwardQuotaAdmin(admin.ModelAdmin):
    list_display = ["bloc", "year", "award_type", "quota"]
    list_filter = ["year", "award_type"]


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


class AttendanceInline(admin.TabularInline):
    """Read-only here: attendance is recorded on the meeting page, where a unit that has voted
    in an open vote cannot be changed."""

    model = Attendance
    extra = 0
    fields = ["unit", "status", "representative_name", "representative_title", "written_opinion"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ["title", "bloc", "year", "kind", "held_on"]
    list_filter = ["kind", "year"]
    inlines = [AgendaInline, DecisionInline, AttendanceInline]


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Settings and status only: no result, no paper counts, no ballots."""

    list_display = ["title", "meeting", "status", "secret", "mode"]
    list_filter = ["status", "kind"]
    fields = [
        "meeting",
        "kind",
        "award_type",
        "title",
        "seats",
        "method",
        "secret",
        "mode",
        "status",
        "opened_at",
        "closed_at",
    ]
    readonly_fields = fields


@admin.register(Nomination)
class NominationAdmin(AuditedAdmin):
    """The status and the ministry's decision change only through the pages' workflow."""

    list_display = ["__str__", "bloc", "year", "award_type", "status", "decision_number"]
    list_filter = ["status", "year", "award_type"]
    search_fields = ["unit__name", "nominee_name"]
    readonly_fields = [
        "status",
        "decision_number",
        "decision_date",
        "decision_note",
        "decided_by",
        "decided_at",
        "proposed_by",
    ]


@admin.register(Submission)
class SubmissionAdmin(AuditedAdmin):
    list_display = ["bloc", "year", "number", "dated"]
