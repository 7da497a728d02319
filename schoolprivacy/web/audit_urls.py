from django.urls import path

from schoolprivacy.web.views import audit

app_name = "audit"
urlpatterns = [
    path("audit/", audit.audit_events, name="events"),
    path("audit/export.csv", audit.audit_export, name="export"),
    path("audit/leerling/", audit.pupil_lookup, name="pupil_lookup"),
    path("audit/leerling/<int:pupil_id>/", audit.pupil_events, name="pupil"),
]
