from django.apps import AppConfig


class SignOnConfig(AppConfig):
    name = "schoolprivacy.signon"
    label = "signon"
