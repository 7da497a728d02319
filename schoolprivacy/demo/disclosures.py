"""Demo disclosures (issue 16), recorded through the gate like real ones:

- the persona parent's child: a leerplicht report (Leerplichtwet art. 21a, 18 hours) by the
  administration, and a report to youth care by the care coordinator after the parent gave
  consent for it in the portal — both visible in the parent portal;
- another pupil of the primary school: a report to Veilig Thuis under the meldcode that the care
  coordinator keeps from the parents for now (the staff list offers "Let the parents see it");
- a pupil of group 8: the transfer report to the secondary school, shown to the parents first.
"""

from datetime import date, timedelta

from schoolprivacy.accounts.models import User
from schoolprivacy.consents.models import Method, Purpose
from schoolprivacy.consents.services import consent_decide
from schoolprivacy.demo.onboarding import current_pupil_of
from schoolprivacy.disclosures.services import disclosure_record
from schoolprivacy.people.models import GuardianRelation, Pupil
from schoolprivacy.schools.models import Board


def write_demo_disclosures(
    *, board: Board, school: str, child: GuardianRelation, today: date
) -> int:
    """Record the demo's disclosures; returns how many."""
    administration = User.objects.get(username="administratie")
    care = User.objects.get(username="ib")
    pupil = child.pupil
    written = [
        disclosure_record(
            actor=administration,
            pupil=pupil,
            recipient="leerplicht",
            recipient_name="Gemeente Voorbeeldstad, leerplichtambtenaar",
            basis="legal_obligation",
            article="leerplichtwet_21a",
            categories=["pupil.identity", "pupil.education_number", "pupil.absence"],
            absence_hours=18,
            note="Ongeoorloofd verzuim in de weken na de herfstvakantie.",
            channel="command",
        )
    ]
    purpose = Purpose.objects.get(board=board, key="sharing_youth_care", school__isnull=True)
    assert child.guardian.user is not None
    consent_decide(
        actor=child.guardian.user,
        pupil=pupil,
        purpose=purpose,
        decision="granted",
        by_guardian=child.guardian,
        method=Method.PORTAL,
        channel="command",
    )
    written.append(
        disclosure_record(
            actor=care,
            pupil=pupil,
            recipient="youth_care",
            recipient_name="Wijkteam Voorbeeldstad",
            basis="consent",
            categories=["pupil.identity", "pupil.care.notes", "pupil.care.measures"],
            note="Aanmelding voor ondersteuning thuis, besproken met de ouders.",
            channel="command",
        )
    )
    other = (
        Pupil.objects.filter(board=board, school=pupil.school, left_on__isnull=True)
        .exclude(pk=pupil.pk)
        .order_by("pk")
        .first()
    )
    if other is not None:
        written.append(
            disclosure_record(
                actor=care,
                pupil=other,
                recipient="veilig_thuis",
                basis="legal_obligation",
                article="meldcode",
                categories=["pupil.identity", "pupil.observations", "pupil.care.notes"],
                note="Melding na stap 5 van de meldcode.",
                shown_to_parents=False,
                channel="command",
            )
        )
    leaver = current_pupil_of(board, school, "Groep 8")
    written.append(
        disclosure_record(
            actor=administration,
            pupil=leaver,
            recipient="next_school",
            recipient_name="Vlietland College",
            basis="legal_obligation",
            article="wpo_42",
            categories=["pupil.identity", "pupil.education_number", "pupil.results.reports"],
            shown_to_parents_on=today - timedelta(days=7),
            parent_remarks="Geen opmerkingen.",
            channel="command",
        )
    )
    return len(written)
