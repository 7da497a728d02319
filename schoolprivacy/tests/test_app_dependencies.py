"""Apps depend downward only: the dependency direction of design.md section 3, as data.

Every `import` of a product module (tests and migrations aside, at any depth in the module, also
inside functions) is read from the source with `ast`; an import of another app that the table
below does not allow fails this test. Decision 0019 says where the table departs from design.md
and why.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent

# Project modules and packages below every app: framework-free helpers (`lib`), the encrypted
# field, the privacy registry and the data-category taxonomy it speaks in. They import no app.
# `capabilities`: what the running system does, which the statement's promises are checked
# against (issue 17); like the privacy registry it finds the apps' modules, it imports none.
FOUNDATIONS = frozenset(
    {
        "lib",
        "encryption",
        "privacy_registry",
        "privacy_batches",  # helpers for the apps' batch erasers, beside the registry
        "taxonomy",
        "attention",
        "capabilities",
    }
)

# The entry points compose everything (settings mounts apps, urls mounts their urls).
ENTRY_POINTS = frozenset({"settings", "urls", "wsgi", "__main__", "conftest", "testing", "tests"})

AUDIT = frozenset({"audit"})
# Sign-in is the lowest app above the log: every page and selector types its acting user.
ACCOUNTS = AUDIT | {"accounts"}
SCHOOLS = ACCOUNTS | {"schools"}
PEOPLE = SCHOOLS | {"people"}
ACCESS = PEOPLE | {"access"}
# What every domain app may use: the policy and the register on top of the tenant and people.
DOMAIN_BASE = ACCESS | {"register"}
ANYTHING = frozenset({"*"})

# app -> the apps it may import (besides itself and the foundations).
MAY_IMPORT: dict[str, frozenset[str]] = {
    "audit": frozenset(),  # imports no app
    "accounts": AUDIT,
    "schools": ACCOUNTS,
    "people": SCHOOLS,
    "access": PEOPLE,  # decides with the taxonomy (a foundation), never with the register
    "signon": ACCESS,  # staff single sign-on: a way into accounts, below the domain apps
    "register": ACCESS,  # describes which roles process what; the officer's pages ask access
    "dossier": DOMAIN_BASE,
    "consents": DOMAIN_BASE,
    "imports": DOMAIN_BASE | {"dossier"},  # writes education numbers sealed by the dossier
    "photos": DOMAIN_BASE | {"consents"},  # the publication gate follows the consent ledger
    # Videos share the photos' events, channels, storage and face detector (decision 0034).
    "videos": DOMAIN_BASE | {"consents", "photos"},
    # Roster exports leave out pupils whose guardians refused a consent the agreement needs;
    # the ECK iD is computed from the education number the dossier seals.
    "suppliers": DOMAIN_BASE | {"consents", "dossier"},
    # A disclosure without a legal obligation needs a valid consent for recipient and purpose.
    "disclosures": DOMAIN_BASE | {"consents"},
    "policies": DOMAIN_BASE,
    # Composition: they put the apps above together for people and machines.
    "portal": ANYTHING,
    "api": ANYTHING,
    "web": ANYTHING,
    "demo": ANYTHING,
    # Backup and restore (decision 0043): a restore ends with the audit check and the replay of
    # the erasure log, and keeps erased people's IDs (people, accounts) from being given out again.
    "backups": PEOPLE | {"retention"},
}
# Requests, retention and breaches read every app's personal data through its privacy.py (the
# registry, contract 4) and nothing else of it.
PRIVACY_READERS = frozenset({"requests", "retention", "breaches"})
# ... and besides: an erasure request is carried out by the erasure engine, which lives in
# `retention` with the purge (both erase through every app's `erase`, both keep a log).
PRIVACY_READER_EXTRA: dict[str, frozenset[str]] = {"requests": frozenset({"retention"})}


# Upward imports still in the code, each (importing module, imported module). Empty since the
# admin pages of accounts, schools and people moved into `access/admin/` (decision 0019). Nothing
# may be added here; a fixed entry must be removed (test_every_known_exception_is_still_needed).
KNOWN_UPWARD: frozenset[tuple[str, str]] = frozenset()


def product_modules() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if {"tests", "migrations"} & set(parts) or parts[0] in {"testing", "conftest.py"}:
            continue
        yield path


def owner(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imported_modules(source: str, package: str) -> Iterator[tuple[int, str]]:
    """Every module (or name in a module) that a source imports, dotted, with its line number."""
    tree = ast.parse(source)
    guarded = type_checking_only(tree)
    for node in ast.walk(tree):
        if node in guarded:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from schoolprivacy.photos import privacy` names the module photos.privacy.
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def type_checking_only(tree: ast.Module) -> set[ast.AST]:
    """Nodes under `if TYPE_CHECKING:`: annotations only (say, of a reverse relation), no runtime
    dependency. They are still kept few; see decision 0019."""
    guarded: set[ast.AST] = set()
    for node in ast.walk(tree):
        test = node.test if isinstance(node, ast.If) else None
        name = getattr(test, "id", None) or getattr(test, "attr", None)
        if name == "TYPE_CHECKING":
            for statement in node.body:  # type: ignore[attr-defined]
                guarded.update(ast.walk(statement))
    return guarded


def upward_imports(importer: str, source: str, package: str) -> Iterator[tuple[int, str]]:
    """The imports in `source` (a module of app `importer`) that the table does not allow."""
    if importer in ENTRY_POINTS:
        return
    for line, module in imported_modules(source, package):
        parts = module.split(".")
        if parts[0] != "schoolprivacy" or len(parts) < 2:
            continue
        target = parts[1]
        if target == importer or target in FOUNDATIONS:
            if importer in FOUNDATIONS and target not in FOUNDATIONS:
                yield line, module
            continue
        if importer in PRIVACY_READERS:
            if len(parts) > 2 and parts[2] == "privacy":
                continue
            allowed = DOMAIN_BASE | PRIVACY_READER_EXTRA.get(importer, frozenset())
        else:
            allowed = MAY_IMPORT.get(importer, frozenset())
        if "*" not in allowed and target not in allowed:
            yield line, module


def module_name(path: Path) -> str:
    return ".".join(("schoolprivacy", *path.relative_to(PACKAGE).with_suffix("").parts))


def upward_imports_of(path: Path) -> Iterator[str]:
    package = ".".join(("schoolprivacy", *path.relative_to(PACKAGE).parent.parts))
    where = path.relative_to(PACKAGE.parent)
    for line, module in upward_imports(owner(path), path.read_text(), package):
        if not any(
            module_name(path) == importer and module.startswith(f"{imported}.")
            for importer, imported in KNOWN_UPWARD
        ):
            yield f"{where}:{line} {owner(path)} imports {module}"


def test_every_app_has_a_place_in_the_dependency_table():
    apps = {owner(p) for p in PACKAGE.iterdir() if (p / "apps.py").exists()}
    unplaced = apps - MAY_IMPORT.keys() - PRIVACY_READERS
    assert not unplaced, f"add these apps to MAY_IMPORT (and to design.md): {sorted(unplaced)}"


def test_no_app_imports_upward():
    upward = [problem for path in product_modules() for problem in upward_imports_of(path)]
    assert upward == [], "imports against the dependency direction:\n" + "\n".join(upward)


def test_every_known_exception_is_still_needed():
    still_there = {
        (module_name(path), imported)
        for path in product_modules()
        for _, module in upward_imports(
            owner(path), path.read_text(), module_name(path).rpartition(".")[0]
        )
        for importer, imported in KNOWN_UPWARD
        if module_name(path) == importer and module.startswith(f"{imported}.")
    }
    assert KNOWN_UPWARD - still_there == set(), "fixed: remove these from KNOWN_UPWARD"


def test_the_table_has_no_cycles():
    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        below = MAY_IMPORT.get(start, frozenset()) - {"*"}
        return goal in below or any(
            reaches(app, goal, seen | {start}) for app in below - seen if app != start
        )

    cyclic = [app for app in MAY_IMPORT if reaches(app, app)]
    assert cyclic == []


@pytest.mark.parametrize(
    ("importer", "source", "upward"),
    [
        ("people", "from schoolprivacy.access.selectors import scope_for\n", True),
        ("schools", "def f():\n    from schoolprivacy import access\n", True),
        ("audit", "import schoolprivacy.schools.models\n", True),
        ("dossier", "from schoolprivacy.imports import kept\n", True),
        ("access", "from schoolprivacy.register.models import ProcessingActivity\n", True),
        ("lib", "from schoolprivacy.audit.services import audit_record\n", True),
        ("encryption", "from schoolprivacy.lib import sealed\n", False),
        ("consents", "from schoolprivacy.web.decorators import staff_required\n", True),
        ("photos", "from .selectors import photos_of_pupil\n", False),
        ("register", "from ..access.models import Role\n", False),
        ("access", "from ..register.models import ProcessingActivity\n", True),
        ("people", "from schoolprivacy.schools.models import Group\n", False),
        (
            "accounts",
            "if TYPE_CHECKING:\n    from schoolprivacy.people.models import Guardian\n",
            False,
        ),
        ("accounts", "def f():\n    from schoolprivacy.people.models import Guardian\n", True),
        ("photos", "from schoolprivacy.consents.selectors import consent_status\n", False),
        ("access", "from schoolprivacy import taxonomy\n", False),
        ("retention", "from schoolprivacy.photos import privacy\n", False),
        ("retention", "from schoolprivacy.photos.models import Photo\n", True),
        ("web", "from schoolprivacy.dossier.selectors import dossier_for\n", False),
    ],
)
def test_the_checker_tells_downward_from_upward(importer, source, upward):
    found = list(upward_imports(importer, source, f"schoolprivacy.{importer}"))
    assert bool(found) is upward, found
