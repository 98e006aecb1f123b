"""Portal-wide pages: the home page by role, the health check and the error pages."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from blocs.access import roles_for
from blocs.models import BlocYear, SuperiorBody


@login_required
def home(request):
    roles = roles_for(request.user)
    leadership = None
    if roles.bloc is not None:
        leadership = (
            BlocYear.objects.filter(bloc=roles.bloc, year=roles.year)
            .select_related("leader", "deputy")
            .first()
        )
    return render(
        request,
        "home.html",
        {
            "roles": roles,
            "leadership": leadership,
            "superior_body": SuperiorBody.for_year(roles.year),
        },
    )


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # A bare template without context processors: the error may be the database itself.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
