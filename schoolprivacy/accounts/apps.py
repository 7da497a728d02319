from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "schoolprivacy.accounts"
    label = "accounts"
