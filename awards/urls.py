from django.urls import path

from awards import meeting_views, nomination_views, views

app_name = "awards"

BLOC_YEAR = "khoi/<slug:bloc_code>/<int:year>/"

urlpatterns = [
    path("", views.index, name="index"),
    path(BLOC_YEAR, views.bloc_year, name="bloc_year"),
    path(BLOC_YEAR + "xep-hang/", views.ranking, name="ranking"),
    path(BLOC_YEAR + "cham-diem/<slug:unit_code>/", views.score_unit, name="score_unit"),
    path(BLOC_YEAR + "de-nghi/", nomination_views.nomination_list, name="nominations"),
    path(BLOC_YEAR + "de-nghi/tao/", nomination_views.nomination_create, name="nomination_create"),
    path(BLOC_YEAR + "hop/tao/", meeting_views.meeting_create, name="meeting_create"),
    path(BLOC_YEAR + "to-trinh/", views.submission, name="submission"),
    path("de-nghi/<int:pk>/", nomination_views.nomination_detail, name="nomination"),
    path("de-nghi/<int:pk>/sua/", nomination_views.nomination_edit, name="nomination_edit"),
    path("de-nghi/<int:pk>/rut/", nomination_views.nomination_withdraw, name="nomination_withdraw"),
    path(
        "de-nghi/<int:pk>/quyet-dinh/",
        nomination_views.nomination_decision,
        name="nomination_decision",
    ),
    path(
        "de-nghi/<int:pk>/dinh-kem/", nomination_views.nomination_attach, name="nomination_attach"
    ),
    path(
        "de-nghi/<int:pk>/dinh-kem/<int:attachment_pk>/",
        nomination_views.nomination_attachment,
        name="nomination_attachment",
    ),
    path(
        "de-nghi/<int:pk>/dinh-kem/<int:attachment_pk>/xoa/",
        nomination_views.nomination_detach,
        name="nomination_detach",
    ),
    path("hop/<int:pk>/", meeting_views.meeting_detail, name="meeting"),
    path("hop/<int:pk>/sua/", meeting_views.meeting_edit, name="meeting_edit"),
    path("hop/<int:pk>/tong-so/", meeting_views.meeting_quorum, name="meeting_quorum"),
    path("hop/<int:pk>/diem-danh/<int:unit_pk>/", meeting_views.attendance, name="attendance"),
    path("hop/<int:pk>/bien-ban/", meeting_views.minutes_pdf, name="minutes_pdf"),
    path("hop/<int:pk>/bieu-quyet/tao/", meeting_views.vote_create, name="vote_create"),
    path("bieu-quyet/<int:pk>/", meeting_views.vote_detail, name="vote"),
    path("bieu-quyet/<int:pk>/sua/", meeting_views.vote_edit, name="vote_edit"),
    path("bieu-quyet/<int:pk>/tien-do/", meeting_views.vote_turnout, name="vote_turnout"),
    path("bieu-quyet/<int:pk>/mo/", meeting_views.vote_open, name="vote_open"),
    path("bieu-quyet/<int:pk>/bo-phieu/", meeting_views.vote_cast, name="vote_cast"),
    path(
        "bieu-quyet/<int:pk>/y-kien-bang-van-ban/", meeting_views.vote_written, name="vote_written"
    ),
    path("bieu-quyet/<int:pk>/phieu-giay/", meeting_views.vote_paper, name="vote_paper"),
    path("bieu-quyet/<int:pk>/dong/", meeting_views.vote_close, name="vote_close"),
    path("bieu-quyet/<int:pk>/bien-nhan/", meeting_views.vote_receipt, name="vote_receipt"),
    path("to-trinh/<int:pk>/ho-so/", views.dossier_pdf, name="dossier_pdf"),
]
