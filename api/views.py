"""The read-only endpoints of /api/v1/.

Each endpoint is a viewset whose `visible()` names what the user may read (api.access); the
base class adds the strict query-parameter check, the id check and 403 versus 404. A new
endpoint is one more subclass registered in api/urls.py.
"""

from __future__ import annotations

import re

from django.db.models import Avg, Count, Prefetch, Q, QuerySet, Sum
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, viewsets
from rest_framework.response import Response

from api import access
from api.filters import (
    MAX_ID,
    AwardDecisionFilter,
    BlocFilter,
    ConsolidatedFilter,
    IndicatorFilter,
    PeriodFilter,
    UnitFilter,
    ValueFilter,
)
from api.serializers import (
    VALUE_COLUMNS,
    AwardDecisionSerializer,
    BlocSerializer,
    ConsolidatedPeriodSerializer,
    IndicatorSerializer,
    PeriodSerializer,
    UnitSerializer,
    ValueSerializer,
    value_rows,
)
from blocs.models import BlocYear, Membership
from reports.models import Indicator, ReportValue, UnitReport

_ID = re.compile(r"^[1-9][0-9]{0,18}$")


def parameter_errors(request, allowed: set[str]) -> dict[str, list[str]]:
    """Unknown, repeated or empty parameters are refused rather than silently ignored."""
    errors = {}
    for name in request.query_params:
        values = request.query_params.getlist(name)
        if name not in allowed:
            errors[name] = [
                _("Unknown parameter. Allowed here: %(names)s.")
                % {"names": ", ".join(sorted(allowed)) or "—"}
            ]
        elif len(values) > 1:
            errors[name] = [_("Give this parameter once.")]
        elif values[0] == "":
            errors[name] = [_("Give a value, or leave the parameter out.")]
    return errors


class ValidatedFilterBackend(DjangoFilterBackend):
    """Filters with the filterset that the view's parameter check has already built and
    validated for this request (see VisibleObjectsMixin.initial), instead of a second one."""

    def filter_queryset(self, request, queryset, view):
        filterset = getattr(view, "validated_filterset", None)
        if filterset is None:
            return super().filter_queryset(request, queryset, view)
        return filterset.filter_queryset(queryset)


class VisibleObjectsMixin:
    """The queryset is what the user may read; parameters are checked before anything runs."""

    filter_backends = [ValidatedFilterBackend]

    def visible(self, user) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        return self.visible(self.request.user)

    def allowed_parameters(self) -> set[str]:
        if self.action != "list":
            return set()
        names = set(self.filterset_class.base_filters) if self.filterset_class else set()
        if self.paginator is not None:
            names |= {self.paginator.page_query_param, self.paginator.page_size_query_param}
        return names

    @property
    def allowed_methods(self):
        # No OPTIONS: the API describes itself in /api/schema/ (DEFAULT_METADATA_CLASS is None).
        return [method for method in super().allowed_methods if method != "OPTIONS"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication first: 401 before 400
        if self.action not in ("list", "retrieve"):
            return
        errors = parameter_errors(request, self.allowed_parameters())
        if self.action == "list" and self.filterset_class is not None:
            # Every bad parameter in one answer: the filters' own messages as well.
            params = request.query_params.copy()
            for name in errors:
                params.pop(name, None)
            filterset = self.filterset_class(data=params, request=request)
            if not filterset.is_valid():
                errors.update({name: list(msgs) for name, msgs in filterset.errors.items()})
            elif not errors:
                self.validated_filterset = filterset  # the same parameters: filter with it
        if errors:
            raise exceptions.ValidationError(errors)


class ReadOnlyEndpoint(
    VisibleObjectsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    # Anything up to the next slash reaches get_object, which explains a malformed id.
    lookup_value_regex = "[^/]+"
    not_found_message = gettext_lazy("Nothing has this id.")
    denied_message = gettext_lazy("You may not read this.")

    def get_object(self):
        raw = self.kwargs[self.lookup_field]
        if not _ID.match(raw) or int(raw) > MAX_ID:
            raise exceptions.NotFound(
                _("“%(value)s” is not an id: ids are whole numbers from 1.") % {"value": raw[:40]}
            )
        pk = int(raw)
        obj = self.get_queryset().filter(pk=pk).first()
        if obj is None:
            if self.get_queryset().model._default_manager.filter(pk=pk).exists():
                raise exceptions.PermissionDenied(self.denied_message)
            raise exceptions.NotFound(self.not_found_message)
        self.check_object_permissions(self.request, obj)
        return obj


def _bloc_years(year: int | None) -> list[Prefetch]:
    memberships = Membership.objects.select_related("unit")
    leadership = BlocYear.objects.select_related("leader", "deputy")
    if year is not None:
        memberships = memberships.filter(year=year)
        leadership = leadership.filter(year=year)
    return [
        Prefetch("memberships", queryset=memberships, to_attr="api_memberships"),
        Prefetch("years", queryset=leadership, to_attr="api_years"),
    ]


@extend_schema_view(
    list=extend_schema(
        summary="Emulation blocs",
        description="Blocs with their members and leader and deputy units by year. Board staff "
        "see the blocs their unit is or was a member of; ministry staff see all.",
    ),
    retrieve=extend_schema(summary="One emulation bloc, all its years"),
)
class BlocViewSet(ReadOnlyEndpoint):
    """A bloc with its members and its leader and deputy units by year."""

    serializer_class = BlocSerializer
    filterset_class = BlocFilter
    not_found_message = gettext_lazy("No bloc has this id.")
    denied_message = gettext_lazy(
        "You may not read this bloc: your unit is not one of its members."
    )

    def visible(self, user):
        return access.visible_blocs(user).order_by("display_order", "code", "pk")

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(*_bloc_years(None))
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)  # validates "year"
        year = self.request.query_params.get("year")
        return queryset.prefetch_related(*_bloc_years(int(year) if year else None))


@extend_schema_view(
    list=extend_schema(
        summary="Member units",
        description="Management boards with their blocs by year. Board staff see their own "
        "unit and the members of their unit's blocs.",
    ),
    retrieve=extend_schema(summary="One member unit"),
)
class UnitViewSet(ReadOnlyEndpoint):
    """A management board, its kind, its merger if any, and its blocs by year."""

    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    not_found_message = gettext_lazy("No member unit has this id.")
    denied_message = gettext_lazy(
        "You may not read this unit: it is not a member of your unit's blocs."
    )

    def visible(self, user):
        memberships = (
            access.visible_memberships(user).select_related("bloc").order_by("-year", "pk")
        )
        return (
            access.visible_units(user)
            .select_related("successor")
            .prefetch_related(
                Prefetch("memberships", queryset=memberships, to_attr="api_memberships")
            )
            .order_by("code", "pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary="The indicator catalogue",
        description="The quantities board reports carry, with units of measure and how the "
        "bloc aggregates them. Amounts in different currencies are different indicators.",
    ),
    retrieve=extend_schema(summary="One indicator"),
)
class IndicatorViewSet(ReadOnlyEndpoint):
    """An indicator of the catalogue: unit of measure, aggregation, years in force."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    not_found_message = gettext_lazy("No indicator has this id.")

    def visible(self, user):
        return access.visible_indicators(user).order_by("display_order", "code", "pk")


@extend_schema_view(
    list=extend_schema(
        summary="Reporting periods",
        description="The first half (H1) and full year (FY) of each bloc and year, with the "
        "opening date and the deadline.",
    ),
    retrieve=extend_schema(summary="One reporting period"),
)
class PeriodViewSet(ReadOnlyEndpoint):
    """A reporting period of a bloc: opening date and deadline."""

    serializer_class = PeriodSerializer
    filterset_class = PeriodFilter
    not_found_message = gettext_lazy("No reporting period has this id.")
    denied_message = gettext_lazy(
        "You may not read this period: it belongs to a bloc your unit is not a member of."
    )

    def visible(self, user):
        return (
            access.visible_periods(user)
            .select_related("bloc")
            .order_by("-year", "bloc__display_order", "bloc__code", "opens_on", "pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Accepted indicator values",
        description="One row per unit, reporting period and indicator, from accepted reports "
        "only. Board staff see their own unit's values, and every member's in a bloc and year "
        "their unit leads; ministry staff see all.",
    ),
)
class ValueViewSet(VisibleObjectsMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Accepted indicator values."""

    serializer_class = ValueSerializer
    filterset_class = ValueFilter

    def list(self, request, *args, **kwargs):
        # Up to 500 rows a page: read as plain rows and written by value_rows (the same output
        # as ValueSerializer, pinned by a test), three times faster than model instances.
        queryset = self.filter_queryset(self.get_queryset())
        rows = queryset.values(*VALUE_COLUMNS.values())
        page = self.paginate_queryset(rows)
        if page is None:
            return Response(value_rows(rows))
        return self.get_paginated_response(value_rows(page))

    def visible(self, user):
        return (
            access.accepted_values(user)
            .select_related("report__period__bloc", "report__unit", "indicator")
            .order_by(
                "-report__period__year",
                "report__period__bloc__display_order",
                "report__period__bloc__code",
                "report__period__opens_on",
                "report__unit__code",
                "indicator__display_order",
                "indicator__code",
                "pk",
            )
        )


@extend_schema_view(
    list=extend_schema(
        summary="Consolidated totals by bloc and period",
        description="Each reporting period of a bloc with its totals per indicator, from "
        "accepted reports only, summed or averaged by each indicator's rule (amounts in "
        "different currencies are different indicators). Members of the bloc in that year "
        "and ministry staff may read them.",
    ),
    retrieve=extend_schema(summary="The consolidated totals of one reporting period"),
)
class ConsolidatedViewSet(ReadOnlyEndpoint):
    """Totals of a period in one grouped query for every period of the page."""

    serializer_class = ConsolidatedPeriodSerializer
    filterset_class = ConsolidatedFilter
    not_found_message = gettext_lazy("No reporting period has this id.")
    denied_message = gettext_lazy(
        "You may not read these totals: your unit was not a member of the bloc that year."
    )

    def visible(self, user):
        accepted = Count("reports", filter=Q(reports__status=UnitReport.Status.ACCEPTED))
        return (
            access.consolidated_periods(user)
            .select_related("bloc")
            .annotate(accepted_reports=accepted)
            .order_by("-year", "bloc__display_order", "bloc__code", "opens_on", "pk")
        )

    def _with_totals(self, periods: list) -> list:
        code = self.request.query_params.get("indicator_code")
        values = ReportValue.objects.filter(
            report__period__in=[p.pk for p in periods],
            report__status=UnitReport.Status.ACCEPTED,
            value__isnull=False,
        )
        if code:
            values = values.filter(indicator__code=code)
        rows = (
            values.order_by()
            .values(
                "report__period_id", "indicator_id", "indicator__code", "indicator__aggregation"
            )
            .annotate(total=Sum("value"), mean=Avg("value"), n=Count("value"))
            .order_by("report__period_id", "indicator__display_order", "indicator__code")
        )
        by_period: dict[int, list] = {p.pk: [] for p in periods}
        for row in rows:
            rule = row["indicator__aggregation"]
            value = {
                Indicator.Aggregation.SUM: row["total"],
                Indicator.Aggregation.AVERAGE: row["mean"],
            }.get(rule)
            by_period[row["report__period_id"]].append(
                {
                    "indicator_id": row["indicator_id"],
                    "indicator_code": row["indicator__code"],
                    "aggregation": rule,
                    "value": value,
                    "reported_values": row["n"],
                }
            )
        for period in periods:
            period.api_totals = by_period[period.pk]
        return periods

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(
            self.get_serializer(self._with_totals(list(page)), many=True).data
        )

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self._with_totals([self.get_object()])[0]).data)


@extend_schema_view(
    list=extend_schema(
        summary="Award decisions",
        description="The ministry's decision on each nomination a bloc passed: awarded or not, "
        "with the decision's number and date. Board staff see those of the blocs their unit "
        "is or was a member of; ministry staff see all.",
    ),
    retrieve=extend_schema(summary="One award decision"),
)
class AwardDecisionViewSet(ReadOnlyEndpoint):
    serializer_class = AwardDecisionSerializer
    filterset_class = AwardDecisionFilter
    not_found_message = gettext_lazy("No award decision has this id.")
    denied_message = gettext_lazy(
        "You may not read this decision: your unit was never a member of that bloc."
    )

    def visible(self, user):
        return (
            access.award_decisions(user)
            .select_related("bloc", "award_type", "unit")
            .order_by(
                "-year", "bloc__display_order", "bloc__code", "award_type__display_order", "pk"
            )
        )


def index(request):
    """/api/: where the API, its schema and its documentation are."""
    return JsonResponse(
        {
            "v1": request.build_absolute_uri(reverse("api:api-root")),
            "schema": request.build_absolute_uri(reverse("api:schema")),
            "docs": request.build_absolute_uri(reverse("api:docs")),
            "token": request.build_absolute_uri(reverse("api:token")),
        }
    )
