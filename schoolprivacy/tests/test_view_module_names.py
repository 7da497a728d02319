"""View modules are named one way (CONTRIBUTING.md, issue 11 item 6).

An app's pages live in `views.py` while they fit in one module, and in a `views/` package of topic
modules (`consents/views/portal.py`, `web/views/audit.py`) once they do not. Never `views_*.py`,
`*_views.py`, or a `views.py` beside a `views/` package.
"""

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent
SKIPPED = {"node_modules", "__pycache__", "static", "templates", "locale"}


def misnamed_view_modules(root: Path) -> list[str]:
    """Every module under `root` named against the convention, relative to its parent."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if SKIPPED & set(path.relative_to(root).parts):
            continue
        stem = path.stem
        if stem.startswith("views_") or stem.endswith("_views"):
            found.append(str(path.relative_to(root.parent)))
        elif stem == "views" and (path.parent / "views").is_dir():
            found.append(f"{path.relative_to(root.parent)} (beside a views/ package)")
    return found


def test_every_view_module_follows_the_convention():
    misnamed = misnamed_view_modules(PACKAGE)
    assert misnamed == [], (
        "put views in views.py or in topic modules of a views/ package (CONTRIBUTING.md):\n"
        + "\n".join(misnamed)
    )


@pytest.mark.parametrize(
    ("files", "misnamed"),
    [
        (["app/views.py"], []),
        (["app/views/__init__.py", "app/views/portal.py"], []),
        (["app/views_portal.py"], ["pkg/app/views_portal.py"]),
        (["app/pupil_views.py"], ["pkg/app/pupil_views.py"]),
        (
            ["app/views.py", "app/views/__init__.py"],
            ["pkg/app/views.py (beside a views/ package)"],
        ),
        (["app/tests/views_helper.py"], ["pkg/app/tests/views_helper.py"]),
        (["app/reviews.py", "app/preview_images.py"], []),
    ],
)
def test_the_check_tells_the_convention_from_the_rest(tmp_path, files, misnamed):
    root = tmp_path / "pkg"
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("")
    assert misnamed_view_modules(root) == misnamed
