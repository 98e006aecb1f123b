"""The annual emulation pact of a bloc: clauses, scoring table, registrations and signatures."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from audit.history import audit_history
from blocs.models import YEAR_VALIDATORS

POINTS = {"max_digits": 6, "decimal_places": 2}
POSITIVE = [MinValueValidator(Decimal("0.01"))]


class PactTransitionError(Exception):
    """A status change the pact's workflow does not allow; str() says why, for the user."""


class Pact(models.Model):
    """One pact per bloc and year (giao ước thi đua)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for signing")
        SIGNED = "signed", _("Signed")
        ARCHIVED = "archived", _("Archived")

    # The only status changes there are; Pact.set_status enforces them.
    TRANSITIONS = {
        Status.DRAFT: {Status.OPEN},
        Status.OPEN: {Status.DRAFT, Status.SIGNED},
        Status.SIGNED: {Status.DRAFT, Status.ARCHIVED},
        Status.ARCHIVED: set(),
    }

    bloc = models.ForeignKey(
        "blocs.Bloc", verbose_name=_("bloc"), on_delete=models.PROTECT, related_name="pacts"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    title = models.CharField(_("title"), max_length=255)
    number = models.CharField(
        _("document number"), max_length=50, blank=True, help_text=_("For example 01/GƯ-KTĐ.")
    )
    place = models.CharField(
        _("place of signing"), max_length=100, blank=True, help_text=_("For example Quy Nhơn.")
    )
    preamble = models.TextField(_("preamble"), blank=True)
    total_points = models.DecimalField(
        _("declared total points"), default=Decimal("100"), validators=POSITIVE, **POINTS
    )
    bonus_cap = models.DecimalField(
        _("cap on bonus points"), default=Decimal("5"), validators=[MinValueValidator(0)], **POINTS
    )
    penalty_cap = models.DecimalField(
        _("cap on penalty points"),
        default=Decimal("10"),
        validators=[MinValueValidator(0)],
        **POINTS,
    )
    indicators = models.ManyToManyField(
        "reports.Indicator",
        verbose_name=_("indicators members register targets for"),
        blank=True,
        related_name="pacts",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    copied_from = models.ForeignKey(
        "self", verbose_name=_("copied from"), null=True, blank=True, on_delete=models.SET_NULL
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Every change of the pact and its indicators; the status changes are also in PactEvent.
    history = audit_history(excluded_fields=["updated_at"], m2m_fields=["indicators"])

    class Meta:
        verbose_name = _("emulation pact")
        verbose_name_plural = _("emulation pacts")
        ordering = ["-year", "bloc__display_order", "bloc__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year"],
                name="pacts_pact_unique_bloc_year",
                violation_error_message=_("This bloc already has a pact for that year."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("pacts:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def criteria_total(self) -> Decimal:
        total = ScoringCriterion.objects.filter(group__pact=self).aggregate(s=Sum("max_points"))
        return total["s"] or Decimal("0")

    def readiness_problems(self) -> list[str]:
        """What stops the draft from being opened for signing, in words for the user."""
        problems = []
        if not self.clauses.exists():
            problems.append(gettext("The pact has no clauses."))
        total = self.criteria_total()
        if total == 0:
            problems.append(gettext("The scoring table has no criteria."))
        elif total != self.total_points:
            problems.append(
                gettext(
                    "The criteria add up to %(sum)s points but the declared total is %(total)s."
                )
                % {"sum": _points(total), "total": _points(self.total_points)}
            )
        return problems

    def set_status(self, new: str, by, reason: str = "") -> PactEvent:
        """The one place a pact changes status. Call inside a transaction, pact row locked."""
        old = self.Status(self.status)
        new = self.Status(new)
        if new not in self.TRANSITIONS[old]:
            raise PactTransitionError(
                gettext("A pact cannot go from “%(old)s” to “%(new)s”.")
                % {"old": old.label, "new": new.label}
            )
        reason = (reason or "").strip()
        valid_signatures = self.signatures.filter(invalidated_at__isnull=True)
        if new == self.Status.OPEN:
            problems = self.readiness_problems()
            if problems:
                raise PactTransitionError(" ".join(problems))
        if new == self.Status.DRAFT and (old == self.Status.SIGNED or valid_signatures.exists()):
            if not reason:
                raise PactTransitionError(
                    gettext("Reopening a pact that has signatures needs a written reason.")
                )
            # One UPDATE and one history INSERT for all of them: the audit keeps who
            # cancelled each signature and why.
            invalidated = list(valid_signatures)
            now = timezone.now()
            for signature in invalidated:
                signature.invalidated_at, signature.invalidated_reason = now, reason
            bulk_update_with_history(
                invalidated,
                Signature,
                ["invalidated_at", "invalidated_reason"],
                default_user=by,
            )
        self.status = new
        if new == self.Status.SIGNED:
            self.signed_at = timezone.now()
        elif new == self.Status.DRAFT:
            self.signed_at = None
        self._history_user = by
        self.save(update_fields=["status", "signed_at", "updated_at"])
        return PactEvent.objects.create(
            pact=self, from_status=old, to_status=new, by=by, reason=reason
        )


def _points(value: Decimal) -> str:
    from khoi_thi_dua.numbers import format_number

    return format_number(value)


class PactClause(models.Model):
    pact = models.ForeignKey(Pact, on_delete=models.CASCADE, related_name="clauses")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("commitment"))

    history = audit_history()

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class CriteriaGroup(models.Model):
    pact = models.ForeignKey(Pact, on_delete=models.CASCADE, related_name="criteria_groups")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("group of criteria"), max_length=255)

    history = audit_history()

    class Meta:
        verbose_name = _("group of criteria")
        verbose_name_plural = _("groups of criteria")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class ScoringCriterion(models.Model):
    group = models.ForeignKey(CriteriaGroup, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("criterion"))
    max_points = models.DecimalField(_("maximum points"), validators=POSITIVE, **POINTS)
    guidance = models.TextField(_("how to score"), blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ScoreAdjustment(models.Model):
    """A bonus or penalty item of the scoring table; its points are a ceiling per member."""

    class Kind(models.TextChoices):
        BONUS = "bonus", _("Bonus")
        PENALTY = "penalty", _("Penalty")

    pact = models.ForeignKey(Pact, on_delete=models.CASCADE, related_name="adjustments")
    kind = models.CharField(_("kind"), max_length=7, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("item"))
    max_points = models.DecimalField(_("up to points"), validators=POSITIVE, **POINTS)
    guidance = models.TextField(_("how to score"), blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("bonus or penalty item")
        verbose_name_plural = _("bonus and penalty items")
        ordering = ["kind", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Registration(models.Model):
    """A member's registration (đăng ký thi đua): targets for the year and titles aimed for."""

    pact = models.ForeignKey(Pact, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(
        "blocs.MemberUnit",
        verbose_name=_("member unit"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    award_types = models.ManyToManyField(
        "awards.AwardType", verbose_name=_("titles and awards aimed for"), blank=True
    )
    note = models.TextField(_("other commitments"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now=True)

    # submitted_at is the time of the last save, which each history record has already.
    history = audit_history(
        by_field="submitted_by", excluded_fields=["submitted_at"], m2m_fields=["award_types"]
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pact", "unit"],
                name="pacts_registration_unique_pact_unit",
                violation_error_message=_("This unit has already registered for the pact."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.pact}"


class RegistrationTarget(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey("reports.Indicator", on_delete=models.PROTECT, related_name="+")
    target = models.DecimalField(_("target"), max_digits=20, decimal_places=6)

    history = audit_history()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator__display_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "indicator"],
                name="pacts_registrationtarget_unique_indicator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.target}"


class Signature(models.Model):
    """A unit leader's signature for their own unit; reopening the pact invalidates it."""

    pact = models.ForeignKey(Pact, on_delete=models.CASCADE, related_name="signatures")
    unit = models.ForeignKey(
        "blocs.MemberUnit",
        verbose_name=_("member unit"),
        on_delete=models.PROTECT,
        related_name="pact_signatures",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="pact_signatures",
    )
    signer_name = models.CharField(_("signer"), max_length=150)
    signer_title = models.CharField(_("title of the signer"), max_length=150, blank=True)
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    invalidated_at = models.DateTimeField(_("invalidated at"), null=True, blank=True)
    invalidated_reason = models.TextField(_("why it was invalidated"), blank=True)

    history = audit_history(by_field="signed_by")

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pact", "unit"],
                condition=Q(invalidated_at__isnull=True),
                name="pacts_signature_one_valid_per_unit",
                violation_error_message=_("This unit has already signed the pact."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} ({self.unit})"


class PactEvent(models.Model):
    """The log of a pact's status changes, with the written reason where one is needed."""

    pact = models.ForeignKey(Pact, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(
        _("from"),
        max_length=10,
        choices=Pact.Status.choices,
        blank=True,
        help_text=_("Empty for the pact's creation."),
    )
    to_status = models.CharField(_("to"), max_length=10, choices=Pact.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.pact}: {self.from_status} → {self.to_status}"
