from django.urls import path

from schoolprivacy.portal.views import adult, children, data, rights

app_name = "portal"
urlpatterns = [
    path("ouders/", children.home, name="home"),
    path("ouders/kinderen/<int:pupil_id>/", children.child, name="child"),
    path("ouders/kinderen/<int:pupil_id>/gegevens/", data.data_overview, name="data_overview"),
    path("leerling/ouders/", adult.parents_access, name="parents_access"),
    path("ouders/kinderen/<int:pupil_id>/dossier/", rights.child_records, name="child_records"),
    path("leerling/mijn-gegevens/", rights.own_records, name="own_records"),
    path("ouders/verzoeken/", rights.rights, name="rights"),
    path(
        "ouders/kinderen/<int:pupil_id>/correctie/",
        rights.propose_correction,
        name="propose_correction",
    ),
    path(
        "ouders/verzoeken/<int:request_id>/download/",
        rights.request_download,
        name="request_download",
    ),
]
