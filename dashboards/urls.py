from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("bang-dieu-khien/", views.ministry, name="ministry"),
    path("khoi/<slug:code>/bang-dieu-khien/", views.bloc, name="bloc"),
]
