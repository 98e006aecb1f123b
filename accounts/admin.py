"""Administration of people and their roles."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.forms import PortalUserChangeForm, PortalUserCreationForm
from accounts.models import User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    list_display = [
        "username",
        "full_name",
        "unit",
        "position",
        "is_board_staff",
        "is_unit_leader",
        "is_ministry_staff",
        "is_active",
    ]
    list_filter = [
        "is_board_staff",
        "is_unit_leader",
        "is_ministry_staff",
        "is_staff",
        "is_superuser",
        "is_active",
        "is_demo",
        "unit__memberships__bloc",
    ]
    search_fields = ["username", "full_name", "email", "unit__name", "unit__short_name"]
    ordering = ["full_name", "username"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["full_name", "email", "position", "unit"]}),
        (
            _("Portal roles"),
            {
                "fields": ["is_board_staff", "is_unit_leader", "is_ministry_staff", "is_demo"],
                "description": _(
                    "The bloc-leader role is not set here: it follows from the "
                    "year's leadership of the person's unit."
                ),
            },
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "full_name",
                    "email",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]
