"""/audit/: the change history of every app, searched (L&D managers)."""

from django.urls import path

from workforce.views import audit

app_name = "audit"
urlpatterns = [
    path("", audit.audit_search, name="search"),
]
