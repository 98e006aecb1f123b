"""The indicator catalogue that board reports carry (ministry-maintained master data)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.history import audit_history
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
    key_indicator = models.BooleanField(
        _("key indicator"),
        default=False,
        help_text=_("Shown for every bloc in the ministry's summary and dashboards."),
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


class ValidationRule(models.Model):
    """A rule checked on every report, kept as catalogue data (not code).

    SUM: the indicator's value equals the sum of its parts (e.g. a total of the parts).
    OUTLIER: the value moves more than `threshold_percent` from the same period last year.
    An ERROR blocks submission; a WARNING can be accepted with a written explanation.
    """

    class Kind(models.TextChoices):
        SUM = "sum", _("Total equals the sum of its parts")
        OUTLIER = "outlier", _("Far from the same period last year")

    class Severity(models.TextChoices):
        ERROR = "error", _("Error")
        WARNING = "warning", _("Warning")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField(_("kind of rule"), max_length=10, choices=Kind.choices)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.WARNING
    )
    parts = models.ManyToManyField(
        Indicator, verbose_name=_("parts"), blank=True, related_name="part_of_rules"
    )
    threshold_percent = models.DecimalField(
        _("allowed change from last year (%)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["indicator__display_order", "kind"]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.get_kind_display()}"


class ReportingPeriod(models.Model):
    """A reporting period of a bloc: the first half (H1) or the full year (FY) of a year."""

    class Kind(models.TextChoices):
        H1 = "H1", _("First half")
        FY = "FY", _("Full year")

    bloc = models.ForeignKey(
        "blocs.Bloc", verbose_name=_("bloc"), on_delete=models.PROTECT, related_name="periods"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("period"), max_length=2, choices=Kind.choices)
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-year", "-kind", "bloc__display_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year", "kind"],
                name="reports_period_unique_bloc_year_kind",
                violation_error_message=_("This bloc already has this period for that year."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_on")),
                name="reports_period_deadline_after_opening",
                violation_error_message=_("The deadline cannot be before the opening date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} — {self.bloc}"

    def previous_year(self):
        """The same period of last year, for comparisons."""
        return ReportingPeriod.objects.filter(
            bloc_id=self.bloc_id, year=self.year - 1, kind=self.kind
        ).first()


class UnitReport(models.Model):
    """A member unit's report for a period: a value per indicator and the narrative."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    # The only status changes there are; UnitReport.set_status enforces them.
    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.RETURNED, Status.ACCEPTED},
        Status.RETURNED: {Status.SUBMITTED},
        Status.ACCEPTED: {Status.RETURNED},
    }

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    unit = models.ForeignKey(
        "blocs.MemberUnit",
        verbose_name=_("member unit"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    unit_name = models.CharField(
        _("unit name when filed"),
        max_length=255,
        help_text=_("Old reports keep the name they were filed under."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    results = models.TextField(_("results"), blank=True)
    limitations = models.TextField(_("limitations and causes"), blank=True)
    directions = models.TextField(_("directions and tasks ahead"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    # Raised by every save: a save that read an older version is refused (no lost update).
    version = models.PositiveIntegerField(_("version"), default=1)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Status, dates and narrative. version, updated_at and updated_by change with every save
    # and each history record holds its own time and person. The values have their own
    # history (ReportValue's, and ValueChange that the report's page shows); the status
    # changes are also in ReportEvent with the reason.
    history = audit_history(
        by_field="updated_by", excluded_fields=["version", "updated_at", "updated_by"]
    )

    class Meta:
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        ordering = ["-period__year", "-period__kind", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit"],
                name="reports_unitreport_unique_period_unit",
                violation_error_message=_("This unit already has a report for the period."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} — {self.period}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class ReportValue(models.Model):
    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    explanation = models.TextField(
        _("explanation of a warning"),
        blank=True,
        help_text=_("Why the value is right although a rule warns about it."),
    )

    # Written in bulk by reports.services.save_report (bulk_*_with_history).
    history = audit_history()

    class Meta:
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="reports_reportvalue_unique_indicator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class ValueChange(models.Model):
    """Every change of a reported value: who, when, old → new."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="value_changes")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    old_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    new_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("change of a value")
        verbose_name_plural = _("changes of values")
        ordering = ["-at", "-pk"]
        indexes = [
            # The history page of one report, newest first.
            models.Index(fields=["report", "-at"], name="reports_valuechange_report_at"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.old_value} → {self.new_value}"


class ReportEvent(models.Model):
    """The log of a report's status changes, with the reason where one is needed."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=UnitReport.Status.choices)
    to_status = models.CharField(max_length=10, choices=UnitReport.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_status} → {self.to_status}"


class SelfScore(models.Model):
    """The unit's own points for one criterion, or one bonus/penalty item, of the pact."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="self_scores")
    criterion = models.ForeignKey(
        "pacts.ScoringCriterion", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    adjustment = models.ForeignKey(
        "pacts.ScoreAdjustment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)

    history = audit_history()

    class Meta:
        verbose_name = _("self-score")
        verbose_name_plural = _("self-scores")
        constraints = [
            models.CheckConstraint(
                condition=Q(criterion__isnull=False, adjustment__isnull=True)
                | Q(criterion__isnull=True, adjustment__isnull=False),
                name="reports_selfscore_one_item",
            ),
            models.UniqueConstraint(
                fields=["report", "criterion"], name="reports_selfscore_unique_criterion"
            ),
            models.UniqueConstraint(
                fields=["report", "adjustment"], name="reports_selfscore_unique_adjustment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.points}"


def _attachment_path(instance, filename: str) -> str:
    return f"attachments/{instance.report.period.year}/{instance.report_id}/{filename}"


class Attachment(models.Model):
    """A supporting file of a report (PDF, DOCX, XLSX), checked for its type and size."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    # The file's metadata (name, size, path, who); the content is not copied.
    history = audit_history(by_field="uploaded_by")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class PeriodSummary(models.Model):
    """The ministry's summary of a period across all blocs: the subject of its PDF versions."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("period"), max_length=2, choices=ReportingPeriod.Kind.choices)

    class Meta:
        verbose_name = _("summary of a period")
        verbose_name_plural = _("summaries of periods")
        ordering = ["-year", "-kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind"], name="reports_periodsummary_unique_year_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"
