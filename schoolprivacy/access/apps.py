from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "schoolprivacy.access"
    label = "access"
