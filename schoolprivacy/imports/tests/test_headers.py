"""Headers match through the alias table, whatever case, spaces and dots people use."""

import pytest

from schoolprivacy.imports.headers import map_headers


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Leerlingnummer", "external_id"),
        ("leerling nr", "external_id"),
        ("LEERLING_NR.", "external_id"),
        ("Tussenvoegsel", "surname_prefix"),
        ("voorvoegsel", "surname_prefix"),
        ("Geb. datum", "date_of_birth"),
        ("Klas", "group"),
        ("BSN", "education_number"),
        ("Onderwijsnummer", "education_number"),
        ("Datum uitschrijving", "left_on"),
        ("Voornamen", "given_names"),
    ],
)
def test_pupil_aliases(header: str, field: str) -> None:
    assert map_headers([header]).pupil[field].index == 0


@pytest.mark.parametrize(
    ("header", "number", "field"),
    [
        ("Ouder 1 naam", 1, "name"),
        ("ouder2_e-mail", 2, "email"),
        ("Naam verzorger 2", 2, "name"),
        ("Verzorger3 Gezag", 3, "authority"),
        ("ouder 1 telefoonnummer", 1, "phone"),
        ("Relatie ouder 2", 2, "relation"),
    ],
)
def test_guardian_columns_carry_their_number(header: str, number: int, field: str) -> None:
    assert field in map_headers([header]).guardians[number]


def test_the_format_limits_vendor_names() -> None:
    assert "external_id" in map_headers(["LeerlingID"], format_name="parnassys").pupil
    assert "external_id" not in map_headers(["LeerlingID"], format_name="esis").pupil
    assert map_headers(["LeerlingID"], format_name="esis").unknown == ["LeerlingID"]
