from django.urls import URLPattern, URLResolver, path

from schoolprivacy.requests.views import download, notices, staff

STEPS = {
    "verify": "identiteit-gecontroleerd",
    "start": "in-behandeling",
    "check": "systeem-nagegaan",
    "extend": "verlengen",
    "answer": "beantwoorden",
    "refuse": "weigeren",
    "close": "afsluiten",
    "accept": "correctie-doorvoeren",
    "refuse_correction": "correctie-weigeren",
    "told": "ontvanger-ingelicht",
}

app_name = "requests"
urlpatterns: list[URLPattern | URLResolver] = [
    path("verzoeken/", staff.queue, name="staff_queue"),
    path("verzoeken/<int:request_id>/", staff.detail, name="staff_detail"),
    # One address per step (Dutch paths), one view behind them.
    *(
        path(
            f"verzoeken/<int:request_id>/{slug}/", staff.step, {"name": name}, name=f"staff_{name}"
        )
        for name, slug in STEPS.items()
    ),
    path("verzoeken/<int:request_id>/downloadlink/", staff.package_link, name="staff_package_link"),
    path("verzoeken/leerling/<int:pupil_id>/nieuw/", staff.record, name="staff_record"),
    path("verzoeken/download/<str:signed>/", download.download, name="download"),
    path("verzoeken/ontvangers-inlichten/", notices.by_hand, name="notices_by_hand"),
]
