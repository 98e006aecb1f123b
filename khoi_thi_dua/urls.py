"""Top-level URL configuration."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from khoi_thi_dua import views

admin.site.site_header = _("Emulation bloc portal — administration")
admin.site.site_title = _("Emulation bloc portal")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("accounts.urls")),
    path("", include("blocs.urls")),
    path("", include("reports.urls")),
    path("", include("dashboards.urls")),
    path("giao-uoc/", include("pacts.urls")),
    path("tai-lieu/", include("documents.urls")),
    path("thi-dua-khen-thuong/", include("awards.urls")),
    path("quan-tri/", admin.site.urls),
    path("api/", include("api.urls")),
    path("lich-su/", include("audit.urls")),
]

handler403 = "khoi_thi_dua.views.permission_denied"
handler404 = "khoi_thi_dua.views.page_not_found"
handler500 = "khoi_thi_dua.views.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
