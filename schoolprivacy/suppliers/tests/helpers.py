"""Builders for supplier tests: a supplier with a signed, running agreement at school A."""

import io
from datetime import date, timedelta

from django.test import Client
from django.utils import timezone

from schoolprivacy.accounts.models import User
from schoolprivacy.accounts.tokens import api_token_create
from schoolprivacy.conftest import World
from schoolprivacy.schools.models import School
from schoolprivacy.suppliers.documents import document_store
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


def make_supplier_agreement_at(world: World, school: School) -> Agreement:
    """A running agreement naming `school`, with a (tiny) signed agreement document stored."""
    today = timezone.localdate()
    agreement = agreement_create(
        board=world.board,
        actor=world.privacy_officer,
        supplier=make_supplier(world, "Uitgever B"),
        product_name="Lezen Online",
        schools=[school],
        fields=NARROW,
        signed_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=365),
    )
    document_store(
        agreement=agreement,
        actor=world.privacy_officer,
        kind="agreement_document",
        upload=io.BytesIO(b"%PDF-1.4 agreement"),
    )
    return agreement
