from django.urls import URLPattern, URLResolver, path

from schoolprivacy.breaches.views import affected, register, report

app_name = "breaches"
urlpatterns: list[URLPattern | URLResolver] = [
    path("datalekken/melden/", report.report, name="report"),
    path("leerling/datalek-melden/", report.pupil_report, name="pupil_report"),
    path("datalekken/", register.breach_list, name="list"),
    path("datalekken/<int:breach_id>/", register.breach_detail, name="detail"),
    path("datalekken/<int:breach_id>/leerlingen/", affected.affected_list, name="affected"),
    path("datalekken/<int:breach_id>/leerlingen.csv", affected.affected_csv, name="affected_csv"),
    path("datalekken/<int:breach_id>/vervolgacties/", register.follow_up_new, name="follow_up_new"),
    path(
        "datalekken/<int:breach_id>/vervolgacties/<int:follow_up_id>/gedaan/",
        register.follow_up_tick,
        name="follow_up_done",
    ),
    path("datalekken/<int:breach_id>/sluiten/", register.close, name="close"),
    path("datalekken/<int:breach_id>/brief/<str:language>/", register.letter_text, name="letter"),
]
