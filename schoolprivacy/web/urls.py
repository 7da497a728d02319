from django.urls import path

from schoolprivacy.web.views import home, pupils

app_name = "web"
urlpatterns = [
    path("", home.home, name="home"),
    path("scholen/<int:school_id>/", home.school, name="school"),
    path("groepen/<int:group_id>/", home.group, name="group"),
    path("leerlingen/", pupils.pupil_list, name="pupils"),
    path("leerlingen/<int:pupil_id>/", pupils.pupil_detail, name="pupil"),
    path("leerlingen/<int:pupil_id>/notities/nieuw/", pupils.record_new, name="record_new"),
]
