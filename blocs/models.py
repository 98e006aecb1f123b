"""Emulation blocs, their member units, membership by year and the yearly leadership."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class SuperiorBody(models.Model):
    """The ministry above all blocs; its name changes over the years (2025: MPI → MoF)."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    emulation_office = models.CharField(
        _("emulation office"),
        max_length=200,
        blank=True,
        help_text=_(
            "The department that handles emulation and awards, e.g. Vụ Thi đua - Khen thưởng."
        ),
    )
    from_year = models.PositiveSmallIntegerField(_("from year"), validators=YEAR_VALIDATORS)
    to_year = models.PositiveSmallIntegerField(
        _("to year"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Empty while the body still exists under this name."),
    )

    class Meta:
        verbose_name = _("superior body")
        verbose_name_plural = _("superior bodies")
        ordering = ["-from_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_year__isnull=True) | Q(to_year__gte=models.F("from_year")),
                name="blocs_superiorbody_years_ordered",
                violation_error_message=_("The end year cannot be before the start year."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def for_year(cls, year: int) -> SuperiorBody | None:
        return (
            cls.objects.filter(from_year__lte=year)
            .filter(Q(to_year__isnull=True) | Q(to_year__gte=year))
            .order_by("-from_year")
            .first()
        )

    def clean(self) -> None:
        overlapping = SuperiorBody.objects.exclude(pk=self.pk).filter(
            Q(to_year__isnull=True) | Q(to_year__gte=self.from_year)
        )
        if self.to_year is not None:
            overlapping = overlapping.filter(from_year__lte=self.to_year)
        if overlapping.exists():
            raise ValidationError(
                gettext("Another superior body already covers some of these years: %(name)s.")
                % {"name": overlapping.first().name}
            )


class Bloc(models.Model):
    """A regional emulation bloc of industrial-park and economic-zone management boards."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("emulation bloc")
        verbose_name_plural = _("emulation blocs")
        ordering = ["display_order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("blocs:bloc_detail", args=[self.code])

    def members_in(self, year: int):
        return MemberUnit.objects.filter(memberships__bloc=self, memberships__year=year).order_by(
            "name"
        )


class MemberUnit(models.Model):
    """A management board (Ban Quản lý) of a province: one member of a bloc in a given year."""

    class Kind(models.TextChoices):
        KCN = "KCN", _("Industrial parks (KCN)")
        KCX = "KCX", _("Export processing zones (KCX)")
        KKT = "KKT", _("Economic zones (KKT)")
        KCNC = "KCNC", _("High-tech parks (KCNC)")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100)
    province = models.CharField(_("province / city"), max_length=100)
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices, default=Kind.KCN)
    staff_count = models.PositiveIntegerField(_("staff count"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("succeeded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("The unit this one merged into."),
    )
    succeeded_on = models.DateField(_("merged on"), null=True, blank=True)

    class Meta:
        verbose_name = _("member unit")
        verbose_name_plural = _("member units")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(successor__isnull=True, succeeded_on__isnull=True)
                | Q(successor__isnull=False, succeeded_on__isnull=False),
                name="blocs_memberunit_successor_with_date",
                violation_error_message=_("A merger needs both the successor unit and the date."),
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("pk")),
                name="blocs_memberunit_not_own_successor",
                violation_error_message=_("A unit cannot succeed into itself."),
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("blocs:unit_detail", args=[self.code])

    def clean(self) -> None:
        if self.successor_id and self.pk and self.successor_id == self.pk:
            raise ValidationError({"successor": gettext("A unit cannot succeed into itself.")})
        # Follow the chain so that a merger cannot loop back to this unit.
        seen = {self.pk}
        current = self.successor
        while current is not None:
            if current.pk in seen:
                raise ValidationError(
                    {"successor": gettext("This merger would make a circle of successions.")}
                )
            seen.add(current.pk)
            current = current.successor

    def bloc_in(self, year: int) -> Bloc | None:
        membership = self.memberships.select_related("bloc").filter(year=year).first()
        return membership.bloc if membership else None


class Membership(models.Model):
    """A unit's membership of a bloc for one year; a unit is in at most one bloc a year."""

    bloc = models.ForeignKey(
        Bloc, verbose_name=_("bloc"), on_delete=models.PROTECT, related_name="memberships"
    )
    unit = models.ForeignKey(
        MemberUnit,
        verbose_name=_("member unit"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-year", "bloc", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="blocs_membership_unique_unit_year",
                violation_error_message=_("This unit is already a member of a bloc in that year."),
            ),
        ]
        indexes = [
            # Members of a bloc in a year: bloc page, bloc list member counts.
            models.Index(fields=["bloc", "year"], name="blocs_membership_bloc_year"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.bloc} ({self.year})"

    def validate_constraints(self, exclude=None) -> None:
        # Name the bloc the unit is already in, which the generic message cannot.
        clash = (
            Membership.objects.filter(unit_id=self.unit_id, year=self.year)
            .exclude(pk=self.pk)
            .select_related("bloc")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                gettext(
                    "%(unit)s is already a member of %(bloc)s in %(year)s; "
                    "a unit can be in only one bloc a year."
                )
                % {"unit": clash.unit, "bloc": clash.bloc, "year": self.year}
            )
        super().validate_constraints(exclude=exclude)


class BlocYear(models.Model):
    """The leadership of a bloc for a year: the leader (Khối trưởng) and deputy (Khối phó) units."""

    bloc = models.ForeignKey(
        Bloc, verbose_name=_("bloc"), on_delete=models.PROTECT, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    leader = models.ForeignKey(
        MemberUnit,
        verbose_name=_("bloc leader unit"),
        on_delete=models.PROTECT,
        related_name="led_years",
    )
    deputy = models.ForeignKey(
        MemberUnit,
        verbose_name=_("deputy unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deputy_years",
    )

    class Meta:
        verbose_name = _("bloc year (leadership)")
        verbose_name_plural = _("bloc years (leadership)")
        ordering = ["bloc", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year"],
                name="blocs_blocyear_unique_bloc_year",
                violation_error_message=_("This bloc already has a leadership for that year."),
            ),
            models.CheckConstraint(
                condition=~Q(leader=models.F("deputy")),
                name="blocs_blocyear_leader_not_deputy",
                violation_error_message=_("The leader and the deputy must be different units."),
            ),
        ]
        indexes = [
            # "Which blocs does this unit lead in year Y?" — the bloc-leader role check.
            models.Index(fields=["leader", "year"], name="blocs_blocyear_leader_year"),
        ]

    def __str__(self) -> str:
        return f"{self.bloc} — {self.year}"

    def clean(self) -> None:
        if not (self.bloc_id and self.year):
            return
        errors = {}
        members = set(
            Membership.objects.filter(bloc_id=self.bloc_id, year=self.year).values_list(
                "unit_id", flat=True
            )
        )
        for field in ("leader", "deputy"):
            unit_id = getattr(self, f"{field}_id")
            if unit_id and unit_id not in members:
                errors[field] = gettext("%(unit)s is not a member of %(bloc)s in %(year)s.") % {
                    "unit": getattr(self, field),
                    "bloc": self.bloc,
                    "year": self.year,
                }
        if self.leader_id and self.leader_id == self.deputy_id:
            errors["deputy"] = gettext("The leader and the deputy must be different units.")
        if errors:
            raise ValidationError(errors)
