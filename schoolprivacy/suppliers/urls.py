from django.urls import URLPattern, URLResolver

app_name = "suppliers"
urlpatterns: list[URLPattern | URLResolver] = []
