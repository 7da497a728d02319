from django.urls import path

from schoolprivacy.web import invitation_views as views

app_name = "invitations"
urlpatterns = [
    path("uitnodigingen/", views.index, name="index"),
    path("uitnodigingen/<slug:slug>/", views.school, name="school"),
    path(
        "uitnodigingen/<slug:slug>/<int:invitation_id>/opnieuw/",
        views.resend,
        name="resend",
    ),
    path(
        "uitnodigingen/<slug:slug>/<int:invitation_id>/intrekken/",
        views.revoke,
        name="revoke",
    ),
]
