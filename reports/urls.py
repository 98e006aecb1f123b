from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("chi-tieu/", views.indicator_catalogue, name="indicator_catalogue"),
]
