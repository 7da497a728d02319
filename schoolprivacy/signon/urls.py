from django.urls import path

from schoolprivacy.signon import views

app_name = "signon"
urlpatterns = [
    # Under /inloggen/, which a half-signed-in staff member may reach (accounts.middleware).
    path("inloggen/schoolaccount/<int:provider_id>/", views.start, name="start"),
    path("inloggen/schoolaccount/terug/", views.callback, name="callback"),
    path("medewerkers/<int:staff_id>/schoolaccount/", views.identity, name="identity"),
]
