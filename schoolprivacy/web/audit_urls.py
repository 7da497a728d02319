from django.urls import path

from schoolprivacy.web import audit_views

app_name = "audit"
urlpatterns = [
    path("audit/", audit_views.audit_events, name="events"),
    path("audit/export.csv", audit_views.audit_export, name="export"),
]
