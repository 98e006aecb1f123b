"""What the apps' administration classes share."""


class ReadOnlyAdminMixin:
    """Records that the portal's workflows make (downloads, queued jobs, reports, votes) are
    for reading here: adding, changing or deleting them by hand would go around those
    workflows. Put it before admin.ModelAdmin in the bases."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
