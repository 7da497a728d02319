from django.urls import path

from schoolprivacy.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("scholen/<int:school_id>/", views.school, name="school"),
    path("groepen/<int:group_id>/", views.group, name="group"),
]
