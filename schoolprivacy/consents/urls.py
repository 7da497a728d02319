from django.urls import path

from schoolprivacy.consents.views import portal, pupil, records, rounds, school, staff

app_name = "consents"
urlpatterns = [
    # Parent portal (Dutch paths like the rest of the portal).
    path(
        "ouders/kinderen/<int:pupil_id>/toestemming/",
        portal.consent_list,
        name="portal_list",
    ),
    path(
        "ouders/kinderen/<int:pupil_id>/toestemming/<int:purpose_id>/",
        portal.consent_detail,
        name="portal_detail",
    ),
    # Pupils aged 16+.
    path("leerling/", pupil.pupil_home, name="pupil_home"),
    path("leerling/toestemming/<int:purpose_id>/", pupil.pupil_detail, name="pupil_detail"),
    # Staff pages.
    path(
        "groepen/<int:group_id>/toestemming/",
        staff.group_overview,
        name="group_overview",
    ),
    path(
        "groepen/<int:group_id>/toestemming/<int:purpose_id>/lijst/",
        staff.who_may_appear,
        name="who_may_appear",
    ),
    path("leerlingen/<int:pupil_id>/toestemming/", records.pupil_consents, name="pupil"),
    path(
        "leerlingen/<int:pupil_id>/toestemming/<int:purpose_id>/papier/",
        records.paper_form,
        name="paper_form",
    ),
    path(
        "leerlingen/<int:pupil_id>/toestemming/<int:purpose_id>/onenigheid/",
        records.dispute_report,
        name="dispute_report",
    ),
    path("scholen/<int:school_id>/toestemming/", school.school_consents, name="school"),
    path(
        "toestemming/geschillen/<int:dispute_id>/",
        school.dispute_resolve_view,
        name="dispute_resolve",
    ),
    path("toestemming/overzicht/", school.board_counts, name="board_counts"),
    path("toestemming/rondes/", rounds.round_list, name="rounds"),
    path("toestemming/rondes/nieuw/", rounds.round_new, name="round_create"),
    path("toestemming/rondes/<int:round_id>/", rounds.round_detail, name="round"),
    path("toestemming/rondes/<int:round_id>/herinneren/", rounds.round_remind, name="round_remind"),
]
