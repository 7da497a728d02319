"""The Dutch catalogue is complete, up to date with the code, and actually used by the pages.

A developer who adds a string without translating it gets a failing test that names the string:
run `SCHOOLPRIVACY_MODE=test uv run schoolprivacy makemessages -l nl --no-obsolete`, translate
the new entries in schoolprivacy/locale/nl/LC_MESSAGES/django.po, then `compilemessages`.
"""

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

import schoolprivacy

PACKAGE_DIR = Path(schoolprivacy.__file__).resolve().parent
LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
CATALOG = LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOG.with_suffix(".mo")
NPLURALS = 2
HOW_TO_FIX = (
    "Run `SCHOOLPRIVACY_MODE=test uv run schoolprivacy makemessages -l nl --no-obsolete "
    "--ignore=.venv --ignore=node_modules --ignore=var --ignore=benchmarks`, translate the "
    f"entries in {CATALOG.relative_to(PACKAGE_DIR.parent)}, then run compilemessages."
)


# --- A small reader for .po files (GNU gettext's format), standard library only ---------------


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def describe(self, where: str = "line") -> str:
        context = f" (context {self.msgctxt!r})" if self.msgctxt is not None else ""
        if where == "source":
            return f"{self.msgid!r}{context}, in {' '.join(self.references) or '?'}"
        return f"line {self.line}: {self.msgid!r}{context}"

    def __repr__(self) -> str:
        return f"<Entry {self.describe()}>"


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")\s*$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}


def _unquote(literal: str) -> str:
    if len(literal) < 2 or literal[0] != '"' or literal[-1] != '"':
        raise ValueError(f"not a quoted string: {literal}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), literal[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """Every entry of the file, the header (msgid "") first; obsolete (#~) entries are left out."""
    entries: list[Entry] = []
    entry = Entry()
    started = False  # a keyword of the current entry has been read
    target: tuple[str, int] = ("msgid", 0)

    def finish() -> None:
        nonlocal entry, started
        if started:
            entries.append(entry)
        entry, started = Entry(), False

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if started and entry.msgstr:
                finish()
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            elif line.startswith("#:"):
                entry.references.extend(line[2:].split())
            continue
        if line.startswith('"'):
            name, index = target
            text = _unquote(line)
            if name == "msgstr":
                entry.msgstr[index] += text
            else:
                setattr(entry, name, getattr(entry, name) + text)
            continue
        match = _KEYWORD.match(line)
        if match is None:
            raise ValueError(f"{path}:{number}: cannot read {raw!r}")
        keyword, literal = match.group(1), _unquote(match.group(3))
        plural_form = int(match.group(2) or 0)
        if keyword in ("msgctxt", "msgid") and entry.msgstr:
            finish()
        if not started:
            entry.line, started = number, True
        if keyword == "msgstr":
            entry.msgstr[plural_form] = literal
            target = ("msgstr", plural_form)
        else:
            setattr(entry, keyword, literal)
            target = (keyword, 0)
    finish()
    return entries


def _messages(entries: list[Entry]) -> list[Entry]:
    return [entry for entry in entries if entry.msgid or entry.msgctxt is not None]


def _listing(entries: list[Entry], where: str = "line") -> str:
    return "\n".join(f"  - {entry.describe(where)}" for entry in entries)


def _count(number: int, noun: str, plural: str) -> str:
    return f"{number} {noun if number == 1 else plural}"


@pytest.fixture(scope="module")
def catalog() -> list[Entry]:
    assert CATALOG.exists(), f"The Dutch catalogue is missing at {CATALOG}. {HOW_TO_FIX}"
    return parse_po(CATALOG)


# --- (a) Every entry is translated and checked ------------------------------------------------


def test_every_entry_has_a_translation(catalog):
    def untranslated(entry: Entry) -> bool:
        if entry.msgid_plural is not None:
            forms = [entry.msgstr.get(index, "") for index in range(NPLURALS)]
            return not all(forms) or set(entry.msgstr) != set(range(NPLURALS))
        return not entry.msgstr.get(0)

    missing = [entry for entry in _messages(catalog) if untranslated(entry)]

    assert not missing, (
        f"Entries of {CATALOG.name} without a complete Dutch translation ({len(missing)}; "
        f"a plural entry needs all {NPLURALS} forms):\n{_listing(missing)}\n{HOW_TO_FIX}"
    )


def test_no_entry_is_fuzzy(catalog):
    # gettext ignores fuzzy entries, so the page would silently show English; a fuzzy header
    # would even lose the character set and plural rule.
    fuzzy = [entry for entry in catalog if "fuzzy" in entry.flags]

    assert not fuzzy, (
        "These entries are marked fuzzy: check each translation, then delete its "
        f"'#, fuzzy' line:\n{_listing(fuzzy)}"
    )


def test_the_header_declares_dutch_utf8_and_its_plural_rule(catalog):
    header = catalog[0]
    assert header.msgid == "" and header.msgctxt is None, "the catalogue must start with a header"

    text = header.msgstr.get(0, "")
    assert "Language: nl\n" in text
    assert "Content-Type: text/plain; charset=UTF-8\n" in text
    assert f"Plural-Forms: nplurals={NPLURALS}; plural=(n != 1);\n" in text


_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def _placeholders(text: str) -> list[str]:
    return sorted(spec for spec in _PLACEHOLDER.findall(text) if spec != "%%")


def test_translations_keep_the_placeholders_of_the_english(catalog):
    broken = []
    for entry in _messages(catalog):
        if "python-format" not in entry.flags:
            continue
        for index, translation in entry.msgstr.items():
            source = entry.msgid if index == 0 else (entry.msgid_plural or entry.msgid)
            if translation and _placeholders(translation) != _placeholders(source):
                broken.append(entry)
                break

    assert not broken, (
        "These translations lost, added or renamed a %(...)s placeholder:\n" + _listing(broken)
    )


# --- (b) The catalogue holds exactly the strings of the code -----------------------------------


def test_the_catalogue_is_up_to_date_with_the_code(catalog, tmp_path, monkeypatch):
    if shutil.which("xgettext") is None:
        reason = "GNU gettext (xgettext) is not installed (apt-get install gettext)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must check the catalogue")
        pytest.skip(reason)
    # Extract from a copy of the package, so the committed catalogue is never touched.
    source = tmp_path / "src"
    shutil.copytree(
        PACKAGE_DIR,
        source / PACKAGE_DIR.name,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "locale", ".*"),
    )
    fresh_locale = source / PACKAGE_DIR.name / "locale"
    fresh_locale.mkdir()
    monkeypatch.chdir(source)
    with override_settings(LOCALE_PATHS=[fresh_locale]):
        call_command("makemessages", locale=["nl"], no_obsolete=True, verbosity=0)
    extracted = _messages(parse_po(fresh_locale / "nl" / "LC_MESSAGES" / "django.po"))

    committed = {entry.key for entry in _messages(catalog)}
    in_code = {entry.key for entry in extracted}
    new = [entry for entry in extracted if entry.key not in committed]
    gone = [entry for entry in _messages(catalog) if entry.key not in in_code]

    problems = []
    if new:
        problems.append(
            f"{_count(len(new), 'string', 'strings')} in the code not yet in the Dutch catalogue:\n"
            f"{_listing(new, where='source')}"
        )
    if gone:
        problems.append(
            f"{_count(len(gone), 'entry', 'entries')} of the catalogue no longer in the code:\n"
            f"{_listing(gone)}"
        )
    assert not problems, "\n".join([*problems, HOW_TO_FIX])


# --- (c) The compiled catalogue is what the pages show ----------------------------------------


def _translation_of(catalog: list[Entry], msgid: str) -> str:
    (entry,) = [e for e in catalog if e.msgid == msgid and e.msgctxt is None]
    return entry.msgstr[0]


def test_the_sign_in_page_is_dutch_without_a_language_choice(catalog, db, client):
    assert COMPILED.exists(), (
        f"{COMPILED.name} is missing: run `SCHOOLPRIVACY_MODE=test uv run schoolprivacy "
        "compilemessages` (./dev test does it for you)."
    )
    dutch = _translation_of(catalog, "Sign in for staff")
    assert dutch and dutch != "Sign in for staff"

    text = client.get("/inloggen/").content.decode()

    assert '<html lang="nl">' in text
    assert dutch in text
    assert "Sign in for staff" not in text


def test_the_sign_in_page_is_english_after_switching(catalog, db, client):
    dutch = _translation_of(catalog, "Sign in for staff")

    client.post(reverse("set_language"), {"language": "en", "next": "/inloggen/"})
    text = client.get("/inloggen/").content.decode()

    assert '<html lang="en">' in text
    assert "Sign in for staff" in text
    assert dutch not in text
