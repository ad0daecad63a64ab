"""Every free-text field has a maximum length, so a pasted 12,000-character word cannot be stored where a page
shows it (issue 16 §4). The model's limit serves the ModelForms; forms that are not ModelForms carry their own.

Fields written only by the system (audit values, error texts, snapshots) are listed in ``SYSTEM_TEXT``: nobody
types them in a form.
"""

import importlib
import inspect
import pkgutil

from django import forms
from django.apps import apps
from django.db import models

import kotacerdas

SYSTEM_TEXT = {
    ("core", "auditentry", "old_value"),
    ("core", "auditentry", "new_value"),
    ("core", "auditentry", "note"),
    ("masterplans", "documentjob", "error"),
    ("scheduling", "scheduleproposal", "error"),
}
# Form fields that hold no free text: the spam trap (must stay empty) and the log-in password.
NOT_FREE_TEXT = {
    ("kotacerdas.news.forms", "fax"),
    ("kotacerdas.accounts.forms", "password"),
}


def _project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("kotacerdas.")]


def _project_forms():
    found = []
    for info in pkgutil.walk_packages(kotacerdas.__path__, "kotacerdas."):
        if ".migrations" in info.name or ".management" in info.name:
            continue
        module = importlib.import_module(info.name)
        for _name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                found.append(obj)
    return found


def test_every_typed_text_field_of_a_model_has_a_maximum_length():
    unlimited = [
        (m._meta.app_label, m._meta.model_name, f.name)
        for m in _project_models()
        for f in m._meta.concrete_fields
        if isinstance(f, models.TextField | models.CharField) and f.max_length is None
    ]

    assert sorted(set(unlimited) - SYSTEM_TEXT) == []


def test_every_text_field_of_a_form_has_a_maximum_length():
    unlimited = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _project_forms()
        for name, field in form.base_fields.items()
        if type(field) is forms.CharField
        and not isinstance(field.widget, forms.HiddenInput)
        and field.max_length is None
        and (form.__module__, name) not in NOT_FREE_TEXT
    ]

    assert unlimited == []


def test_limits_fit_real_content():
    """The limits chosen for issue 16 (a masterplan section 20,000, a comment 4,000, a note 2,000)."""
    limit = {
        label: apps.get_model(app, model)._meta.get_field(field).max_length
        for label, (app, model, field) in {
            "masterplan section": ("masterplans", "section", "body"),
            "masterplan comment": ("masterplans", "comment", "body"),
            "score comment": ("evaluations", "score", "comment"),
            "general comment": ("evaluations", "scoresheet", "general_comment"),
            "news text": ("news", "post", "body"),
            "public comment": ("news", "postcomment", "text"),
            "delay reason": ("monitoring", "progressreport", "delay_reason"),
            "verification note": ("monitoring", "indicatorvalue", "verification_note"),
        }.items()
    }

    assert limit == {
        "masterplan section": 20000,
        "masterplan comment": 4000,
        "score comment": 4000,
        "general comment": 4000,
        "news text": 20000,
        "public comment": 2000,
        "delay reason": 2000,
        "verification note": 2000,
    }
