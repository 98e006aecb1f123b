"""Pages about blocs and member units; every signed-in person may read them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from blocs.access import current_year
from blocs.forms import YearForm
from blocs.models import Bloc, BlocYear, Membership, MemberUnit
from khoi_thi_dua.collation import sorted_by_province


@login_required
def bloc_list(request):
    year = current_year()
    # Explicit order: Meta.ordering is not applied to a GROUP BY query.
    blocs = (
        Bloc.objects.annotate(member_count=Count("memberships", filter=Q(memberships__year=year)))
        .order_by("display_order", "name")
        .prefetch_related(
            Prefetch(
                "years",
                queryset=BlocYear.objects.filter(year=year).select_related("leader", "deputy"),
                to_attr="current_years",
            )
        )
    )
    rows = [
        {
            "bloc": bloc,
            "member_count": bloc.member_count,
            "leadership": bloc.current_years[0] if bloc.current_years else None,
        }
        for bloc in blocs
    ]
    return render(request, "blocs/bloc_list.html", {"rows": rows, "year": year})


@login_required
def bloc_detail(request, code):
    bloc = get_object_or_404(Bloc, code=code)
    years = sorted(
        set(Membership.objects.filter(bloc=bloc).values_list("year", flat=True))
        | set(BlocYear.objects.filter(bloc=bloc).values_list("year", flat=True)),
        reverse=True,
    )
    this_year = current_year()
    default_year = this_year if this_year in years else (years[0] if years else this_year)
    form = YearForm(request.GET or None, years=years or [this_year], initial={"nam": default_year})
    year = default_year
    if form.is_bound:
        if form.is_valid():
            year = form.cleaned_data["nam"]
        else:
            messages.warning(request, " ".join(form.errors["nam"]))
    history = list(bloc.years.select_related("leader", "deputy").order_by("-year"))
    leadership = next((by for by in history if by.year == year), None)
    members = sorted_by_province(bloc.members_in(year).select_related("successor"))
    from reports.bloc_reports import can_view_bloc_report
    from reports.models import ReportingPeriod

    report_periods = (
        list(ReportingPeriod.objects.filter(bloc=bloc, year=year).order_by("-kind"))
        if can_view_bloc_report(request.user, bloc, year)
        else []
    )
    return render(
        request,
        "blocs/bloc_detail.html",
        {
            "bloc": bloc,
            "year": year,
            "form": form,
            "members": members,
            "leadership": leadership,
            "history": history,
            "report_periods": report_periods,
        },
    )


@login_required
def unit_detail(request, code):
    unit = get_object_or_404(MemberUnit.objects.select_related("successor"), code=code)
    memberships = unit.memberships.select_related("bloc").order_by("-year")
    led = unit.led_years.select_related("bloc").order_by("-year")
    deputy = unit.deputy_years.select_related("bloc").order_by("-year")
    return render(
        request,
        "blocs/unit_detail.html",
        {
            "unit": unit,
            "memberships": memberships,
            "led_years": led,
            "deputy_years": deputy,
            "predecessors": unit.predecessors.all(),
        },
    )
