from django.urls import path

from reports import bloc_reports, board, summary, views

app_name = "reports"

urlpatterns = [
    path("chi-tieu/", views.indicator_catalogue, name="indicator_catalogue"),
    path("bao-cao/", views.my_reports, name="my_reports"),
    path("bao-cao/ky/<int:period_pk>/bat-dau/", views.start, name="start"),
    path("bao-cao/ky/<slug:bloc_code>/<int:year>/", views.periods, name="periods"),
    path("bao-cao/<int:pk>/", views.report_page, name="report"),
    path("bao-cao/<int:pk>/duyet/", views.review, name="review"),
    path("bao-cao/<int:pk>/lich-su/", views.history, name="history"),
    path("bao-cao/<int:pk>/pdf/", views.request_pdf, name="pdf"),
    path("bao-cao/<int:pk>/dinh-kem/", views.attach, name="attach"),
    path("bao-cao/<int:pk>/dinh-kem/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("bao-cao/<int:pk>/dinh-kem/<int:attachment_pk>/xoa/", views.detach, name="detach"),
    path("bao-cao/tien-do/<slug:bloc_code>/<int:year>/", board.completeness, name="board"),
    path("bao-cao/tong-hop-cac-khoi/", summary.summary_choose, name="summary_choose"),
    path("bao-cao/tong-hop-cac-khoi/<int:year>/<str:kind>/", summary.summary_page, name="summary"),
    path(
        "bao-cao/tong-hop-cac-khoi/<int:year>/<str:kind>/pdf/",
        summary.summary_pdf,
        name="summary_pdf",
    ),
    path(
        "bao-cao/tong-hop-cac-khoi/<int:year>/<str:kind>/excel/",
        summary.summary_excel,
        name="summary_excel",
    ),
    path(
        "bao-cao/tong-hop/<slug:bloc_code>/<int:year>/<str:kind>/",
        bloc_reports.bloc_report,
        name="bloc_report",
    ),
    path(
        "bao-cao/tong-hop/<slug:bloc_code>/<int:year>/<str:kind>/pdf/",
        bloc_reports.bloc_report_pdf,
        name="bloc_report_pdf",
    ),
    path(
        "bao-cao/tong-hop/<slug:bloc_code>/<int:year>/<str:kind>/excel/",
        bloc_reports.bloc_report_excel,
        name="bloc_report_excel",
    ),
]

from reports import excel_views  # noqa: E402

urlpatterns += [
    path("bao-cao/<int:pk>/excel/", excel_views.excel_template, name="excel_template"),
    path("bao-cao/<int:pk>/excel/tai-len/", excel_views.excel_upload, name="excel_upload"),
    path("bao-cao/xuat/<int:period_pk>/", excel_views.bloc_export, name="bloc_export"),
]
