"""People who use the portal. The bloc-leader role is not stored here: it is derived from
the year's leadership (blocs.BlocYear) through the user's unit, see blocs.access."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    first_name = None
    last_name = None

    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position / title"), max_length=150, blank=True)
    unit = models.ForeignKey(
        "blocs.MemberUnit",
        verbose_name=_("member unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    is_board_staff = models.BooleanField(
        _("board staff"),
        default=False,
        help_text=_("Enters and submits the unit's reports and registration."),
    )
    is_unit_leader = models.BooleanField(
        _("unit leader"),
        default=False,
        help_text=_("Signs the pact for the unit and casts its ballot."),
    )
    is_ministry_staff = models.BooleanField(
        _("ministry staff"),
        default=False,
        help_text=_("Reads every bloc and year; maintains the catalogues."),
    )
    is_demo = models.BooleanField(
        _("demo account"),
        default=False,
        help_text=_("Demo accounts can sign in only while the portal runs with DEBUG on."),
    )

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(is_board_staff=False, is_unit_leader=False),
                name="accounts_user_unit_roles_need_unit",
                violation_error_message=_("Board staff and unit leaders must belong to a unit."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.get_full_name()
