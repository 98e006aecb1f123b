"""Administration of documents (read-only records of the pipeline) and of downloads."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from documents.models import Document, DownloadLog, PendingTask
from documents.services import requeue_failed
from khoi_thi_dua.admin import ReadOnlyAdminMixin


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Documents are made by the pipeline, never typed in: everything is read-only here."""

    list_display = [
        "title",
        "kind",
        "version",
        "status",
        "progress",
        "page_count",
        "size",
        "requested_by",
        "requested_at",
    ]
    list_filter = ["kind", "status", "year"]
    search_fields = ["title", "content_hash"]
    date_hierarchy = "requested_at"
    list_select_related = ["requested_by"]
    actions = ["render_again"]
    exclude = ["payload"]
    readonly_fields = [
        "kind",
        "content_type",
        "object_id",
        "version",
        "title",
        "year",
        "status",
        "progress",
        "error",
        "file",
        "size",
        "page_count",
        "attempts",
        "content_hash",
        "requested_by",
        "requested_at",
        "started_at",
        "finished_at",
    ]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Produce the selected failed documents again"))
    def render_again(self, request, queryset):
        count = requeue_failed(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d failed document was queued again.",
                "%(count)d failed documents were queued again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(DownloadLog)
class DownloadLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "user", "document"]
    list_filter = ["document__kind"]
    search_fields = ["user__username", "user__full_name", "document__title"]
    date_hierarchy = "at"
    list_select_related = ["user", "document"]


@admin.register(PendingTask)
class PendingTaskAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Jobs waiting for the job queue (the outbox): shown so that an operator can see a backlog
    while the broker is down; they are sent by the workers, never edited by hand."""

    list_display = ["task", "created_at", "attempts", "last_attempt_at", "last_error"]
    list_filter = ["task"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "task",
        "args",
        "kwargs",
        "created_at",
        "attempts",
        "last_error",
        "last_attempt_at",
    ]
