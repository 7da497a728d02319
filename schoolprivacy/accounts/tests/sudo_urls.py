"""The project's URLs plus one page behind `sudo_required`, for the sudo tests."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from schoolprivacy.accounts.sudo import sudo_required
from schoolprivacy.urls import urlpatterns as project_urlpatterns


@sudo_required
def protected(request: HttpRequest) -> HttpResponse:
    return HttpResponse("the protected page")


urlpatterns = [path("test-sudo/", protected), *project_urlpatterns]
