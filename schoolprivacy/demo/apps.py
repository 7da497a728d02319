from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "schoolprivacy.demo"
    label = "demo"
