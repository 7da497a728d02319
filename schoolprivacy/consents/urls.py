from django.urls import path

from schoolprivacy.consents import (
    views_portal,
    views_pupil,
    views_records,
    views_school,
    views_staff,
)

app_name = "consents"
urlpatterns = [
    # Parent portal (Dutch paths like the rest of the portal).
    path(
        "ouders/kinderen/<int:pupil_id>/toestemming/",
        views_portal.consent_list,
        name="portal_list",
    ),
    path(
        "ouders/kinderen/<int:pupil_id>/toestemming/<int:purpose_id>/",
        views_portal.consent_detail,
        name="portal_detail",
    ),
    # Pupils aged 16+.
    path("leerling/", views_pupil.pupil_home, name="pupil_home"),
    path("leerling/toestemming/<int:purpose_id>/", views_pupil.pupil_detail, name="pupil_detail"),
    # Staff pages.
    path(
        "groepen/<int:group_id>/toestemming/",
        views_staff.group_overview,
        name="group_overview",
    ),
    path(
        "groepen/<int:group_id>/toestemming/<int:purpose_id>/lijst/",
        views_staff.who_may_appear,
        name="who_may_appear",
    ),
    path("leerlingen/<int:pupil_id>/toestemming/", views_records.pupil_consents, name="pupil"),
    path(
        "leerlingen/<int:pupil_id>/toestemming/<int:purpose_id>/papier/",
        views_records.paper_form,
        name="paper_form",
    ),
    path(
        "leerlingen/<int:pupil_id>/toestemming/<int:purpose_id>/onenigheid/",
        views_records.dispute_report,
        name="dispute_report",
    ),
    path("scholen/<int:school_id>/toestemming/", views_school.school_consents, name="school"),
    path(
        "toestemming/geschillen/<int:dispute_id>/",
        views_school.dispute_resolve_view,
        name="dispute_resolve",
    ),
    path("toestemming/overzicht/", views_school.board_counts, name="board_counts"),
]
