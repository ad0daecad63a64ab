"""What changed between two masterplan snapshots (see ``snapshot.take_snapshot``).

Pure functions over plain data: no database, no HTML. Text is compared word by word and returned as
segments (equal / insert / delete) that templates render with ``<ins>`` and ``<del>``; the text of a
segment is the user's own text, left for the template to escape.
"""

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from typing import Any

from diff_match_patch import diff_match_patch
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.numbers_format import format_number
from kotacerdas.masterplans import models as m

EQUAL, INSERT, DELETE = "equal", "insert", "delete"

SECTION_KEYS = ["introduction", "profile", "vision", "closing"]

# The row lists of a snapshot, in the order of the masterplan, with the model each comes from.
LIST_MODELS = {
    "key_figures": m.KeyFigure,
    "aspects": m.AspectAnalysis,
    "swot": m.SwotItem,
    "gaps": m.GapRow,
    "dimension_readiness": m.DimensionReadiness,
    "vision_keywords": m.VisionKeyword,
    "strategic_issues": m.StrategicIssue,
    "missions": m.Mission,
    "objectives": m.Objective,
    "goals": m.Goal,
    "strategies": m.Strategy,
    "programmes": m.MasterplanProgramme,
    "action_steps": m.ActionStep,
}
LIST_KEYS = list(LIST_MODELS)

# The field that names a row in a list of changes.
ROW_LABEL_FIELDS = {
    "key_figures": "label",
    "aspects": "aspect",
    "swot": "text",
    "gaps": "gap",
    "dimension_readiness": "dimension",
    "vision_keywords": "word",
    "strategic_issues": "text",
    "missions": "text",
    "objectives": "text",
    "goals": "text",
    "strategies": "title",
    "programmes": "name",
    "action_steps": "description",
}

# Free-text fields: a change to one of them also carries a word-level diff.
LONG_TEXT_FIELDS = {
    "summary",
    "text",
    "current_state",
    "target_state",
    "gap",
    "action",
    "note",
    "description",
    "output",
    "outcome",
    "expected_benefit",
    "explanation",
}

# Decimal values, stored as strings: compared by value and shown without an exponent ("5E+3" is 5000).
NUMERIC_FIELDS = {"value", "budget", "baseline_value", "target_value"}

# Snapshot keys that only link a row to its parent (the parent's text, which is compared, says the same).
HIDDEN_FIELDS = {"mission_id", "objective_id", "goal_id", "swot_ids"}

# Snapshot keys that are not a field of the row's model.
EXTRA_FIELD_LABELS = {
    "dimension": _("dimension"),
    "indicators": _("indicators"),
    "level": _("readiness level"),
    "swot": _("drawn from (SWOT)"),
}


@dataclass(frozen=True)
class Segment:
    kind: str  # EQUAL, INSERT or DELETE
    text: str

    @property
    def is_insert(self) -> bool:
        return self.kind == INSERT

    @property
    def is_delete(self) -> bool:
        return self.kind == DELETE


@dataclass(frozen=True)
class TextDiff:
    old: str
    new: str
    segments: list[Segment]

    @property
    def changed(self) -> bool:
        return self.old != self.new

    def as_html(self) -> SafeString:
        """The segments as HTML, every piece of text escaped."""
        return format_html_join(
            "",
            "{}",
            ((_segment_html(s),) for s in self.segments),
        )


def _segment_html(segment: Segment) -> SafeString:
    if segment.kind == INSERT:
        return format_html("<ins>{}</ins>", segment.text)
    if segment.kind == DELETE:
        return format_html("<del>{}</del>", segment.text)
    return format_html("{}", segment.text)


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any
    label: Any = ""
    diff: TextDiff | None = None  # for long text fields

    @property
    def old_display(self) -> str:
        return display_value(self.old, self.field)

    @property
    def new_display(self) -> str:
        return display_value(self.new, self.field)


@dataclass(frozen=True)
class RowChange:
    id: Any
    old: dict
    new: dict
    fields: list[FieldChange]
    label: str = ""

    @property
    def field_names(self) -> list[str]:
        return [f.field for f in self.fields]

    @property
    def by_field(self) -> dict[str, FieldChange]:
        return {f.field: f for f in self.fields}


@dataclass(frozen=True)
class ListDiff:
    key: str
    label: Any
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    @property
    def added_labels(self) -> list[str]:
        return [row_label(self.key, r) for r in self.added]

    @property
    def removed_labels(self) -> list[str]:
        return [row_label(self.key, r) for r in self.removed]


@dataclass(frozen=True)
class ListSummary:
    key: str
    label: Any
    added: int
    removed: int
    changed: int
    unchanged: int

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class SectionDiff:
    key: str
    label: Any
    diff: TextDiff

    @property
    def changed(self) -> bool:
        return self.diff.changed


@dataclass(frozen=True)
class Comparison:
    meta: list[FieldChange]
    sections: list[SectionDiff]
    lists: dict[str, ListDiff]

    @property
    def changed_sections(self) -> list[SectionDiff]:
        return [s for s in self.sections if s.changed]

    @property
    def summary(self) -> list[ListSummary]:
        return [
            ListSummary(d.key, d.label, len(d.added), len(d.removed), len(d.changed), d.unchanged)
            for d in self.lists.values()
        ]

    @property
    def has_changes(self) -> bool:
        return bool(self.meta or self.changed_sections or any(d.has_changes for d in self.lists.values()))


# Words -----------------------------------------------------------------------------------------------


_WORD = re.compile(r"(\s*)(\S+)")


def _tokens(text: str) -> tuple[list[tuple[str, str]], str]:
    """(whitespace before, word) pairs and the whitespace after the last word."""
    pairs = [(mt.group(1), mt.group(2)) for mt in _WORD.finditer(text)]
    consumed = sum(len(a) + len(b) for a, b in pairs)
    return pairs, text[consumed:]


def _join(pairs: list[tuple[str, str]]) -> tuple[str, str]:
    """The leading whitespace of a run of words, and the run itself."""
    if not pairs:
        return "", ""
    lead = pairs[0][0]
    body = pairs[0][1] + "".join(ws + word for ws, word in pairs[1:])
    return lead, body


# Up to this many word pairs (old words × new words) difflib compares: its result reads best, but its work grows
# faster than the square of the length on repetitive text ("a a a …" against "a c a c …": 1.200 words took 71 s).
SMALL_DIFF_PAIRS = 10_000
# Longer texts go to diff-match-patch (Myers' algorithm), which stops refining after this many seconds and then
# marks the rest of the changed stretch as replaced whole: still a correct comparison, only coarser.
DIFF_SECONDS = 1.0


def word_opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes (tag, i1, i2, j1, j2) turning the word list ``old`` into ``new``, in bounded time
    (bench/diff_worst_case.py measures the worst case)."""
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    old_mid, new_mid = old[prefix : len(old) - suffix], new[prefix : len(new) - suffix]
    if len(old_mid) * len(new_mid) <= SMALL_DIFF_PAIRS:
        middle = SequenceMatcher(None, old_mid, new_mid, autojunk=False).get_opcodes()
    else:
        middle = _myers_opcodes(old_mid, new_mid)
    opcodes = [("equal", 0, prefix, 0, prefix)] if prefix else []
    opcodes += [(tag, i1 + prefix, i2 + prefix, j1 + prefix, j2 + prefix) for tag, i1, i2, j1, j2 in middle]
    if suffix:
        opcodes.append(("equal", len(old) - suffix, len(old), len(new) - suffix, len(new)))
    return opcodes


def _myers_opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    # diff-match-patch compares characters: give each distinct word a character of its own (private-use
    # planes, so no real text character is reused), compare, and read the result back as word ranges.
    codes: dict[str, str] = {}

    def encode(words: list[str]) -> str:
        return "".join(codes.setdefault(w, chr(0xF0000 + len(codes))) for w in words)

    matcher = diff_match_patch()
    matcher.Diff_Timeout = DIFF_SECONDS
    opcodes: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for op, text in matcher.diff_main(encode(old), encode(new), checklines=False):
        size = len(text)
        if op == diff_match_patch.DIFF_EQUAL:
            opcodes.append(("equal", i, i + size, j, j + size))
            i, j = i + size, j + size
        elif op == diff_match_patch.DIFF_DELETE:
            opcodes.append(("delete", i, i + size, j, j))
            i += size
        else:
            opcodes.append(("insert", i, i, j, j + size))
            j += size
    return opcodes


def diff_words(old: str | None, new: str | None) -> TextDiff:
    """A word-level diff of two texts. Whitespace never counts as a change; equal and inserted text keep
    the new text's spacing, deleted text its old spacing."""
    old, new = old or "", new or ""
    old_pairs, _old_tail = _tokens(old)
    new_pairs, new_tail = _tokens(new)
    raw: list[Segment] = []
    for op, i1, i2, j1, j2 in word_opcodes([w for _ws, w in old_pairs], [w for _ws, w in new_pairs]):
        if op == "equal":
            lead, body = _join(new_pairs[j1:j2])
            raw.append(Segment(EQUAL, lead + body))
            continue
        if op in ("delete", "replace"):
            lead, body = _join(old_pairs[i1:i2])
            raw += [Segment(EQUAL, lead), Segment(DELETE, body)]
        if op in ("insert", "replace"):
            lead, body = _join(new_pairs[j1:j2])
            raw += [Segment(EQUAL, lead), Segment(INSERT, body)]
    raw.append(Segment(EQUAL, new_tail))
    return TextDiff(old=old, new=new, segments=_tidy(raw))


def _tidy(raw: list[Segment]) -> list[Segment]:
    """Drop empty segments, keep a space between a change and the word next to it, merge neighbours."""
    segments = [s for s in raw if s.text]
    spaced: list[Segment] = []
    for segment in segments:
        if spaced:
            prev = spaced[-1]
            touching = not prev.text[-1].isspace() and not segment.text[0].isspace()
            if touching and (prev.kind != EQUAL or segment.kind != EQUAL):
                spaced.append(Segment(EQUAL, " "))
        spaced.append(segment)
    merged: list[Segment] = []
    for segment in spaced:
        if merged and merged[-1].kind == segment.kind:
            merged[-1] = Segment(segment.kind, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


# Values and labels ------------------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _plain_number(value: Any) -> Any:
    number = _decimal(value)
    return value if number is None else format(number, "f")


def _comparable(name: str, value: Any) -> Any:
    """A value as compared: numbers by their value, indicators with their numbers likewise."""
    if name in NUMERIC_FIELDS:
        number = _decimal(value)
        return value if number is None else number
    if isinstance(value, list):
        return [{k: _comparable(k, v) for k, v in i.items()} if isinstance(i, dict) else i for i in value]
    return value


def display_value(value: Any, name: str = "") -> str:
    """A snapshot value as one line of text (indicators, lists, yes/no, empty)."""
    if name in NUMERIC_FIELDS and (number := _decimal(value)) is not None:
        return format_number(number)  # 55.0000 → 55, grouped in the active language
    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return str(_("Yes"))
    if value is False:
        return str(_("No"))
    if isinstance(value, list):
        return "; ".join(_indicator_text(v) if isinstance(v, dict) else display_value(v) for v in value)
    if isinstance(value, dict):
        return _indicator_text(value)
    return str(value)


def _indicator_text(ind: dict) -> str:
    if "name" not in ind:
        return json.dumps(ind, ensure_ascii=False, sort_keys=True)
    unit = f" {ind['unit']}" if ind.get("unit") else ""
    baseline, target = _plain_number(ind.get("baseline_value")), _plain_number(ind.get("target_value"))
    return (
        f"{ind['name']}: {baseline}{unit} ({ind.get('baseline_year')}) → "
        f"{target}{unit} ({ind.get('target_year')})"
    )


def field_label(list_key: str, name: str):
    model = LIST_MODELS.get(list_key)
    if name in EXTRA_FIELD_LABELS:
        return EXTRA_FIELD_LABELS[name]
    if model is not None:
        try:
            return model._meta.get_field(name).verbose_name
        except FieldDoesNotExist:
            pass
    return name.replace("_", " ")


def list_label(list_key: str):
    model = LIST_MODELS.get(list_key)
    return model._meta.verbose_name_plural if model is not None else list_key.replace("_", " ")


def section_label(key: str):
    try:
        return m.SectionKey(key).label
    except ValueError:
        return key.replace("_", " ")


def row_label(list_key: str, row: dict) -> str:
    value = row.get(ROW_LABEL_FIELDS.get(list_key, ""), "")
    return display_value(value) if value not in (None, "") else f"#{row.get('id', '?')}"


# Comparison -------------------------------------------------------------------------------------------


def _row_key(row: dict):
    row_id = row.get("id")
    if row_id is not None:
        return ("id", row_id)
    return ("content", json.dumps(row, sort_keys=True, default=str))


def _field_names(old: dict, new: dict) -> list[str]:
    names = [k for k in old if k != "id" and k not in HIDDEN_FIELDS]
    names += [k for k in new if k != "id" and k not in old and k not in HIDDEN_FIELDS]
    return names


def compare_rows(list_key: str, old_rows: list[dict], new_rows: list[dict]) -> ListDiff:
    old_by_key = {_row_key(r): r for r in old_rows}
    new_keys = {_row_key(r) for r in new_rows}
    added, changed, unchanged = [], [], 0
    for row in new_rows:
        before = old_by_key.get(_row_key(row))
        if before is None:
            added.append(row)
            continue
        fields = []
        for name in _field_names(before, row):
            a, b = before.get(name), row.get(name)
            if _comparable(name, a) == _comparable(name, b):
                continue
            text_diff = None
            if name in LONG_TEXT_FIELDS and isinstance(a or "", str) and isinstance(b or "", str):
                text_diff = diff_words(a, b)
            fields.append(FieldChange(name, a, b, label=field_label(list_key, name), diff=text_diff))
        if fields:
            changed.append(RowChange(row.get("id"), before, row, fields, label=row_label(list_key, row)))
        else:
            unchanged += 1
    removed = [r for r in old_rows if _row_key(r) not in new_keys]
    return ListDiff(list_key, list_label(list_key), added, removed, changed, unchanged)


def _period_text(period) -> str:
    if not period:
        return "—"
    start, end = (list(period) + [None, None])[:2]
    return f"{start}–{end}"


def compare_snapshots(old: dict, new: dict) -> Comparison:
    """Everything that changed from ``old`` to ``new`` (two ``take_snapshot`` results)."""
    meta = []
    if old.get("title") != new.get("title"):
        meta.append(
            FieldChange(
                "title",
                old.get("title"),
                new.get("title"),
                label=m.Masterplan._meta.get_field("title").verbose_name,
                diff=diff_words(old.get("title"), new.get("title")),
            )
        )
    if list(old.get("period") or []) != list(new.get("period") or []):
        meta.append(
            FieldChange(
                "period", _period_text(old.get("period")), _period_text(new.get("period")), label=_("period")
            )
        )
    old_sections, new_sections = old.get("sections") or {}, new.get("sections") or {}
    keys = SECTION_KEYS + sorted((set(old_sections) | set(new_sections)) - set(SECTION_KEYS))
    sections = [
        SectionDiff(k, section_label(k), diff_words(old_sections.get(k), new_sections.get(k)))
        for k in keys
        if k in old_sections or k in new_sections
    ]
    lists = {k: compare_rows(k, old.get(k) or [], new.get(k) or []) for k in LIST_KEYS}
    return Comparison(meta=meta, sections=sections, lists=lists)
