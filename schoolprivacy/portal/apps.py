from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "schoolprivacy.portal"
    label = "portal"
