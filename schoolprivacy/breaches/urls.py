from django.urls import URLPattern, URLResolver

app_name = "breaches"
urlpatterns: list[URLPattern | URLResolver] = []
