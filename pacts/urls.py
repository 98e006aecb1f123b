from django.urls import path

from pacts import views

app_name = "pacts"

urlpatterns = [
    path("", views.pact_list, name="list"),
    path("tao/", views.pact_create, name="create"),
    path("<int:pk>/", views.pact_detail, name="detail"),
    path("<int:pk>/sua/", views.pact_edit, name="edit"),
    path("<int:pk>/dieu-khoan/", views.pact_clauses, name="clauses"),
    path("<int:pk>/bang-diem/", views.pact_scoring, name="scoring"),
    path("<int:pk>/bang-diem/nhom/<int:group_pk>/", views.pact_group, name="group"),
    path("<int:pk>/trang-thai/", views.pact_status, name="status"),
    path("<int:pk>/dang-ky/", views.registration, name="registration"),
    path("<int:pk>/ky/", views.sign, name="sign"),
    path("<int:pk>/pdf/", views.request_pdf, name="pdf"),
]
