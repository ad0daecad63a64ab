"""Every view declares who may call it (core/permissions.py), and no view writes to the database itself.

The first test walks the URLconf: a view without ``@public`` or ``@permission_required`` fails it, as does a
declared permission that no ``rules.py`` defines. The second reads every view module: a call of ``.save()``,
``.create()``, ``.update()`` or ``.delete()`` on a model belongs in a service (docs/architecture.md).
"""

import ast
from pathlib import Path

import pytest
import rules
from django.urls import URLPattern, URLResolver, get_resolver

from kotacerdas.core.permissions import PUBLIC, permission_of

# Django's admin guards itself (staff only); the API's operations declare their authentication per operation
# (api/auth.py), which tests/api checks.
NOT_OURS = {"admin"}
FOREIGN_MODULES = ("ninja.",)

PACKAGE = Path(__file__).resolve().parents[2] / "kotacerdas"
WRITES = {
    "save",
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
# Receivers that are not models: a form's save() is the form's own business (a ModelForm saves the row it was
# given), and the cache, the session and the file storage are not the database's rows.
NOT_MODELS = ("form", "formset", "cache", "session", "storage")


def _views(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in NOT_OURS:
                continue
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _views(entry, ns)
        elif isinstance(entry, URLPattern):
            callback = entry.callback
            module = getattr(callback, "__module__", "") or ""
            if module.startswith(FOREIGN_MODULES):
                continue
            yield prefix + (entry.name or str(entry.pattern)), callback


def test_every_view_declares_who_may_call_it():
    undeclared = sorted(name for name, view in _views() if permission_of(view) is None)
    assert undeclared == [], f"views without @public or @permission_required: {undeclared}"


def test_every_declared_permission_exists():
    unknown = sorted(
        {
            permission_of(view)
            for _, view in _views()
            if permission_of(view) not in (None, PUBLIC) and not rules.perm_exists(permission_of(view))
        }
    )
    assert unknown == []


def _receiver_name(node: ast.expr) -> str:
    """The last name of the object a method is called on: ``form`` for ``form.save()``, ``objects`` for
    ``Model.objects.create()``, ``sheet`` for ``sheet.save()``."""
    while isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _writes_in(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
            receiver = _receiver_name(node.func.value).lower()
            if any(word in receiver for word in NOT_MODELS):
                continue
            if node.func.attr == "update" and node.args:  # dict.update({...}); QuerySet.update takes keywords
                continue
            found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} .{node.func.attr}() on {receiver}")
    return found


VIEW_MODULES = sorted(p for p in PACKAGE.glob("*/views*.py"))


def test_view_modules_are_found():
    assert len(VIEW_MODULES) > 10


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_views_do_not_write_to_the_database(path):
    assert _writes_in(path) == []
