"""Demo processor register (issue 15): two suppliers with signed agreements, so a newcomer sees
the register, can make an export as the administration, and sees the suppliers on the persona
parent's child page.

- a learning-material publisher, through Basispoort from ParnasSys, the sector's narrow set;
- Google Workspace for Education as device platform (Chromebooks), with the board's DPIA linked,
  its account provisioning limited to the pseudonym, names and group, ending within the warning
  period so the privacy officer's warning shows.
"""

from datetime import date, timedelta

from schoolprivacy.accounts.models import User
from schoolprivacy.schools.models import Board, School
from schoolprivacy.suppliers.models import DataFlow, Supplier
from schoolprivacy.suppliers.services import (
    agreement_create,
    agreement_update_facts,
    data_flow_add,
    supplier_create,
)


def write_demo_suppliers(*, board: Board, today: date) -> int:
    """Register the demo's suppliers; returns how many agreements."""
    officer = User.objects.get(username="fg")
    schools = list(School.objects.filter(board=board).order_by("name"))
    # Leerlijn names a privacy desk; for Google the register names no address at all.
    publisher = supplier_create(
        board=board,
        actor=officer,
        name="Uitgeverij Leerlijn",
        covenant_signed=True,
        privacy_contact_name="Privacyloket Leerlijn",
        privacy_contact_email="privacy@leerlijn.example",
    )
    learning = agreement_create(
        board=board,
        actor=officer,
        supplier=publisher,
        product_name="Rekenroute Online",
        schools=schools,
        fields=[
            "pseudonym",
            "first_name",
            "surname_prefix",
            "surname",
            "year_group",
            "group",
            "teacher_names",
        ],
        signed_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=3 * 365),
    )
    agreement_update_facts(
        agreement=learning,
        actor=officer,
        facts={
            "data_location": "Nederland (Amsterdam)",
            "sub_processors": "Hostingbedrijf NL B.V. (hosting)",
            "certifications": "ISO 27001, NEN 7510",
            "breach_contact": "security@leerlijn.example",
        },
    )
    data_flow_add(
        agreement=learning,
        actor=officer,
        source=DataFlow.Source.PARNASSYS,
        route=DataFlow.Route.BASISPOORT,
        fields=list(learning.field_keys),
    )
    google = supplier_create(
        board=board,
        actor=officer,
        name="Google Workspace for Education",
        kind=Supplier.Kind.DEVICE_PLATFORM,
    )
    devices = agreement_create(
        board=board,
        actor=officer,
        supplier=google,
        product_name="Chromebooks (schoolaccounts)",
        schools=schools,
        fields=["pseudonym", "first_name", "surname", "group"],
        signed_on=today - timedelta(days=700),
        ends_on=today + timedelta(days=60),
    )
    agreement_update_facts(
        agreement=devices,
        actor=officer,
        facts={
            "data_location": "EU",
            "certifications": "ISO 27001, SOC 2",
            "dpia_url": "https://www.example.org/dpia-google-workspace-for-education",
        },
    )
    data_flow_add(
        agreement=devices,
        actor=officer,
        source=DataFlow.Source.SCHOOLPRIVACY,
        route=DataFlow.Route.DEVICE_PLATFORM,
        fields=list(devices.field_keys),
    )
    return 2
