"""Demo rights requests (issue 14), made through the services like real ones, so a newcomer
finds a queue with days left:

- the persona parent asked for a copy of their child's data in the portal (verified by sign-in)
  and proposed a correction of one record;
- the administration recorded a letter from another parent asking for erasure, received
  twelve days ago, identity not yet checked;
- the privacy officer extended an inspection request received by email 25 days ago.
"""

from datetime import date, timedelta

from schoolprivacy.accounts.models import User
from schoolprivacy.dossier.models import Record
from schoolprivacy.dossier.services import record_create
from schoolprivacy.people.models import GuardianRelation, Pupil
from schoolprivacy.requests.corrections import correction_propose
from schoolprivacy.requests.services import (
    request_extend,
    request_record,
    request_submit,
)


def write_demo_requests(*, child: GuardianRelation, today: date) -> int:
    """Write the demo's requests; returns how many."""
    assert child.guardian.user is not None
    parent = child.guardian.user
    pupil = child.pupil
    administration = User.objects.get(username="administratie")
    officer = User.objects.get(username="fg")
    written = [request_submit(actor=parent, pupil=pupil, kind="access")]
    record = Record.objects.filter(pupil=pupil, category_key="pupil.observations").first()
    if record is None:
        record = record_create(
            actor=User.objects.get(username="ib"),
            pupil=pupil,
            category_key="pupil.observations",
            title="Werkhouding",
            body="Laat zich snel afleiden tijdens het zelfstandig werken.",
        )
    correction_propose(
        actor=parent,
        pupil=pupil,
        source="dossier.Record",
        item_id=record.pk,
        field_name="body",
        proposed=record.body + " (Aangevuld door ouder: inmiddels gaat dit beter.)",
        explanation="Sinds de kerstvakantie gaat het beter.",
    )
    others = list(
        Pupil.objects.filter(board_id=pupil.board_id, school_id=pupil.school_id)
        .exclude(pk=pupil.pk)
        .order_by("pk")[:2]
    )
    if len(others) == 2:
        written.append(
            request_record(
                actor=administration,
                pupil=others[0],
                kind="erasure",
                received_on=today - timedelta(days=12),
                channel="letter",
                standing="authority",
                requester_name="Ouder van " + others[0].first_name,
                description="Verzoek om de foto's en notities van vorig jaar te verwijderen.",
            )
        )
        extended = request_record(
            actor=officer,
            pupil=others[1],
            kind="access",
            received_on=today - timedelta(days=25),
            channel="email",
            standing="authority",
            requester_name="Ouder van " + others[1].first_name,
            identity_check="Teruggebeld op het nummer uit de leerlingadministratie.",
        )
        request_extend(
            actor=officer,
            request_id=extended.pk,
            months=1,
            reason="Gegevens staan ook bij twee leveranciers; die zijn nog niet terug.",
        )
        written.append(extended)
    return len(written)
