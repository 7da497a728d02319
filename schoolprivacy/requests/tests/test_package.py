"""The package holds every declared personal field of the child that has a value, and redacts
other pupils' names, listing each redaction."""

import io
import json
import zipfile

from schoolprivacy.conftest import World
from schoolprivacy.dossier.services import record_create
from schoolprivacy.privacy_registry import registry
from schoolprivacy.requests import package as packages
from schoolprivacy.requests.models import SystemCheck
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


def test_a_name_broken_over_a_line_or_spaced_twice_is_redacted_too(world: World) -> None:
    """Notes are typed: a double space or a line break between first name, prefix and surname
    still names the other pupil (Daan Bakker is in another group of the school)."""
    lotte = world.pupil_a2
    lotte.surname_prefix = "van der"
    lotte.save(update_fields=["surname_prefix"])
    record_create(
        actor=world.teacher,
        pupil=world.pupil_a,
        category_key="pupil.observations",
        title="Pauze",
        body="Ruzie met Daan van der\nBakker, later met daan  VAN DER bakker.",
    )
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind="access")
    built = packages.build(request)
    for text in (packages.as_json(built).decode(), packages.as_csv(built).decode("utf-8-sig")):
        assert "Bakker" not in text and "bakker" not in text
    assert [r.count for r in built.redactions] == [2]


def test_what_staff_found_in_other_systems_is_redacted_too(world: World) -> None:
    """The checklist's findings are free text typed by staff and go into the package too."""
    request = request_submit(actor=world.parent, pupil=world.pupil_a, kind="access")
    SystemCheck.objects.create(
        board=world.board,
        request=request,
        source=SystemCheck.Source.SYSTEM,
        name="ParnasSys",
        finding="Melding over ruzie met Daan Bakker.",
    )
    built = packages.build(request)
    assert "Daan Bakker" not in packages.as_json(built).decode()
    assert "Daan Bakker" not in packages.as_html(built)
    assert any(
        r.source == "requests.SystemCheck" and r.field == "finding" for r in built.redactions
    )
