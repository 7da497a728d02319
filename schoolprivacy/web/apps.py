from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "schoolprivacy.web"
    label = "web"
