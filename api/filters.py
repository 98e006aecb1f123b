"""Query parameters of the list endpoints, validated strictly: a value that is not what the
schema says answers 400 with the parameter's message, never an empty or unfiltered list.

Each parameter carries its OpenAPI schema, so the published schema and the validation agree
(the fuzz test in tests/api holds them to it)."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import FilterSet
from drf_spectacular.utils import extend_schema_field

from awards.models import Nomination
from blocs.models import Bloc, BlocYear, Membership, MemberUnit
from reports.models import Indicator, ReportingPeriod, ReportValue

# Ids are 64-bit integers; a larger number would overflow the database driver.
MAX_ID = 2**63 - 1
MIN_YEAR, MAX_YEAR = 2000, 2100
CODE_PATTERN = r"^[-a-zA-Z0-9_]+$"
CODE_MAX_LENGTH = 40
_DIGITS = re.compile(r"^[0-9]+$")


class WholeNumberField(forms.Field):
    """Digits only (no sign, decimals or exponent), within [minimum, maximum]."""

    minimum = 1
    maximum = MAX_ID

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        if (
            not _DIGITS.match(value)
            or len(value) > 25
            or not self.minimum <= int(value) <= self.maximum
        ):
            raise ValidationError(
                _("Give a whole number from %(min)s to %(max)s.")
                % {"min": self.minimum, "max": self.maximum},
                code="invalid",
            )
        return int(value)


class IdField(WholeNumberField):
    pass


class YearField(WholeNumberField):
    minimum, maximum = MIN_YEAR, MAX_YEAR


class CodeField(forms.CharField):
    default_validators = []

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", CODE_MAX_LENGTH)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not re.match(CODE_PATTERN, value):
            raise ValidationError(
                _("A code has only letters, digits, hyphens and underscores."), code="invalid"
            )


class TrueFalseField(forms.Field):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if value not in ("true", "false"):
            raise ValidationError(_("Give true or false."), code="invalid")
        return value == "true"


class IdFilter(django_filters.Filter):
    field_class = IdField


class YearFilter(django_filters.Filter):
    field_class = YearField


class CodeFilter(django_filters.Filter):
    field_class = CodeField


class TrueFalseFilter(django_filters.Filter):
    field_class = TrueFalseField


def described(filter_, schema: dict, description: str):
    """Attach the parameter's OpenAPI schema and description to one filter."""
    return extend_schema_field({**schema, "description": description})(filter_)


def id_filter(description: str, **kwargs):
    return described(
        IdFilter(**kwargs),
        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        description,
    )


def year_filter(description: str, **kwargs):
    return described(
        YearFilter(**kwargs),
        {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
        description,
    )


def code_filter(description: str, **kwargs):
    return described(
        CodeFilter(**kwargs),
        {"type": "string", "pattern": CODE_PATTERN, "maxLength": CODE_MAX_LENGTH},
        description,
    )


def choice_filter(choices, description: str, **kwargs):
    return described(
        django_filters.ChoiceFilter(choices=choices, **kwargs),
        {"type": "string", "enum": [value for value, _label in choices]},
        description,
    )


def true_false_filter(description: str, **kwargs):
    return described(
        TrueFalseFilter(**kwargs),
        {"type": "boolean"},
        description,
    )


class BlocFilter(FilterSet):
    code = code_filter("The bloc's code.", field_name="code")
    year = year_filter(
        "Blocs with members or leadership in this year; `years` then holds only that year.",
        method="filter_year",
    )

    class Meta:
        model = Bloc
        fields = ["code", "year"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(
            Q(Exists(Membership.objects.filter(bloc=OuterRef("pk"), year=value)))
            | Q(Exists(BlocYear.objects.filter(bloc=OuterRef("pk"), year=value)))
        )


class UnitFilter(FilterSet):
    code = code_filter("The unit's code.", field_name="code")
    bloc = id_filter("Members of this bloc (id), in `year` if given.", method="by_membership")
    bloc_code = code_filter(
        "Members of this bloc (code), in `year` if given.", method="by_membership"
    )
    year = year_filter("Members of a bloc in this year.", method="by_membership")
    kind = choice_filter(MemberUnit.Kind.choices, "Kind of zones the board manages.")
    active = true_false_filter("Whether the unit still exists (not merged away).")

    class Meta:
        model = MemberUnit
        fields = ["code", "bloc", "bloc_code", "year", "kind", "active"]

    def by_membership(self, queryset, name, value):
        # Applied once in filter_queryset, so that bloc and year name the same membership.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        conditions = {
            lookup: data[name]
            for name, lookup in (("bloc", "bloc_id"), ("bloc_code", "bloc__code"), ("year", "year"))
            if data.get(name) not in (None, "")
        }
        if conditions:
            queryset = queryset.filter(
                Exists(Membership.objects.filter(unit=OuterRef("pk"), **conditions))
            )
        return queryset


class IndicatorFilter(FilterSet):
    code = code_filter("The indicator's code.", field_name="code")
    group = choice_filter(Indicator.Group.choices, "Group of indicators.")
    year = year_filter("Indicators in force in this year.", method="in_force")

    class Meta:
        model = Indicator
        fields = ["code", "group", "year"]

    def in_force(self, queryset, name, value):
        return queryset.in_force(value)


class PeriodFilter(FilterSet):
    bloc = id_filter("The bloc (id).", field_name="bloc_id")
    bloc_code = code_filter("The bloc (code).", field_name="bloc__code")
    year = year_filter("The year.", field_name="year")
    kind = choice_filter(
        ReportingPeriod.Kind.choices, "H1 (first half, semi-annual report) or FY (full year)."
    )

    class Meta:
        model = ReportingPeriod
        fields = ["bloc", "bloc_code", "year", "kind"]


class ValueFilter(FilterSet):
    bloc = id_filter("The bloc (id).", field_name="report__period__bloc_id")
    bloc_code = code_filter("The bloc (code).", field_name="report__period__bloc__code")
    unit = id_filter("The member unit (id).", field_name="report__unit_id")
    unit_code = code_filter("The member unit (code).", field_name="report__unit__code")
    year = year_filter("The year of the reporting period.", field_name="report__period__year")
    period_kind = choice_filter(
        ReportingPeriod.Kind.choices,
        "H1 (first half) or FY (full year).",
        field_name="report__period__kind",
    )
    period = id_filter("The reporting period (id).", field_name="report__period_id")
    indicator = id_filter("The indicator (id).", field_name="indicator_id")
    indicator_code = code_filter("The indicator (code).", field_name="indicator__code")

    class Meta:
        model = ReportValue
        fields = [
            "bloc",
            "bloc_code",
            "unit",
            "unit_code",
            "year",
            "period_kind",
            "period",
            "indicator",
            "indicator_code",
        ]


class ConsolidatedFilter(PeriodFilter):
    indicator_code = code_filter(
        "Only the total of this indicator (code).", method="keep_all_periods"
    )

    class Meta(PeriodFilter.Meta):
        fields = [*PeriodFilter.Meta.fields, "indicator_code"]

    def keep_all_periods(self, queryset, name, value):
        # Applied to the totals of each period (api.views.ConsolidatedViewSet), not to periods.
        return queryset


class AwardDecisionFilter(FilterSet):
    bloc = id_filter("The bloc (id).", field_name="bloc_id")
    bloc_code = code_filter("The bloc (code).", field_name="bloc__code")
    year = year_filter("The year the nomination was for.", field_name="year")
    unit_code = code_filter("The nominated unit (code).", field_name="unit__code")
    award_type_code = code_filter("The award (code).", field_name="award_type__code")

    class Meta:
        model = Nomination
        fields = ["bloc", "bloc_code", "year", "unit_code", "award_type_code"]
