from django.urls import path

from schoolprivacy.access.views import emergency, grants, oversight, staff

app_name = "access"
urlpatterns = [
    path("medewerkers/", staff.staff_list, name="staff_list"),
    path("medewerkers/nieuw/", staff.staff_new, name="staff_create"),
    path("medewerkers/rollen/", staff.role_list, name="role_list"),
    path("medewerkers/<int:staff_id>/", staff.staff_detail, name="staff_detail"),
    path(
        "medewerkers/<int:staff_id>/rollen/nieuw/", staff.assignment_new, name="assignment_create"
    ),
    path(
        "medewerkers/<int:staff_id>/rollen/<int:assignment_id>/beeindigen/",
        staff.assignment_end,
        name="assignment_end",
    ),
    path(
        "medewerkers/<int:staff_id>/activeren/", staff.activation_resend, name="activation_resend"
    ),
    path("toegang/uitzonderingen/", grants.grant_list, name="grant_list"),
    path("toegang/uitzonderingen/nieuw/", grants.grant_new, name="grant_create"),
    path("toegang/uitzonderingen/<int:grant_id>/intrekken/", grants.grant_end, name="grant_revoke"),
    path("leerlingen/<int:pupil_id>/noodtoegang/", emergency.break_glass, name="break_glass"),
    path("toegang/noodtoegang/", emergency.break_glass_list, name="break_glass_list"),
    path(
        "toegang/noodtoegang/<int:access_id>/beoordelen/",
        emergency.break_glass_review_view,
        name="break_glass_review",
    ),
    path("toegang/inzage/leerling/<int:pupil_id>/", oversight.pupil_reads, name="pupil_reads"),
    path("toegang/inzage/medewerker/<int:user_id>/", oversight.user_reads, name="user_reads"),
]
