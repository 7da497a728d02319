"""Staff sign in through a real OpenID Connect provider (oidc-provider in Node, started locally)."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schoolprivacy.audit.models import AuditEvent
from schoolprivacy.conftest import World
from schoolprivacy.signon.models import Provider
from schoolprivacy.signon.tests.conftest import CALLBACK
from schoolprivacy.signon.tests.provider import sign_in_at_provider


def begin(client: Client, provider: Provider) -> str:
    response = client.get(reverse("signon:start", args=[provider.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(provider.issuer)
    return response["Location"]


def come_back(client: Client, address: str):
    assert address.startswith(CALLBACK)
    return client.get(address.removeprefix("http://testserver"), HTTP_ACCEPT_LANGUAGE="nl")


def signed_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def test_it_signs_a_teacher_in_when_the_provider_did_multi_factor(
    world: World, provider: Provider
) -> None:
    client = Client()
    back = sign_in_at_provider(begin(client, provider), login="t-0001", mfa=True)
    response = come_back(client, back)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert signed_in_user_id(client) == world.teacher.pk
    # Fully signed in: the staff home page answers instead of sending to the second factor.
    assert client.get(reverse("web:home")).status_code == 200
    event = AuditEvent.objects.filter(action="accounts.signin.succeeded").latest("pk")
    assert event.context == {"method": "sso_mfa"}


def test_without_multi_factor_at_the_provider_our_totp_step_follows(
    world: World, provider: Provider
) -> None:
    client = Client()
    response = come_back(client, sign_in_at_provider(begin(client, provider), login="t-0001"))
    # The teacher has no authenticator app yet: the first sign-in links one.
    assert response["Location"] == reverse("accounts:enrol")
    assert signed_in_user_id(client) == world.teacher.pk
    home = client.get(reverse("web:home"))
    assert home.status_code == 302
    assert home["Location"] == reverse("accounts:second_factor")


def test_an_unknown_subject_is_refused_with_a_clear_dutch_message(
    world: World, provider: Provider
) -> None:
    client = Client()
    # "leerkracht" is the teacher's username, but the provider's subject is what counts.
    response = come_back(client, sign_in_at_provider(begin(client, provider), login="leerkracht"))
    assert response.status_code == 403
    assert "niet gekoppeld aan een medewerkersaccount" in response.content.decode()
    assert signed_in_user_id(client) is None
    event = AuditEvent.objects.filter(action="accounts.signin.failed").latest("pk")
    assert event.context["reason"] == "unknown_subject"


def test_a_state_this_browser_did_not_start_is_refused(world: World, provider: Provider) -> None:
    started = Client()
    back = sign_in_at_provider(begin(started, provider), login="t-0001", mfa=True)
    other = Client()
    response = come_back(other, back)
    assert response.status_code == 400
    assert signed_in_user_id(other) is None


def test_a_callback_works_only_once(world: World, provider: Provider) -> None:
    client = Client()
    back = sign_in_at_provider(begin(client, provider), login="t-0001", mfa=True)
    assert come_back(client, back).status_code == 302
    client.logout()
    assert come_back(client, back).status_code == 400
    assert signed_in_user_id(client) is None


def test_an_id_token_with_another_nonce_is_refused(world: World, provider: Provider) -> None:
    client = Client()
    back = sign_in_at_provider(begin(client, provider), login="t-0001", mfa=True)
    # The provider signs the nonce this flow sent; make the session expect another one.
    session = client.session
    flows = session["signon_flows"]
    for flow in flows.values():
        flow["nonce"] = "a-different-nonce"
    session["signon_flows"] = flows
    session.save()
    response = come_back(client, back)
    assert response.status_code == 400
    assert signed_in_user_id(client) is None
    event = AuditEvent.objects.filter(action="accounts.signin.failed").latest("pk")
    assert event.context["reason"] == "token"


def test_a_staff_member_whose_employment_ended_is_refused(world: World, provider: Provider) -> None:
    staff = world.teacher.staff
    staff.left_on = timezone.localdate() - timedelta(days=1)
    staff.save()
    client = Client()
    response = come_back(
        client, sign_in_at_provider(begin(client, provider), login="t-0001", mfa=True)
    )
    assert response.status_code == 403
    assert signed_in_user_id(client) is None


def test_the_sign_in_page_offers_the_board_provider(world: World, provider: Provider) -> None:
    page = Client().get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="nl")
    assert reverse("signon:start", args=[provider.pk]) in page.content.decode()


def test_a_changed_state_is_refused_even_with_a_flow_open(world: World, provider: Provider) -> None:
    client = Client()
    back = sign_in_at_provider(begin(client, provider), login="t-0001", mfa=True)
    changed = back.replace("state=", "state=x")
    response = come_back(client, changed)
    assert response.status_code == 400
    assert signed_in_user_id(client) is None
