from django.urls import path

from schoolprivacy.access.views import emergency, grants, oversight

app_name = "access"
urlpatterns = [
    path("toegang/uitzonderingen/", grants.grant_list, name="grant_list"),
    path("toegang/uitzonderingen/nieuw/", grants.grant_new, name="grant_create"),
    path("toegang/uitzonderingen/<int:grant_id>/intrekken/", grants.grant_end, name="grant_revoke"),
    path("leerlingen/<int:pupil_id>/noodtoegang/", emergency.break_glass, name="break_glass"),
    path("toegang/noodtoegang/", emergency.break_glass_list, name="break_glass_list"),
    path("toegang/inzage/leerling/<int:pupil_id>/", oversight.pupil_reads, name="pupil_reads"),
    path("toegang/inzage/medewerker/<int:user_id>/", oversight.user_reads, name="user_reads"),
]
