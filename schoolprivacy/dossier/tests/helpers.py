"""Small builders shared by the dossier tests."""

from schoolprivacy.accounts.models import User
from schoolprivacy.dossier.models import Record
from schoolprivacy.dossier.services import record_create
from schoolprivacy.people.models import Pupil

DIAGNOSIS_TEXT = "Dyslexie vastgesteld door orthopedagoog Van Dam"
MEASURE_TEXT = "Extra tijd bij toetsen en voorleessoftware"
# A BSN from the range kept for tests (999 99x xxx); passes the 11-check.
EDUCATION_NUMBER = "999990019"


def diagnosis_and_measure(care_coordinator: User, pupil: Pupil) -> tuple[Record, Record]:
    diagnosis = record_create(
        actor=care_coordinator,
        pupil=pupil,
        category_key="pupil.care.diagnosis",
        title="Dyslexie",
        body=DIAGNOSIS_TEXT,
    )
    measure = record_create(
        actor=care_coordinator,
        pupil=pupil,
        category_key="pupil.care.measures",
        title="Extra tijd",
        body=MEASURE_TEXT,
        based_on=diagnosis,
    )
    return diagnosis, measure
