from django.urls import path

from blocs import views

app_name = "blocs"

urlpatterns = [
    path("khoi/", views.bloc_list, name="bloc_list"),
    path("khoi/<slug:code>/", views.bloc_detail, name="bloc_detail"),
    path("don-vi/<slug:code>/", views.unit_detail, name="unit_detail"),
]
