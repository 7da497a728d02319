from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "schoolprivacy.api"
    label = "api"
