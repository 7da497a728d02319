from django.urls import URLPattern, path

from schoolprivacy.imports import views

app_name = "imports"
urlpatterns: list[URLPattern] = [
    path("imports/", views.index, name="index"),
    path("imports/<slug:slug>/", views.upload, name="upload"),
    path("imports/<slug:slug>/runs/<int:run_id>/", views.run_status, name="run"),
    path("imports/<slug:slug>/<str:token>/", views.preview, name="preview"),
    path("imports/<slug:slug>/<str:token>/confirm/", views.confirm, name="confirm"),
    path("imports/<slug:slug>/<str:token>/cancel/", views.cancel, name="cancel"),
]
