"""Every audited action has a label in words: no page shows a raw code such as ``implementation.round_created``.

The action codes are read from the source: every call of ``audit.record`` in the package, its first argument a
string, a choice between strings, or a module-level name (or dict) holding them.
"""

import ast
import importlib
from pathlib import Path

import pytest
from django.urls import reverse

from kotacerdas.core import audit
from tests.factories import CohortFactory, UserFactory

PACKAGE = Path(__file__).resolve().parents[2] / "kotacerdas"


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def _record_names(tree: ast.Module) -> tuple[set, set]:
    """The names a module calls ``audit.record`` by: modules bound to core.audit, functions bound to record."""
    modules, functions = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "kotacerdas.core":
            modules |= {a.asname or a.name for a in node.names if a.name == "audit"}
        elif isinstance(node, ast.ImportFrom) and node.module == "kotacerdas.core.audit":
            functions |= {a.asname or a.name for a in node.names if a.name == "record"}
        elif isinstance(node, ast.Import):
            modules |= {a.asname for a in node.names if a.name == "kotacerdas.core.audit" and a.asname}
    return modules, functions


def _codes(expression: ast.expr, path: Path) -> list[str]:
    """The action codes an expression can take."""
    if isinstance(expression, ast.Constant) and isinstance(expression.value, str):
        return [expression.value]
    if isinstance(expression, ast.IfExp):
        return _codes(expression.body, path) + _codes(expression.orelse, path)
    if isinstance(expression, ast.Subscript) and isinstance(expression.value, ast.Name):
        mapping = getattr(importlib.import_module(_module_name(path)), expression.value.id)
        return list(mapping.values())
    if isinstance(expression, ast.Name):
        return [getattr(importlib.import_module(_module_name(path)), expression.id)]
    raise AssertionError(
        f"{path}:{expression.lineno}: write the audit action as a string literal (or a module-level name) "
        "so this test can check that it has a label"
    )


def recorded_actions() -> dict[str, str]:
    """Action code -> where it is first recorded (file:line), for every ``audit.record`` call in the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules, functions = _record_names(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            by_module = (
                isinstance(func, ast.Attribute)
                and func.attr == "record"
                and isinstance(func.value, ast.Name)
                and func.value.id in modules
            )
            by_name = isinstance(func, ast.Name) and func.id in functions
            if by_module or by_name:
                for code in _codes(node.args[0], path):
                    found.setdefault(code, f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def test_source_scan_finds_the_recorded_actions():
    actions = recorded_actions()

    # A scan that found nothing would make the next test pass for the wrong reason.
    assert {"masterplan.status", "implementation.round_created", "news.comment_moderated"} <= set(actions)
    assert len(actions) >= 40


def test_every_recorded_action_has_a_label():
    unlabelled = {
        code: where for code, where in recorded_actions().items() if audit.action_label(code) == code
    }

    assert unlabelled == {}, "register a label in the app's AppConfig.ready() (core/audit.register_actions)"


def test_every_action_label_is_in_words():
    labels = {code: str(audit.action_label(code)) for code in recorded_actions()}

    assert [code for code, label in labels.items() if "." in label or "_" in label] == []


@pytest.mark.django_db
def test_dashboard_and_audit_trail_name_actions_in_words(client):
    secretariat = UserFactory(is_secretariat=True)
    CohortFactory()  # the secretariat's dashboard shows recent activity beside its cohorts
    rnd = UserFactory()  # any object will do as the target
    audit.record("implementation.round_created", target=rnd, by=secretariat, new="2025")
    audit.record(
        "implementation.round_status",
        target=rnd,
        by=secretariat,
        field="status",
        old="self_assessment",
        new="validation",
    )
    client.force_login(secretariat)

    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    trail = client.get(reverse("portal:audit_log")).content.decode()

    for page in (dashboard, trail):
        assert "implementation.round_created" not in page.replace('value="implementation.round_created"', "")
        assert "Putaran evaluasi implementasi dibuat" in page
    assert "(Penilaian mandiri → Validasi oleh evaluator)" in dashboard
    assert (
        '<option value="implementation.round_created">Putaran evaluasi implementasi dibuat</option>' in trail
    )
