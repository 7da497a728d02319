from django.urls import URLPattern, URLResolver, path

from schoolprivacy.retention import views

app_name = "retention"
urlpatterns: list[URLPattern | URLResolver] = [
    path("privacy/leerlingen/<int:pupil_id>/wissen/", views.erasure, name="erasure"),
    path("privacy/leerlingen/<int:pupil_id>/bewaarplicht/", views.holds, name="holds"),
    path("privacy/bewaartermijnen/overzicht/", views.preview, name="preview"),
]
