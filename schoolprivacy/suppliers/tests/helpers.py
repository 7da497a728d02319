"""Builders for supplier tests: a supplier with a signed, running agreement at school A."""

from datetime import date, timedelta

from django.test import Client
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.tokens import api_token_create
from schoolprivacy.conftest import World
from schoolprivacy.suppliers.models import Agreement, Supplier
from schoolprivacy.suppliers.services import agreement_create, supplier_create

NARROW = ["pseudonym", "first_name", "surname_prefix", "surname", "year_group", "group"]


def api(user: User) -> Client:
    _row, token = api_token_create(user=user, actor_id=None, channel="command")
    return Client(headers={"Authorization": f"Bearer {token}"})


def make_supplier(world: World, name: str = "Leeruitgever") -> Supplier:
    existing = Supplier.objects.filter(board=world.board, name=name).first()
    return existing or supplier_create(board=world.board, actor=world.privacy_officer, name=name)


def make_agreement(
    world: World,
    *,
    supplier: Supplier | None = None,
    fields: list[str] | None = None,
    approve: bool = True,
    consent_purpose: str = "",
    ends_on: date | None = None,
    signed_on: date | None = None,
) -> Agreement:
    today = timezone.localdate()
    return agreement_create(
        board=world.board,
        actor=world.privacy_officer,
        supplier=supplier or make_supplier(world),
        product_name="Rekenen Online",
        schools=[world.school_a],
        fields=fields if fields is not None else NARROW,
        signed_on=signed_on or today - timedelta(days=30),
        ends_on=ends_on or today + timedelta(days=365),
        approver=world.privacy_officer if approve else None,
        consent_purpose=consent_purpose,
    )
