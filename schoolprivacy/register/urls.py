from django.urls import path

from schoolprivacy.register.views import exports, officer, statement

app_name = "register"
urlpatterns = [
    path("register/", officer.activity_list, name="list"),
    path("register/export.csv", exports.export_csv, name="export_csv"),
    path("register/export.json", exports.export_json, name="export_json"),
    path("register/nieuw/", officer.activity_create_view, name="create"),
    path("register/<int:activity_id>/", officer.activity_detail, name="detail"),
    path("register/<int:activity_id>/bewerken/", officer.activity_edit, name="edit"),
    path(
        "register/<int:activity_id>/deactiveren/",
        officer.activity_deactivate_view,
        name="deactivate",
    ),
    path(
        "register/<int:activity_id>/heractiveren/",
        officer.activity_reactivate_view,
        name="reactivate",
    ),
    path("privacy/<slug:school_slug>/", statement.privacy_statement, name="statement"),
]
