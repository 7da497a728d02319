"""Demo governance (issue 17), so the privacy officer's workspace has something to show:

- the privacy regulation, version 1 adopted with the GMR's consent and in force (recorded as
  already known to the parents), version 2 approved and waiting to be published (publishing it
  emails the parents through the console);
- the data protection officer's contact details and the board's privacy page;
- the DPIA register: one for the care guidance done and due for review next month, one for a
  camera supplier needed and not done yet;
- an emergency access by the teacher persona waiting for the officer's review.
"""

from datetime import date, timedelta

from schoolprivacy.access.services import break_glass_open
from schoolprivacy.accounts.models import User
from schoolprivacy.people.models import Pupil
from schoolprivacy.policies.dpia import dpia_save
from schoolprivacy.policies.services import (
    council_decision_record,
    policy_version_create,
    policy_version_publish,
    privacy_contacts_save,
)
from schoolprivacy.register.models import ProcessingActivity
from schoolprivacy.schools.models import Board

REGULATION = """Artikel 1. Begrippen
In dit reglement wordt verstaan onder leerling: iedere leerling van een school van het bestuur.

Artikel 2. Doel van de verwerking
Persoonsgegevens worden alleen verwerkt voor de doelen in het verwerkingsregister.

Artikel 3. Toegang
Alleen medewerkers die de gegevens voor hun taak nodig hebben, hebben toegang.

Artikel 4. Rechten
Ouders en leerlingen van 16 jaar en ouder kunnen hun rechten uitoefenen via de school."""


def write_demo_governance(*, board: Board, teacher_pupil: Pupil, today: date) -> None:
    officer = User.objects.get(username="fg")
    first = policy_version_create(
        actor=officer,
        kind="regulation",
        title="Privacyreglement",
        text=REGULATION,
        changes="Eerste versie.",
        channel="command",
    )
    council_decision_record(
        actor=officer,
        version=first,
        council="gmr",
        section="whole",
        decided_on=today - timedelta(days=200),
        decision="consented",
        minutes_reference="Notulen GMR, vergadering 3, punt 5",
        channel="command",
    )
    policy_version_publish(actor=officer, version=first, channel="command", tell_parents=False)
    second = policy_version_create(
        actor=officer,
        document=first.document,
        text=REGULATION
        + "\n\nArtikel 5. Foto's\nFoto's worden alleen gepubliceerd met toestemming.",
        changes="Nieuw artikel 5 over foto's.",
        channel="command",
    )
    council_decision_record(
        actor=officer,
        version=second,
        council="gmr",
        section="whole",
        decided_on=today - timedelta(days=3),
        decision="consented",
        minutes_reference="Notulen GMR, vergadering 2, punt 4",
        channel="command",
    )
    privacy_contacts_save(
        actor=officer,
        dpo_name="mr. A. de Vries",
        dpo_email="fg@lindendal.example",
        dpo_phone="030 123 4567",
        website="https://lindendal.example/privacy",
        channel="command",
    )
    care = ProcessingActivity.objects.filter(board=board, key="care_guidance").first()
    if care is not None:
        dpia_save(
            actor=officer,
            activity=care,
            supplier_name="",
            criteria=["special_data", "vulnerable", "evaluation"],
            document_reference="DPIA leerlingzorg 2025 (SharePoint, map Privacy)",
            performed_on=today - timedelta(days=340),
            outcome="measures",
            measures="Versleuteling, inzage alleen voor IB, leeslog zichtbaar voor ouders.",
            review_on=today + timedelta(days=25),
            channel="command",
        )
    dpia_save(
        actor=officer,
        activity=None,
        supplier_name="Camerabewaking Schoolplein BV",
        criteria=["monitoring", "vulnerable", "new_technology"],
        document_reference="",
        performed_on=None,
        outcome="",
        measures="",
        review_on=None,
        channel="command",
    )
    break_glass_open(
        user=User.objects.get(username="leerkracht"),
        pupil=teacher_pupil,
        reason="Leerling onwel op schoolreis, allergie en medicatie nagaan",
        channel="command",
    )
