"""Guardians are matched and linked without duplicates, with and without parental authority."""

from pathlib import Path

from schoolprivacy.conftest import World
from schoolprivacy.imports.tests.helpers import SAMPLES, run
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil


def test_siblings_share_their_parents(world: World) -> None:
    report = run(world, "parnassys.csv")
    # Sem and Fleur de Vries have the same two parents: 2 + 2 + 1 guardians, 7 links.
    assert report.guardians_created == 5 and report.relations_created == 7
    peter = Guardian.objects.get(email="peter.devries@example.nl")
    assert (peter.first_name, peter.surname_prefix, peter.surname) == ("Peter", "de", "Vries")
    assert sorted(r.pupil.external_id for r in peter.relations.all()) == ["1001", "1004"]


def test_authority_and_kind_are_read(world: World) -> None:
    run(world, "parnassys.csv")
    lotte = Pupil.objects.get(external_id="1002")
    links = {r.guardian.first_name: r for r in lotte.guardian_relations.select_related("guardian")}
    assert links["Karin"].has_parental_authority and links["Karin"].kind == "parent"
    assert not links["Mark"].has_parental_authority
    daan = GuardianRelation.objects.get(pupil__external_id="1003")
    assert daan.kind == "voogd" and daan.has_parental_authority


def test_a_reimport_links_no_duplicates_and_follows_changed_authority(
    world: World, tmp_path: Path
) -> None:
    run(world, "parnassys.csv")
    guardians = Guardian.objects.count()
    text = (SAMPLES / "parnassys.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / "export.csv"
    path.write_text(text.replace("Mark Smit;vader;nee", "Mark Smit;vader;ja"), encoding="utf-8")
    report = run(world, path)
    assert report.guardians_created == 0 and report.relations_created == 0
    assert report.relations_updated == 1
    assert Guardian.objects.count() == guardians
    mark = GuardianRelation.objects.get(guardian__first_name="Mark")
    assert mark.has_parental_authority


def test_a_new_email_address_updates_the_guardian(world: World, tmp_path: Path) -> None:
    run(world, "parnassys.csv")
    text = (SAMPLES / "parnassys.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / "export.csv"
    path.write_text(text.replace("karin.jansen@example.nl", "karin@example.org"), "utf-8")
    report = run(world, path)
    assert report.guardians_updated == 1 and report.guardians_created == 0
    assert Guardian.objects.get(first_name="Karin").email == "karin@example.org"
