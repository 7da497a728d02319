from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "schoolprivacy.people"
    label = "people"
