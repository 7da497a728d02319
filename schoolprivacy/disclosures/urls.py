from django.urls import URLPattern, URLResolver, path

from schoolprivacy.disclosures.views import staff

app_name = "disclosures"
urlpatterns: list[URLPattern | URLResolver] = [
    path("leerlingen/<int:pupil_id>/verstrekkingen/", staff.pupil_disclosures, name="pupil"),
    path("leerlingen/<int:pupil_id>/verstrekkingen/nieuw/", staff.disclosure_new, name="new"),
    path(
        "verstrekkingen/<int:disclosure_id>/tonen-aan-ouders/",
        staff.show_to_parents,
        name="show_to_parents",
    ),
]
