from django.urls import path

from schoolprivacy.portal.views import adult, children, data

app_name = "portal"
urlpatterns = [
    path("ouders/", children.home, name="home"),
    path("ouders/kinderen/<int:pupil_id>/", children.child, name="child"),
    path("ouders/kinderen/<int:pupil_id>/gegevens/", data.data_overview, name="data_overview"),
    path("leerling/ouders/", adult.parents_access, name="parents_access"),
]
