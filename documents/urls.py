from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/tien-do/", views.document_progress, name="progress"),
    path("<int:pk>/tai-ve/", views.document_download, name="download"),
    path("<int:pk>/ban-moi/", views.document_refresh, name="refresh"),
]
