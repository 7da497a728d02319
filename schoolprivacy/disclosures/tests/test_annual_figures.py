"""The annual report's figures for disclosures: counts of the year per basis and recipient."""

from datetime import UTC, datetime

from schoolprivacy.conftest import World
from schoolprivacy.disclosures.report import annual_figures as disclosure_figures
from schoolprivacy.disclosures.services import disclosure_record


def test_disclosures_of_the_year_per_basis(world: World):
    disclosure_record(
        actor=world.administration,
        pupil=world.pupil_a,
        recipient="leerplicht",
        basis="legal_obligation",
        article="leerplichtwet_21a",
        categories=["pupil.identity"],
        absence_hours=20,
    )
    today = datetime.now(UTC).date()
    values = [
        v
        for _label, v in disclosure_figures(
            world.board.pk, today.replace(month=1, day=1), today.replace(month=12, day=31)
        )
    ]
    assert values[:4] == ["1", "1", "0", "0"]
    assert values[4:] == ["1"]
