"""The demo shows disclosures: the persona parent sees the leerplicht report and the youth care
report (given on their consent); the Veilig Thuis report is kept from that pupil's parents."""

from schoolprivacy.disclosures.models import Disclosure
from schoolprivacy.people.models import GuardianRelation
from schoolprivacy.schools.models import Board


def test_the_demo_records_disclosures_through_the_gate(demo: Board) -> None:
    rows = Disclosure.objects.filter(board=demo)
    assert sorted(rows.values_list("recipient", flat=True)) == [
        "leerplicht",
        "next_school",
        "veilig_thuis",
        "youth_care",
    ]
    child = GuardianRelation.objects.get(guardian__board=demo, guardian__email="ouder@voorbeeld.nl")
    assert set(
        rows.filter(pupil=child.pupil, shown_to_parents=True).values_list("recipient", flat=True)
    ) == {"leerplicht", "youth_care"}
    assert rows.get(recipient="veilig_thuis").shown_to_parents is False
    assert rows.get(recipient="youth_care").consent_decision_ids
