from django.urls import path

from schoolprivacy.web.views import audit

app_name = "audit"
urlpatterns = [
    path("audit/", audit.audit_events, name="events"),
    path("audit/export.csv", audit.audit_export, name="export"),
]
