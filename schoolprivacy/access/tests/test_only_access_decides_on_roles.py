"""Only the `access` app decides on roles (design.md contract 2; issue 11 §3).

Walks the source of every other app and fails on code that looks at roles itself: comparing with
`Role.<X>` (or with a module constant that lists roles), calling `has_role`, reading
`schools_by_role` or `board_roles`, or importing the assignment scope (`scope_for`, `Scope`,
`role_holders`, `BOARD_ROLES`). Such code asks `access.policy` or
`access.duties` instead. Roles used as data (the register's "who has access" lists, labels) are
fine: they decide nothing.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the schoolprivacy package

# Parts of the tree that are not product code deciding access.
SKIPPED_PARTS = {"access", "migrations", "tests", "testing"}
# Demo data: decides which demo persona gets which seat, not who may see what.
SKIPPED_FILES = {"conftest.py"}
SKIPPED_TOP = {"demo"}

# `current_assignments` stays allowed: pages list a user's own assignments, deciding nothing.
SCOPE_NAMES = {"scope_for", "Scope", "role_holders", "BOARD_ROLES"}
ROLE_ATTRIBUTES = {"has_role", "schools_by_role", "board_roles"}


def _is_role(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Role"
    )


def _role_collections(tree: ast.Module) -> set[str]:
    """Module constants bound to a literal collection of roles, such as PAPER_ROLES."""
    names: set[str] = set()
    for node in tree.body:
        if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
            continue
        if any(_is_role(child) for child in ast.walk(node.value)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def role_decisions(source: str) -> list[str]:
    """Lines of `source` that decide on roles, as "line: what"."""
    tree = ast.parse(source)
    collections = _role_collections(tree)
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "schoolprivacy.access"
        ):
            for alias in node.names:
                if alias.name in SCOPE_NAMES:
                    found.append(f"{node.lineno}: imports {alias.name}")
        elif isinstance(node, ast.Attribute) and node.attr in ROLE_ATTRIBUTES:
            found.append(f"{node.lineno}: reads .{node.attr}")
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for operand in operands:
                parts = list(ast.walk(operand))
                if any(_is_role(p) for p in parts) or any(
                    isinstance(p, ast.Name) and p.id in collections for p in parts
                ):
                    found.append(f"{node.lineno}: compares with a role")
                    break
    return found


def _product_modules() -> list[Path]:
    modules = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in SKIPPED_TOP or path.name in SKIPPED_FILES:
            continue
        if SKIPPED_PARTS & set(relative.parts):
            continue
        modules.append(path)
    return modules


def test_the_walk_covers_the_apps():
    apps = {p.relative_to(ROOT).parts[0] for p in _product_modules()}
    assert {"consents", "photos", "imports", "web", "portal", "register", "people"} <= apps


def test_no_module_outside_access_decides_on_roles():
    offenders = {
        str(path.relative_to(ROOT)): hits
        for path in _product_modules()
        if (hits := role_decisions(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "ask access.policy or access.duties instead"


@pytest.mark.parametrize(
    "snippet",
    [
        "from schoolprivacy.access.selectors import scope_for\n",
        "ok = scope.has_role(x)\n",
        "ids = scope.schools_by_role.get(r)\n",
        "if role == Role.TEACHER:\n    pass\n",
        "if Role.ADMINISTRATION in roles:\n    pass\n",
        "PAPER = (Role.ADMINISTRATION, Role.LOCATION_DIRECTOR)\nok = role in PAPER\n",
    ],
)
def test_the_check_recognises_a_role_decision(snippet):
    assert role_decisions(snippet)


def test_roles_as_data_are_fine():
    source = "ACTIVITY = dict(access_roles=(Role.TEACHER, Role.ADMINISTRATION))\n"
    assert role_decisions(source) == []
