"""The package holds every declared personal field of the child that has a value, and redacts
other pupils' names, listing each redaction."""

import io
import json
import zipfile

from schoolprivacy.conftest import World
from schoolprivacy.dossier.services import record_create
from schoolprivacy.privacy_registry import registry
from schoolprivacy.requests import package as packages
from schoolprivacy.requests.services import request_submit

# The fixture makes rows of these; a declared pupil field of any model with a row for the child
# that is not in the package fails the test, whichever app declares it.
MUST_BE_COVERED = {"people.Pupil", "people.GroupMembership", "dossier.Record", "requests.Request"}


def test_every_declared_pupil_field_is_in_the_package(world: World) -> None:
    record_create(
        actor=world.care_coordinator,
        pupil=world.pupil_a,
        category_key="pupil.care.diagnosis",
        title="Dyslexieverklaring",
        body="Verklaring van de orthopedagoog",
    )
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind="access")
    built = packages.build(request)
    data = json.loads(packages.as_json(built))
    present: dict[str, set[str]] = {}
    for section in data["sections"]:
        for row in section["rows"]:
            present.setdefault(row["source"], set()).update(row["fields"])
    missing = []
    uncovered = set()
    for app in registry():
        for declaration in app.personal:
            label = declaration.model._meta.label
            pupil_fields = {
                name
                for name in declaration.fields
                if any(k.startswith("pupil.") for k in declaration.keys_of(name))
            }
            if not pupil_fields:
                continue
            if label not in present:
                uncovered.add(label)
                continue
            missing += [f"{label}.{name}" for name in sorted(pupil_fields - present[label])]
    assert missing == []
    assert not MUST_BE_COVERED & uncovered
    archive = zipfile.ZipFile(io.BytesIO(packages.as_zip(built)))
    assert archive.read(next(n for n in archive.namelist() if n.endswith(".pdf")))[:4] == b"%PDF"
    csv_text = archive.read(next(n for n in archive.namelist() if n.endswith(".csv"))).decode()
    assert "Dyslexieverklaring" in csv_text


def test_another_pupils_name_is_redacted_and_listed(world: World) -> None:
    record = record_create(
        actor=world.teacher,
        pupil=world.pupil_a,
        category_key="pupil.observations",
        title="Samenwerken",
        body="Werkt goed samen met Daan Bakker; Sanne helpt graag.",
    )
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind="access")
    built = packages.build(request)
    text = packages.as_json(built).decode()
    assert "Daan Bakker" not in text
    assert "Sanne helpt graag" in text  # the child's own name stays
    assert [(r.source, r.id, r.field, r.count) for r in built.redactions] == [
        ("dossier.Record", record.pk, "body", 1)
    ]
