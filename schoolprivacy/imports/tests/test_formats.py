"""Each format as it comes out of a real office reads to the same pupils."""

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from schoolprivacy.conftest import World
from schoolprivacy.imports.formats import UnreadableFile
from schoolprivacy.imports.services import import_las, read_mapping
from schoolprivacy.imports.tests.helpers import SAMPLES, TODAY, run
from schoolprivacy.people.models import Pupil


def test_it_reads_parnassys_semicolons_with_a_bom(world: World) -> None:
    report = run(world, "parnassys.csv")
    assert report.applied and not report.problems
    assert report.file_kind == "csv" and report.detail == "semicolon, UTF-8"
    sem = Pupil.objects.get(school=world.school_a, external_id="1001")
    assert (sem.first_name, sem.surname_prefix, sem.surname) == ("Sem", "de", "Vries")
    assert sem.date_of_birth == date(2017, 3, 14)
    assert Pupil.objects.get(external_id="1002").date_of_birth == date(2016, 9, 2)
    assert Pupil.objects.get(external_id="1003").date_of_birth == date(2015, 6, 30)


def test_it_reads_esis_commas_in_windows_1252(world: World) -> None:
    report = run(world, "esis_cp1252.csv")
    assert report.applied and not report.problems, report.problems
    assert report.detail == "comma, Windows-1252"
    assert Pupil.objects.get(external_id="2001").first_name == "Zoë"
    chloe = Pupil.objects.get(external_id="2002")
    assert (chloe.first_name, chloe.surname_prefix) == ("Chloé", "'t")
    assert chloe.guardian_relations.get().guardian.first_name == "André"


def test_it_reads_tabs_and_iso_dates(world: World) -> None:
    report = run(world, "generic.tsv")
    assert report.applied and not report.problems
    assert report.detail.startswith("tab")
    assert Pupil.objects.get(external_id="3002").left_on == date(2026, 7, 15)


def test_it_reads_xlsx_with_date_cells(world: World, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Leerlingnummer", "Roepnaam", "Achternaam", "Geboortedatum", "Klas",
                  "Datum inschrijving", "BSN"])  # fmt: skip
    sheet.append([6001, "Julia", "Wit", date(2016, 1, 2), "4", "01-08-2020", 200000044])
    sheet.append([None, None, None, None, None, None, None])  # Excel leaves empty rows behind
    path = tmp_path / "export.xlsx"
    book.save(path)
    report = run(world, path)
    assert report.applied and not report.problems, report.problems
    assert report.file_kind == "xlsx"
    julia = Pupil.objects.get(external_id="6001")
    assert julia.date_of_birth == date(2016, 1, 2)
    assert julia.education_number == "200000044"


def test_unknown_headers_are_mapped_with_a_toml_file(world: World) -> None:
    mapping = read_mapping((SAMPLES / "mapping.toml").read_text())
    report = run(world, "custom_headers.csv", mapping=mapping)
    assert report.applied and report.unknown_headers == ["Lievelingskleur"]
    assert Pupil.objects.get(external_id="5001").enrolled_on == date(2021, 8, 1)


def test_without_the_mapping_the_file_is_refused_for_missing_columns(world: World) -> None:
    with pytest.raises(UnreadableFile, match="Leerlingnummer"):
        run(world, "custom_headers.csv")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"just one line without separators\n",
        b"PK\x03\x04broken zip",
        b"\xd0\xcf\x11\xe0old excel",
        b"Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Datum inschrijving\n",
        # A cell past the csv module's field size limit (a pasted image, a broken quote).
        b"Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Datum inschrijving\n1;"
        + b"a" * 200_000
        + b";c;d;e\n",
    ],
)
def test_it_refuses_files_that_are_no_table(world: World, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile):
        import_las(path=path, school=world.school_a, actor=None, today=TODAY)
