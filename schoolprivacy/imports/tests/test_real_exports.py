"""What offices really export (issue 18.1): relations of their own kinds, warnings that import the
row, addresses with non-ASCII letters, and one guardian named twice with different details."""

from pathlib import Path

import pytest
from django.core.mail.backends.smtp import EmailBackend

from schoolprivacy.conftest import World
from schoolprivacy.consents.rules import holders_for
from schoolprivacy.imports import pacing, services
from schoolprivacy.imports.tests.helpers import TODAY, run
from schoolprivacy.people.invitations import Reason, invitation_preview
from schoolprivacy.people.models import Guardian, GuardianRelation, Pupil

HEADER = (
    "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Groep;Datum inschrijving;"
    "Ouder 1 naam;Ouder 1 relatie;Ouder 1 gezag;Ouder 1 e-mail;Ouder 1 telefoon\n"
)


def _file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(HEADER + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def _smtp() -> EmailBackend:
    """The SMTP backend the service sends with (no connection is made)."""
    return EmailBackend(alias="default", host="localhost", port=25)


def _pupil(number: str, guardian: str) -> str:
    return f"{number};Kind{number};Bakker;14-03-2017;Groep 5a;01-08-2021;{guardian}"


def test_relations_of_their_own_kind_hold_authority_only_when_the_file_says_so(
    world: World, tmp_path: Path
) -> None:
    path = _file(
        tmp_path,
        _pupil("5001", "Rob Bakker;Stiefvader;;rob@example.nl;"),
        _pupil("5002", "Ria Bakker;oma;ja;ria@example.nl;"),
        _pupil("5003", "Cor Bakker;Verzorger;nee;cor@example.nl;"),
        _pupil("5004", "Gea Bakker;Gezinshuisouder;;gea@example.nl;"),
        _pupil("5005", "Bas Bakker;Overig;;bas@example.nl;"),
        _pupil("5006", "Tom Bakker;oom;;tom@example.nl;"),
    )
    report = run(world, path)
    assert report.applied and not report.problems
    links = {
        r.pupil.external_id: (r.kind, r.has_parental_authority)
        for r in GuardianRelation.objects.filter(
            pupil__external_id__startswith="500"
        ).select_related("pupil")
    }
    assert links == {
        "5001": ("step_parent", False),
        "5002": ("grandparent", True),
        "5003": ("carer", False),
        "5004": ("family_home_parent", False),
        "5005": ("other", False),
        "5006": ("other", False),
    }
    # The unknown word is imported as "other", and said so with its line and column.
    assert [str(w) for w in report.warnings] == [
        "line 7, column Ouder 1 relatie: 'oom' is not a relation we know; imported as 'other', "
        "without parental authority unless the authority column says so"
    ]
    # Consent and access follow authority, not the kind: only the grandparent with authority
    # decides; the step-parent without it does not.
    assert [h.label for h in holders_for(Pupil.objects.get(external_id="5002"), on=TODAY)] == [
        "Ria Bakker"
    ]
    assert holders_for(Pupil.objects.get(external_id="5001"), on=TODAY) == []


def test_a_parent_without_a_word_on_authority_is_still_an_error(
    world: World, tmp_path: Path
) -> None:
    report = run(world, _file(tmp_path, _pupil("5001", "Rob Bakker;vader;;rob@example.nl;")))
    assert report.blocked and not Pupil.objects.filter(external_id="5001").exists()
    assert [str(p) for p in report.problems] == [
        "line 2, column Ouder 1 gezag: say whether this guardian has parental authority (ja/nee)"
    ]


def test_an_address_that_cannot_receive_mail_is_a_warning_and_the_row_is_imported(
    world: World, tmp_path: Path
) -> None:
    path = _file(
        tmp_path,
        _pupil("5001", "Rob Bakker;vader;ja;rob@;"),
        # An error elsewhere in the file still stops the import, warnings or not.
    )
    report = run(world, path)
    assert report.applied and not report.problems
    assert [str(w) for w in report.warnings] == [
        "line 2, column Ouder 1 e-mail: 'rob@' is not an email address; the guardian is "
        "imported without it and cannot be invited"
    ]
    rob = Guardian.objects.get(first_name="Rob")
    assert rob.email == ""
    # Where it matters: the invitation preview names the guardian who cannot be invited.
    preview = invitation_preview(school=world.school_a)
    assert [(c.name, c.reason) for c in preview.cannot if c.name == "Rob Bakker"] == [
        ("Rob Bakker", Reason.NO_EMAIL)
    ]
    # An error (no pupil number) still blocks the whole file, and is not a warning.
    report = run(
        world, _file(tmp_path, ";Kind;Bakker;14-03-2017;5;01-08-2021;Rob Bakker;vader;ja;;")
    )
    assert report.blocked and report.problems and not report.problems[0].warning


def test_addresses_with_non_ascii_letters_are_accepted_where_mail_can_reach_them(
    world: World, tmp_path: Path
) -> None:
    path = _file(
        tmp_path,
        _pupil("5001", "Jürgen Bakker;vader;ja;Jürgen@Bücher.nl;"),
        _pupil("5002", "René Bakker;vader;ja;rené@example.nl;"),
    )
    report = run(world, path)
    assert report.applied and not report.problems
    # A domain with non-ASCII letters is sendable: Django's SMTP backend sends it as punycode.
    jurgen = Guardian.objects.get(first_name="Jürgen")
    # (the local part above has a non-ASCII letter too, so it is refused; see below)
    assert jurgen.email == ""
    idn = _file(tmp_path, _pupil("5003", "Aïsha Bakker;moeder;ja;aisha@bücher.nl;"))
    report = run(world, idn, full=False)
    assert report.applied and not report.warnings
    aisha = Guardian.objects.get(first_name="Aïsha")
    assert aisha.email == "aisha@bücher.nl"
    assert _smtp().prep_address(aisha.email) == "aisha@xn--bcher-kva.nl"
    # A local part with non-ASCII letters needs SMTPUTF8, which the backend refuses to send.
    with pytest.raises(ValueError, match="non-ASCII"):
        _smtp().prep_address("rené@example.nl")
    assert Guardian.objects.get(first_name="René").email == ""
    first = _file(tmp_path, _pupil("5002", "René Bakker;vader;ja;rené@example.nl;"))
    report = run(world, first, dry_run=True, full=False)
    assert [str(w) for w in report.warnings] == [
        "line 2, column Ouder 1 e-mail: 'rené@example.nl' has letters outside ASCII before the "
        "@, which this service cannot send mail to; the guardian is imported without it and "
        "cannot be invited"
    ]


@pytest.mark.parametrize("chunk", [1000, 1], ids=["one chunk", "one line per chunk"])
def test_a_guardian_named_twice_with_other_details_reimports_without_changes(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(services, "CHUNK_SIZE", chunk)
    monkeypatch.setattr(services, "APPLY_CHUNK_SIZE", chunk)
    monkeypatch.setattr(pacing, "APPLY_PAUSE", 0)
    path = _file(
        tmp_path,
        _pupil("5001", "Rob Bakker;vader;ja;rob@example.nl;0612345678"),
        _pupil("5002", "Ria Bakker;moeder;ja;ria@example.nl;"),
        # The same father (same address) with another phone number on a sibling's line.
        _pupil("5003", "Rob Bakker;vader;ja;rob@example.nl;0687654321"),
    )
    first = run(world, path)
    assert first.applied and first.guardians_created == 2 and first.guardians_updated == 0
    assert Guardian.objects.get(first_name="Rob").phone == "0612345678"
    warning = (
        "line 4, column Ouder 1 naam: this guardian is also on line 2 with other details; the "
        "details of line 2 are kept"
    )
    assert [str(w) for w in first.warnings] == [warning]
    again = run(world, path)
    assert not again.has_changes, again.counts()
    assert again.unchanged == 3 and [str(w) for w in again.warnings] == [warning]
    preview = run(world, path, dry_run=True)
    assert not preview.has_changes
