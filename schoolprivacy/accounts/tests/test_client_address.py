from django.test import RequestFactory, override_settings

from schoolprivacy.accounts.throttle import client_address


def request_with(remote: str, forwarded: str = ""):
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_without_proxies_only_the_connection_counts():
    assert client_address(request_with("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_appended_counts():
    # The client forged the first hop; our load balancer appended the real one.
    request = request_with("10.0.0.2", "198.51.100.66, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_a_short_header_falls_back_to_the_connection():
    assert client_address(request_with("10.0.0.2", "203.0.113.9")) == "10.0.0.2"
