"""The administration's view of the audit history (django-simple-history), read-only.

The history of a record is for reading: "revert" would write an old version back through an
administration form, around the workflows (statuses, signatures, locks) the pages enforce.
"""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class AuditedAdmin(SimpleHistoryAdmin):
    """A ModelAdmin with a "History" page listing every change, and no revert."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
