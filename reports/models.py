"""The indicator catalogue that board reports carry (ministry-maintained master data)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.models import YEAR_VALIDATORS
from khoi_thi_dua.bilingual import in_active_language


class IndicatorQuerySet(models.QuerySet):
    def in_force(self, year: int) -> IndicatorQuerySet:
        return self.filter(from_year__lte=year).filter(
            Q(to_year__isnull=True) | Q(to_year__gte=year)
        )


class Indicator(models.Model):
    """A quantity a board reports, with its unit and how the bloc aggregates it.

    Amounts in different currencies are different indicators; they are never added together.
    """

    class Group(models.TextChoices):
        INVESTMENT = "investment", _("Investment attraction")
        PRODUCTION = "production", _("Production and business")
        TRADE = "trade", _("Export and import")
        BUDGET = "budget", _("State budget")
        LABOUR = "labour", _("Labour")
        LAND = "land", _("Parks, zones and land")
        ENVIRONMENT = "environment", _("Environment")
        FEES = "fees", _("Fees")
        ADMINISTRATION = "administration", _("Administrative procedures")
        INCIDENTS = "incidents", _("Incidents")
        BOARD = "board", _("The board itself")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum")
        AVERAGE = "average", _("Average")
        NONE = "none", _("Not aggregated")

    class Currency(models.TextChoices):
        NONE = "", _("Not an amount of money")
        VND = "VND", _("Vietnamese dong")
        USD = "USD", _("US dollar")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    unit_vi = models.CharField(_("unit of measure (Vietnamese)"), max_length=40)
    unit_en = models.CharField(_("unit of measure (English)"), max_length=40)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, blank=True, default=Currency.NONE
    )
    aggregation = models.CharField(
        _("aggregation in the bloc"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )
    decimals = models.PositiveSmallIntegerField(
        _("decimal places"), default=0, validators=[MaxValueValidator(6)]
    )
    min_value = models.DecimalField(
        _("smallest allowed value"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("largest allowed value"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    required = models.BooleanField(_("required"), default=True)
    from_year = models.PositiveSmallIntegerField(
        _("in force from year"), validators=YEAR_VALIDATORS
    )
    to_year = models.PositiveSmallIntegerField(
        _("in force until year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    display_order = models.PositiveSmallIntegerField(
        _("display order"), default=0, validators=[MinValueValidator(0)]
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["display_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
                name="reports_indicator_range_ordered",
                violation_error_message=_("The smallest allowed value is above the largest."),
            ),
            models.CheckConstraint(
                condition=Q(to_year__isnull=True) | Q(to_year__gte=models.F("from_year")),
                name="reports_indicator_years_ordered",
                violation_error_message=_("The end year cannot be before the start year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def name(self) -> str:
        return in_active_language(self.name_vi, self.name_en)

    @property
    def unit_of_measure(self) -> str:
        return in_active_language(self.unit_vi, self.unit_en)
