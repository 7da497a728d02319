from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schoolprivacy.schools"
    label = "schools"
