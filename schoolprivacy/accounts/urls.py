from django.urls import path

from schoolprivacy.accounts.views import activate, enrol, parent, staff, sudo, tokens

app_name = "accounts"
urlpatterns = [
    path("inloggen/", staff.login_view, name="login"),
    path("inloggen/tweede-stap/", staff.second_factor, name="second_factor"),
    path("inloggen/koppelen/", enrol.enrol, name="enrol"),
    path("inloggen/reservecodes/", enrol.backup_codes, name="backup_codes"),
    path("inloggen/bevestigen/", sudo.sudo, name="sudo"),
    path("inloggen/activeren/<str:uidb64>/<str:token>/", activate.activate, name="activate"),
    path("uitloggen/", staff.logout_view, name="logout"),
    path("ouders/inloggen/", parent.parent_login, name="parent_login"),
    path("ouders/inloggen/<str:token>/", parent.parent_link, name="parent_link"),
    path("ouders/taal/", parent.email_language, name="email_language"),
    path("tokens/", tokens.token_list, name="tokens"),
    path("tokens/<int:token_id>/intrekken/", tokens.token_revoke, name="token_revoke"),
]
