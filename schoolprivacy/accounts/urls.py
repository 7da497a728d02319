from django.contrib.auth import views as auth_views
from django.urls import path

app_name = "accounts"
urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("inloggen/tweede-stap/", auth_views.LoginView.as_view(), name="second_factor"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
]
