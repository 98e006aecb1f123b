"""The API's representations. Field names are snake_case and stable: new fields may be added,
none renamed or removed within /api/v1/."""

from __future__ import annotations

import functools
from collections import defaultdict

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from blocs.models import Bloc, MemberUnit
from khoi_thi_dua.collation import sorted_by_province
from reports.models import Indicator, ReportingPeriod, ReportValue


class ErrorSerializer(serializers.Serializer):
    """Every error answer."""

    detail = serializers.CharField(help_text="What went wrong, for a person.")
    code = serializers.CharField(help_text="A stable word for a program, e.g. `not_found`.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="400 only: the messages of each query parameter.",
    )


class BlocRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Bloc
        fields = ["id", "code", "name"]


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = MemberUnit
        fields = ["id", "code", "name", "short_name", "province"]


class BlocYearEntrySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    leader = UnitRefSerializer(allow_null=True, help_text="The bloc leader unit (Khối trưởng).")
    deputy = UnitRefSerializer(allow_null=True, help_text="The deputy unit (Khối phó).")
    members = UnitRefSerializer(many=True, help_text="Member units, by province.")


class BlocSerializer(serializers.ModelSerializer):
    years = serializers.SerializerMethodField(
        help_text="Members and leadership of each year, newest first."
    )

    class Meta:
        model = Bloc
        fields = ["id", "code", "name", "description", "display_order", "years"]

    @extend_schema_field(BlocYearEntrySerializer(many=True))
    def get_years(self, bloc: Bloc) -> list[dict]:
        # Both lists are prefetched by the view (api_memberships, api_years): no query here.
        members = defaultdict(list)
        for membership in bloc.api_memberships:
            members[membership.year].append(membership.unit)
        leadership = {by.year: by for by in bloc.api_years}
        entries = [
            {
                "year": year,
                "leader": leadership[year].leader if year in leadership else None,
                "deputy": leadership[year].deputy if year in leadership else None,
                "members": sorted_by_province(members.get(year, [])),
            }
            for year in sorted(set(members) | set(leadership), reverse=True)
        ]
        return BlocYearEntrySerializer(entries, many=True).data


class MembershipEntrySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    bloc = BlocRefSerializer()


class SuccessorSerializer(serializers.ModelSerializer):
    class Meta:
        model = MemberUnit
        fields = ["id", "code", "name"]


class UnitSerializer(serializers.ModelSerializer):
    successor = SuccessorSerializer(
        allow_null=True, read_only=True, help_text="The unit this one merged into."
    )
    memberships = serializers.SerializerMethodField(
        help_text="The unit's blocs by year (blocs you may read), newest first."
    )

    class Meta:
        model = MemberUnit
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "province",
            "kind",
            "staff_count",
            "active",
            "successor",
            "succeeded_on",
            "memberships",
        ]

    @extend_schema_field(MembershipEntrySerializer(many=True))
    def get_memberships(self, unit: MemberUnit) -> list[dict]:
        entries = sorted(unit.api_memberships, key=lambda m: -m.year)
        return MembershipEntrySerializer(
            [{"year": m.year, "bloc": m.bloc} for m in entries], many=True
        ).data


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name_vi",
            "name_en",
            "group",
            "unit_vi",
            "unit_en",
            "currency",
            "aggregation",
            "decimals",
            "min_value",
            "max_value",
            "required",
            "from_year",
            "to_year",
            "display_order",
        ]


class PeriodSerializer(serializers.ModelSerializer):
    bloc = BlocRefSerializer(read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = ["id", "bloc", "year", "kind", "opens_on", "deadline"]


class ValueSerializer(serializers.ModelSerializer):
    """One accepted value: flat, one row per unit, period and indicator."""

    report_id = serializers.IntegerField(source="report.pk", read_only=True)
    period_id = serializers.IntegerField(source="report.period_id", read_only=True)
    year = serializers.IntegerField(source="report.period.year", read_only=True)
    period_kind = serializers.ChoiceField(
        source="report.period.kind", choices=ReportingPeriod.Kind.choices, read_only=True
    )
    bloc_id = serializers.IntegerField(source="report.period.bloc_id", read_only=True)
    bloc_code = serializers.CharField(source="report.period.bloc.code", read_only=True)
    unit_id = serializers.IntegerField(source="report.unit_id", read_only=True)
    unit_code = serializers.CharField(source="report.unit.code", read_only=True)
    unit_name = serializers.CharField(
        source="report.unit_name",
        read_only=True,
        help_text="The unit's name when it filed the report.",
    )
    indicator_id = serializers.IntegerField(read_only=True)
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    accepted_at = serializers.DateTimeField(
        source="report.accepted_at", read_only=True, allow_null=True
    )

    class Meta:
        model = ReportValue
        fields = [
            "id",
            "report_id",
            "period_id",
            "year",
            "period_kind",
            "bloc_id",
            "bloc_code",
            "unit_id",
            "unit_code",
            "unit_name",
            "indicator_id",
            "indicator_code",
            "value",
            "note",
            "accepted_at",
        ]


# The column each field of ValueSerializer comes from. The list of values reads its page as
# rows of these columns (no model instances, no field-by-field attribute lookups) and writes
# them with value_rows(); the serializer stays the schema and the reference for the format.
VALUE_COLUMNS = {
    "id": "id",
    "report_id": "report_id",
    "period_id": "report__period_id",
    "year": "report__period__year",
    "period_kind": "report__period__kind",
    "bloc_id": "report__period__bloc_id",
    "bloc_code": "report__period__bloc__code",
    "unit_id": "report__unit_id",
    "unit_code": "report__unit__code",
    "unit_name": "report__unit_name",
    "indicator_id": "indicator_id",
    "indicator_code": "indicator__code",
    "value": "value",
    "note": "note",
    "accepted_at": "report__accepted_at",
}


@functools.cache
def _value_fields():
    # Built once: a ModelSerializer's fields take longer to build than a page takes to write.
    # Both read the time zone and the settings when they write, not when they are built.
    fields = ValueSerializer().fields
    return fields["value"], fields["accepted_at"]


def value_rows(rows) -> list[dict]:
    """Rows of VALUE_COLUMNS as ValueSerializer writes them: the decimal and the time through
    the serializer's own fields (precision, time zone, format); the rest as they are."""
    decimal, moment = _value_fields()
    output = []
    for row in rows:
        item = {name: row[column] for name, column in VALUE_COLUMNS.items()}
        if item["value"] is not None:
            item["value"] = decimal.to_representation(item["value"])
        if item["accepted_at"] is not None:
            item["accepted_at"] = moment.to_representation(item["accepted_at"])
        output.append(item)
    return output


class TotalSerializer(serializers.Serializer):
    """The bloc's figure for one indicator, by the indicator's aggregation rule."""

    indicator_id = serializers.IntegerField()
    indicator_code = serializers.CharField()
    aggregation = serializers.ChoiceField(choices=Indicator.Aggregation.choices)
    value = serializers.DecimalField(
        max_digits=26,
        decimal_places=6,
        allow_null=True,
        coerce_to_string=True,
        help_text="Sum or average of the accepted values; null when none was reported or the "
        "indicator is not aggregated.",
    )
    reported_values = serializers.IntegerField(
        help_text="How many accepted reports gave a value for the indicator."
    )


class ConsolidatedPeriodSerializer(serializers.ModelSerializer):
    """A bloc's reporting period with its consolidated totals (accepted reports only)."""

    bloc = BlocRefSerializer(read_only=True)
    accepted_reports = serializers.IntegerField(read_only=True)
    totals = TotalSerializer(many=True, read_only=True, source="api_totals")

    class Meta:
        model = ReportingPeriod
        fields = ["id", "bloc", "year", "kind", "accepted_reports", "totals"]


class AwardDecisionSerializer(serializers.Serializer):
    """The ministry's decision on one nomination of a bloc's year."""

    id = serializers.IntegerField()
    bloc = BlocRefSerializer(read_only=True)
    year = serializers.IntegerField()
    award_type_code = serializers.CharField(source="award_type.code")
    award_type_name = serializers.CharField(source="award_type.name_vi")
    unit_id = serializers.IntegerField()
    unit_code = serializers.CharField(source="unit.code")
    nominee = serializers.CharField(
        source="nominee_label", help_text="The unit, a department of it, or a person and title."
    )
    awarded = serializers.SerializerMethodField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)

    def get_awarded(self, nomination) -> bool:
        return nomination.status == "awarded"
