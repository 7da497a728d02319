from django.urls import path

from schoolprivacy.web.views import invitations

app_name = "invitations"
urlpatterns = [
    path("uitnodigingen/", invitations.index, name="index"),
    path("uitnodigingen/<slug:slug>/", invitations.school, name="school"),
    path(
        "uitnodigingen/<slug:slug>/<int:invitation_id>/opnieuw/",
        invitations.resend,
        name="resend",
    ),
    path(
        "uitnodigingen/<slug:slug>/<int:invitation_id>/intrekken/",
        invitations.revoke,
        name="revoke",
    ),
]
