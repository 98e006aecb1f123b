from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    # /lich-su/<kind>/<pk>/: the history of one pact, report, meeting, nomination, decision or
    # the agreed scores of one pact; the kinds are listed in audit.kinds.KINDS.
    path("<slug:kind>/<int:pk>/", views.history, name="history"),
]
