"""Every audit subject type in product code comes from `audit.subjects` (decision 0021).

A literal at a call site is how the two vocabularies of issue 11 came about: one app wrote
"pupil", another "people.pupil", and the readers found half of the events. This scan refuses a
string literal wherever a subject type is given or filtered on.
"""

import ast
from pathlib import Path

import pytest

from schoolprivacy.audit import subjects
from schoolprivacy.audit.services import AuditError, Subject

PRODUCT = Path(subjects.__file__).resolve().parents[1]
# Keyword arguments and parameters that carry a subject type.
TYPE_KEYWORDS = {"subject_type", "subject_rows__subject_type", "subject_type__in"}


def _product_files() -> list[Path]:
    return sorted(
        path
        for path in PRODUCT.rglob("*.py")
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and path != Path(subjects.__file__).resolve()
    )


def _is_text(node: ast.AST | None) -> bool:
    """A string literal, also as a branch of `x if c else y` or `x or y`; the empty string means
    "any type" in a filter."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value != ""
    if isinstance(node, ast.IfExp):
        return _is_text(node.body) or _is_text(node.orelse)
    if isinstance(node, ast.BoolOp):
        return any(_is_text(value) for value in node.values)
    return False


def literal_subject_types(source: str) -> list[int]:
    """Line numbers where a subject type is written as a string literal."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name == "Subject" and node.args and _is_text(node.args[0]):
                lines.append(node.lineno)
            lines += [
                kw.value.lineno
                for kw in node.keywords
                if (kw.arg in TYPE_KEYWORDS or (name == "Subject" and kw.arg == "type"))
                and _is_text(kw.value)
            ]
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args.args + node.args.kwonlyargs
            defaults: list[ast.expr | None] = [None] * (
                len(node.args.args) - len(node.args.defaults)
            )
            defaults += [*node.args.defaults, *node.args.kw_defaults]
            lines += [
                default.lineno
                for argument, default in zip(arguments, defaults, strict=True)
                if argument.arg in TYPE_KEYWORDS and default is not None and _is_text(default)
            ]
    return lines


def test_no_product_code_writes_a_subject_type_as_a_literal() -> None:
    found = [
        f"{path.relative_to(PRODUCT.parent)}:{line}"
        for path in _product_files()
        for line in literal_subject_types(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "Use a constant from schoolprivacy.audit.subjects: " + ", ".join(found)


@pytest.mark.parametrize(
    "source",
    [
        'Subject("pupil", 1)',
        'Subject(type="people.pupil", id=1)',
        'services.Subject("people.pupil", 1)',
        'AuditSubject.objects.filter(subject_type="pupil", subject_id=1)',
        'events.filter(subject_rows__subject_type="pupil")',
        'audit_batches(action="x.y.z", ids=[], subject_type="group")',
        'def audit_batches(*, subject_type: str = "pupil") -> None: ...',
        'def audit_batches(ids, subject_type="pupil"): ...',
        'EventFilter(subject_type="pupil" if pupil is not None else "")',
    ],
)
def test_the_scan_notices_a_literal(source: str) -> None:
    assert literal_subject_types(source) == [1]


@pytest.mark.parametrize(
    "source",
    [
        "Subject(subject_types.PUPIL, 1)",
        "Subject(subject_types.for_model(obj), obj.pk)",
        "AuditSubject.objects.filter(subject_type=subject_types.PUPIL)",
        'EventFilter(subject_type=subject_types.PUPIL if pupil is not None else "")',
        "def audit_batches(*, subject_type: str = subject_types.PUPIL) -> None: ...",
    ],
)
def test_the_scan_lets_constants_through(source: str) -> None:
    assert literal_subject_types(source) == []


def test_the_product_has_files_to_scan() -> None:
    names = {path.name for path in _product_files()}
    assert {"services.py", "reads.py", "read_log.py", "audit_events.py"} <= names


def test_a_short_name_is_refused_when_recorded() -> None:
    # Computed types (the privacy registry's kinds, the admin's models) escape the scan; the
    # Subject itself refuses anything that is not app.model.
    with pytest.raises(AuditError, match=r"not app\.model"):
        Subject("pupil", 1)
    assert Subject(subjects.PUPIL, 1).as_dict() == {"type": "people.pupil", "id": 1}


def test_every_constant_is_an_app_and_model_label() -> None:
    values = [v for k, v in vars(subjects).items() if k.isupper() and isinstance(v, str)]
    assert len(values) >= 20
    assert all(subjects.SUBJECT_TYPE.match(v) for v in values)
    assert set(subjects.LEGACY_TYPES.values()) <= set(values)
    assert set(subjects.LABELS) <= set(values)
