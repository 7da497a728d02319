from django.urls import URLPattern, URLResolver, path

from schoolprivacy.suppliers.views import exports, register

app_name = "suppliers"
urlpatterns: list[URLPattern | URLResolver] = [
    path("leveranciers/", register.index, name="index"),
    path("leveranciers/nieuw/", register.supplier_new, name="supplier_new"),
    path("leveranciers/<int:supplier_id>/", register.supplier_detail, name="supplier"),
    path("leveranciers/overeenkomsten/nieuw/", register.agreement_new, name="agreement_new"),
    path(
        "leveranciers/overeenkomsten/<int:agreement_id>/",
        register.agreement_detail,
        name="agreement",
    ),
    path(
        "leveranciers/overeenkomsten/<int:agreement_id>/kerngegevens/",
        register.agreement_facts,
        name="facts",
    ),
    path(
        "leveranciers/overeenkomsten/<int:agreement_id>/ondertekend/",
        register.agreement_sign,
        name="sign",
    ),
    path(
        "leveranciers/overeenkomsten/<int:agreement_id>/goedkeuren/",
        register.field_approve,
        name="approve",
    ),
    path(
        "leveranciers/overeenkomsten/<int:agreement_id>/gegevensset/",
        register.data_set_change,
        name="data_set",
    ),
    path(
        "leveranciers/overeenkomsten/<int:agreement_id>/gegevensstromen/",
        register.flow_add,
        name="flow_add",
    ),
    path(
        "leveranciers/overeenkomsten/<int:agreement_id>/documenten/",
        register.document_upload,
        name="document_upload",
    ),
    path(
        "leveranciers/overeenkomsten/<int:agreement_id>/documenten/<str:kind>/",
        register.document_download,
        name="document",
    ),
    path(
        "leveranciers/overeenkomsten/<int:agreement_id>/einde/",
        register.end_request,
        name="end_request",
    ),
    path(
        "leveranciers/overeenkomsten/<int:agreement_id>/bevestiging/",
        register.end_confirm,
        name="end_confirm",
    ),
    path(
        "leveranciers/overeenkomsten/<int:agreement_id>/export/",
        exports.export_new,
        name="export_new",
    ),
    path("leveranciers/exports/", exports.export_list, name="exports"),
]
