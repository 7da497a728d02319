from django.urls import path

from schoolprivacy.portal import views

app_name = "portal"
urlpatterns = [
    path("ouders/", views.home, name="home"),
    path("ouders/kinderen/<int:pupil_id>/", views.child, name="child"),
]
