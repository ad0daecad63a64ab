"""One Indonesian term per concept (issue 16 §7).

The table "One term per concept" of docs/glossary.md is the rule: this test reads it, so the document and the
test cannot disagree. A msgstr of the Indonesian catalogue that contains a rejected variant (a whole word, any
case) where the table refuses it fails the test, with the msgid that holds it.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossary.md"
CATALOGUE = ROOT / "kotacerdas" / "locale" / "id" / "LC_MESSAGES" / "django.po"
SECTION = "## One term per concept"


@dataclass(frozen=True)
class Rule:
    english: str
    preferred: str
    rejected: tuple[str, ...]
    scope: tuple[str, ...]  # English words that must all occur in msgctxt or msgid; () = everywhere

    def applies_to(self, english: str) -> bool:
        return all(re.search(rf"\b{re.escape(word)}", english, re.IGNORECASE) for word in self.scope)


@dataclass(frozen=True)
class Message:
    context: str | None
    msgid: str
    msgstr: str


def glossary_rules(text: str) -> list[Rule]:
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|") and not line.startswith("|---")]
    rules = []
    for row in rows[1:]:  # the first row holds the column titles
        english, preferred, rejected, refused = (cell.strip() for cell in row.strip("|").split("|"))
        scope = () if refused == "everywhere" else tuple(re.findall(r"“([^”]+)”", refused))
        assert scope or refused == "everywhere", f"unreadable scope {refused!r} of {english!r}"
        rules.append(Rule(english, preferred, tuple(re.findall(r"`([^`]+)`", rejected)), scope))
    return rules


def catalogue(text: str) -> list[Message]:
    """The entries of a .po file (plural entries by their single Indonesian form; obsolete ones left out)."""
    messages = []
    for block in text.split("\n\n"):
        fields, key = {}, None
        for line in block.splitlines():
            match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[0\])?)\s+(".*")$', line)
            if match:
                key = match.group(1)
                fields[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
            elif not line.startswith("#"):
                key = None
        if fields.get("msgid"):
            msgstr = fields.get("msgstr", fields.get("msgstr[0]", ""))
            messages.append(Message(fields.get("msgctxt"), fields["msgid"], msgstr))
    return messages


RULES = glossary_rules(GLOSSARY.read_text(encoding="utf-8"))
MESSAGES = catalogue(CATALOGUE.read_text(encoding="utf-8"))


def violations(rule: Rule, messages: list[Message]) -> list[str]:
    found = []
    for m in messages:
        english = f"{m.context or ''} {m.msgid}"
        for variant in rule.rejected:
            if rule.applies_to(english) and re.search(rf"\b{re.escape(variant)}\b", m.msgstr, re.IGNORECASE):
                found.append(f"{m.msgid!r} → {m.msgstr!r} uses “{variant}”, write “{rule.preferred}”")
    return found


def test_glossary_table_is_read():
    assert [r.rejected for r in RULES[:4]] == [("skor",), ("progres",), ("tertunda",), ("sesuai jalur",)]
    assert len(RULES) >= 12
    assert len(MESSAGES) > 2000


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.english)
def test_catalogue_uses_no_rejected_term(rule):
    assert violations(rule, MESSAGES) == []


@pytest.mark.parametrize(
    ("context", "msgid", "msgstr"),
    [
        (None, "Delayed", "Terlambat"),
        (None, "On track", "Sesuai rencana"),
        (None, "Progress", "Kemajuan"),
        (None, "Score", "Nilai"),
        (None, "Rejected", "Ditolak"),
        (None, "Cancelled", "Dibatalkan"),
        (None, "Solver", "Mesin penjadwal"),
        (None, "availability window", "rentang waktu ketersediaan"),
        (None, "Presentation by %(region)s", "Paparan %(region)s"),
        (
            None,
            "Bimtek 1: policy, institutions and readiness",
            "Bimtek Tahap I: kebijakan, kelembagaan, dan kesiapan",
        ),
        (None, "Bimtek 4: review and commitment", "Bimtek Tahap IV: reviu dan komitmen"),
        ("score sheet", "Submitted", "Terkirim"),
        ("self-assessment or validation", "Submitted", "Terkirim"),
        (None, "Submitted", "Diajukan"),  # a masterplan's status
    ],
)
def test_catalogue_uses_the_preferred_term(context, msgid, msgstr):
    translations = [m.msgstr for m in MESSAGES if (m.context, m.msgid) == (context, msgid)]

    assert translations == [msgstr]


def test_rejected_variant_is_found():
    """The check itself: a catalogue with the old words fails, whole words only, scoped by the English."""
    messages = catalogue(
        'msgid "Delayed"\nmsgstr "Tertunda"\n\n'
        'msgid "Score"\nmsgstr "Skoring"\n\n'
        'msgid "Rejected"\nmsgstr "Dibatalkan"\n\n'
        'msgid "Cancelled"\nmsgstr "Dibatalkan"\n\n'
        'msgctxt "score sheet"\nmsgid "Submit"\nmsgstr "Ajukan"\n\n'
        'msgid "Submit the masterplan"\nmsgstr "Kirim masterplan"\n'
    )
    by_english = {r.english: r for r in RULES}

    found = {
        name: len(violations(by_english[name], messages))
        for name in (
            "late, delayed (a programme)",
            "score",
            "rejected",
            "cancelled",
            "submit, submitted (a score sheet, a self-assessment, a validation)",
            "submit, submitted (a masterplan)",
        )
    }

    assert found == {
        "late, delayed (a programme)": 1,
        "score": 0,  # "Skoring" is not the word "skor"
        "rejected": 1,
        "cancelled": 0,
        "submit, submitted (a score sheet, a self-assessment, a validation)": 1,
        "submit, submitted (a masterplan)": 1,
    }


SOURCES = [
    path
    for pattern in ("**/templates/**/*.html", "**/templates/**/*.txt", "**/demo*.py", "**/data/*.json")
    for path in sorted((ROOT / "kotacerdas").glob(pattern))
]


def test_indonesian_text_outside_the_catalogue_uses_no_rejected_term():
    """Demo data, reference data and templates hold Indonesian text that bypasses the catalogue. Only terms
    refused everywhere are checked, and "solver", an English word of the code, is left to the catalogue."""
    words = [v for r in RULES if not r.scope for v in r.rejected if v != "solver"]
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)

    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in SOURCES
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]

    assert found == []
