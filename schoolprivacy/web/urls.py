from django.urls import path

from schoolprivacy.web.views import annual_report, home, pupils, records

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
    path("jaarverslag/", annual_report.annual_report_page, name="annual_report"),
    path("jaarverslag.pdf", annual_report.annual_report_pdf, name="annual_report_pdf"),
]
