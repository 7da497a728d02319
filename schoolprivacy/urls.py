from django.contrib import admin
from django.urls import include, path

from schoolprivacy.api.router import api
from schoolprivacy.web.views.home import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("schoolprivacy.accounts.urls")),
    path("", include("schoolprivacy.signon.urls")),
    path("", include("schoolprivacy.portal.urls")),
    path("", include("schoolprivacy.register.urls")),
    path("", include("schoolprivacy.dossier.urls")),
    path("", include("schoolprivacy.imports.urls")),
    path("", include("schoolprivacy.consents.urls")),
    path("", include("schoolprivacy.photos.urls")),
    path("", include("schoolprivacy.videos.urls")),
    path("", include("schoolprivacy.suppliers.urls")),
    path("", include("schoolprivacy.disclosures.urls")),
    path("", include("schoolprivacy.policies.urls")),
    path("", include("schoolprivacy.requests.urls")),
    path("", include("schoolprivacy.retention.urls")),
    path("", include("schoolprivacy.breaches.urls")),
    path("", include("schoolprivacy.access.urls")),
    path("", include("schoolprivacy.web.audit_urls")),
    path("", include("schoolprivacy.web.invitation_urls")),
    path("", include("schoolprivacy.web.urls")),
    path("beheer/", admin.site.urls),
]

# Error pages in the layout, translated, with a way back (web/views/errors.py).
handler400 = "schoolprivacy.web.views.errors.bad_request"
handler403 = "schoolprivacy.web.views.errors.permission_denied"
handler404 = "schoolprivacy.web.views.errors.page_not_found"
handler500 = "schoolprivacy.web.views.errors.server_error"
