from django.urls import path

from schoolprivacy.policies.views import dpia, officer, public

app_name = "policies"
urlpatterns = [
    path("beleid/", officer.policy_list, name="list"),
    path("beleid/nieuw/", officer.document_new, name="document_create"),
    path("beleid/contactgegevens/", officer.contacts_edit, name="contacts"),
    path("beleid/<int:document_id>/", officer.document_detail, name="document"),
    path("beleid/versies/<int:version_id>/", officer.version_detail, name="version"),
    path("beleid/versies/<int:version_id>/publiceren/", officer.version_publish, name="publish"),
    path(
        "privacy/<slug:school_slug>/beleid/<int:document_id>/",
        public.public_policy,
        name="public",
    ),
]
urlpatterns += [
    path("beleid/dpia/", dpia.dpia_list, name="dpia_list"),
    path("beleid/dpia/nieuw/", dpia.dpia_edit, name="dpia_create"),
    path("beleid/dpia/<int:dpia_id>/", dpia.dpia_edit, name="dpia"),
]
