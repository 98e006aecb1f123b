"""/api/: version 1 of the REST API, its OpenAPI schema and docs, and the token page.

A new endpoint: a viewset in api/views.py (subclass ReadOnlyEndpoint) registered here.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import exceptions, pages, views

app_name = "api"

router = DefaultRouter()
router.register("blocs", views.BlocViewSet, basename="bloc")
router.register("units", views.UnitViewSet, basename="unit")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("periods", views.PeriodViewSet, basename="period")
router.register("values", views.ValueViewSet, basename="value")
router.register("totals", views.ConsolidatedViewSet, basename="total")
router.register("award-decisions", views.AwardDecisionViewSet, basename="award-decision")

urlpatterns = [
    path("", views.index, name="index"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's start-up script is served as a file (docs/?script=), never inline, for the
    # Content-Security-Policy; so are the page's rules (api/swagger_ui.html).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("ma-truy-cap/", pages.token_page, name="token"),
    # Last: any other address under /api/ answers a JSON 404.
    re_path(r"^.*/$", exceptions.not_found),
]
