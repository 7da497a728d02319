from django.urls import path

from schoolprivacy.portal import views, views_adult, views_data

app_name = "portal"
urlpatterns = [
    path("ouders/", views.home, name="home"),
    path("ouders/kinderen/<int:pupil_id>/", views.child, name="child"),
    path(
        "ouders/kinderen/<int:pupil_id>/gegevens/", views_data.data_overview, name="data_overview"
    ),
    path("leerling/ouders/", views_adult.parents_access, name="parents_access"),
]
