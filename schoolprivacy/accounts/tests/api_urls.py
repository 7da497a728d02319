"""The project's URLs plus a tiny API guarded by `api_auth`, for the authentication tests."""

from django.http import HttpRequest
from django.urls import path
from ninja import NinjaAPI

from schoolprivacy.accounts.api_auth import api_auth
from schoolprivacy.urls import urlpatterns as project_urlpatterns

test_api = NinjaAPI(urls_namespace="accounts_test_api", auth=api_auth)


@test_api.post("/echo")
def echo(request: HttpRequest) -> dict[str, str]:
    return {"username": request.user.get_username()}


urlpatterns = [path("test-api/", test_api.urls), *project_urlpatterns]
