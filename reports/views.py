"""Report pages. For now: the indicator catalogue in force in a year."""

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from blocs.access import current_year
from reports.forms import CatalogueYearForm
from reports.models import Indicator


@login_required
def indicator_catalogue(request):
    form = CatalogueYearForm(request.GET or None, initial={"nam": current_year()})
    year = form.cleaned_data["nam"] if form.is_valid() else current_year()
    indicators = Indicator.objects.in_force(year).order_by("display_order", "code")
    labels = dict(Indicator.Group.choices)
    groups = [
        (labels.get(key, key), list(items))
        for key, items in groupby(indicators, key=lambda i: i.group)
    ]
    return render(
        request,
        "reports/indicator_catalogue.html",
        {
            "form": form,
            "year": year,
            "groups": groups,
            "count": sum(len(items) for _label, items in groups),
        },
    )
