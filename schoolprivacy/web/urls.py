from django.urls import path

from schoolprivacy.web import pupil_views, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("scholen/<int:school_id>/", views.school, name="school"),
    path("groepen/<int:group_id>/", views.group, name="group"),
    path("leerlingen/", pupil_views.pupil_list, name="pupils"),
    path("leerlingen/<int:pupil_id>/", pupil_views.pupil_detail, name="pupil"),
    path("leerlingen/<int:pupil_id>/notities/nieuw/", pupil_views.record_new, name="record_new"),
]
