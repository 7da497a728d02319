from django.urls import path

from schoolprivacy.web.views import annual_report, channels, home, pupils, purposes, records

app_name = "web"
urlpatterns = [
    path("", home.home, name="home"),
    path("scholen/<int:school_id>/", home.school, name="school"),
    path("groepen/<int:group_id>/", home.group, name="group"),
    path("leerlingen/", pupils.pupil_list, name="pupils"),
    path("leerlingen/<int:pupil_id>/", pupils.pupil_detail, name="pupil"),
    path("leerlingen/<int:pupil_id>/notities/nieuw/", pupils.record_new, name="record_new"),
    path(
        "leerlingen/<int:pupil_id>/notities/<int:record_id>/wijzigen/",
        records.record_edit,
        name="record_edit",
    ),
    path(
        "leerlingen/<int:pupil_id>/notities/<int:record_id>/verwijderen/",
        records.record_remove,
        name="record_delete",
    ),
    path("instellingen/kanalen/", channels.channel_list, name="channels"),
    path("instellingen/kanalen/<int:channel_id>/", channels.channel_change, name="channel_change"),
    path("instellingen/doelen/", purposes.purpose_list, name="purposes"),
    path("instellingen/doelen/<int:board_purpose_id>/", purposes.purpose_detail, name="purpose"),
    path("jaarverslag/", annual_report.annual_report_page, name="annual_report"),
    path("jaarverslag.pdf", annual_report.annual_report_pdf, name="annual_report_pdf"),
]
