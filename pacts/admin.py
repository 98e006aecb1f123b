"""Administration of pacts: for inspection; the workflow runs through the pact pages."""

from django.contrib import admin

from audit.admin import AuditedAdmin
from pacts.models import Pact, PactEvent, Registration, Signature


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    can_delete = False
    fields = ["unit", "signer_name", "signer_title", "signed_at", "invalidated_at"]
    readonly_fields = fields


class PactEventInline(admin.TabularInline):
    model = PactEvent
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "by", "reason"]
    readonly_fields = fields


@admin.register(Pact)
class PactAdmin(AuditedAdmin):
    list_display = ["title", "bloc", "year", "status", "signed_at"]
    list_filter = ["status", "year", "bloc"]
    search_fields = ["title", "bloc__name"]
    list_select_related = ["bloc"]
    # Status changes go through Pact.set_status on the pact pages, never through a form.
    readonly_fields = ["status", "signed_at", "copied_from", "created_by"]
    inlines = [SignatureInline, PactEventInline]


@admin.register(Registration)
class RegistrationAdmin(AuditedAdmin):
    list_display = ["unit", "pact", "submitted_by", "submitted_at"]
    list_filter = ["pact__year", "pact__bloc"]
    search_fields = ["unit__name", "pact__title"]
    list_select_related = ["unit", "pact"]
