"""Text overlap aid: the passages of one masterplan that closely match passages of other masterplans.

Copied masterplans are a known problem of the programme; this module gives evaluators a hint, not a verdict
(either region may have written first, and both may quote the same regulation).

Method, on plain data (no database, no HTML):

1. Each masterplan is a list of ``Passage`` values with a location label: section paragraphs, readiness
   summaries, SWOT items, gap-analysis rows, missions, goals, strategies (title and description), programmes
   (name, description, output, outcome, expected benefit) and action-plan steps.
2. A passage's words are its runs of letters and digits, lower-cased (``normalise`` shows the result: no
   punctuation, single spaces). Its shingles are the hashes of its overlapping runs of ``SHINGLE_WORDS`` words.
3. For every passage of the target, candidate passages of the other masterplans come from an inverted index of
   shingles. Per other masterplan the best candidate is kept when the shingles it shares with the target
   passage make up at least ``MIN_CONTAINMENT`` of the smaller of the two passages (containment; a passage
   copied into a longer one counts), and when at least ``MIN_SHARED_WORDS`` words lie in common runs of at
   least ``MIN_BLOCK_WORDS`` words, found with ``difflib.SequenceMatcher`` on the word lists.
4. The common runs become ``Segment`` values (``common`` true or false) over the original text, so a
   template can mark them; a segment's text is the user's own text, left for the template to escape.
5. The share of a target's text found in another masterplan is the number of target words inside common
   runs of reported matches with that masterplan, over all words of the target.

Only the best passage of each other masterplan is kept for each target passage, so a long target paragraph
stitched together from two passages of the same other masterplan shows one of them.

``gather_masterplan_texts`` reads the passages of many masterplans from the database in a fixed number of
queries (one per kind of row); ``gather_version_texts`` reads the same passages from frozen versions, which is
what the pages compare (only submitted text, never a draft or an unsubmitted revision).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.translation import get_language
from django.utils.translation import gettext as _

SHINGLE_WORDS = 5
MIN_CONTAINMENT = 0.5
MIN_SHARED_WORDS = 8
MIN_BLOCK_WORDS = 3
# How many candidates of one other masterplan are aligned word by word before giving up on it.
MAX_ALIGNMENTS = 3

WORD_RE = re.compile(r"\w+")
PARAGRAPH_RE = re.compile(r"\n\s*\n")


# ---------------------------------------------------------------------------------------------------------
# Plain values


@dataclass(frozen=True)
class Passage:
    key: str  # unique within its masterplan, e.g. "section:profile:2"
    label: str  # where the passage stands, for people
    part: str  # the masterplan part it belongs to (masterplans.models.Part), for links
    text: str


@dataclass
class MasterplanText:
    pk: int
    region: str
    cohort: str
    passages: list[Passage] = field(default_factory=list)


@dataclass(frozen=True)
class Segment:
    text: str
    common: bool


@dataclass
class PassageMatch:
    target: Passage
    other: Passage
    containment: float
    jaccard: float
    shared_words: int
    target_segments: list[Segment]
    other_segments: list[Segment]


@dataclass
class OtherOverlap:
    masterplan: MasterplanText
    matched_words: int
    share: float
    matches: list[PassageMatch]

    @property
    def share_percent(self) -> float:
        return round(self.share * 100, 1)


@dataclass
class OverlapReport:
    target: MasterplanText
    passages: int  # passages of the target
    total_words: int
    matched_words: int  # target words found in at least one other masterplan
    overlaps: list[OtherOverlap]  # other masterplans with at least one match, largest share first
    compared: int  # other masterplans compared

    @property
    def share(self) -> float:
        return self.matched_words / self.total_words if self.total_words else 0.0

    @property
    def share_percent(self) -> float:
        return round(self.share * 100, 1)

    @property
    def match_count(self) -> int:
        return sum(len(o.matches) for o in self.overlaps)


# ---------------------------------------------------------------------------------------------------------
# Words and shingles


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKC", text).casefold()


def tokenise(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The normalised words of a text and where each stands in the original text."""
    found = [(_fold(m.group()), m.span()) for m in WORD_RE.finditer(text)]
    return [w for w, _span in found], [span for _w, span in found]


def words(text: str) -> list[str]:
    """The normalised words of a text (the same as ``tokenise``'s, without their places; faster)."""
    if text.isascii():
        return WORD_RE.findall(text.lower())
    return [_fold(w) for w in WORD_RE.findall(text)]


def normalise(text: str) -> str:
    """Lower case, no punctuation, single spaces: ``"Pemalang, Jawa  Tengah!"`` → ``"pemalang jawa tengah"``."""
    return " ".join(words(text))


def shingles(word_list: Sequence[str], size: int = SHINGLE_WORDS) -> set[int]:
    """Hashes of the runs of ``size`` consecutive words (none for a shorter text). The hashes are Python's
    own: stable within one process, which is all a comparison needs."""
    return set(map(hash, zip(*(word_list[i:] for i in range(size)), strict=False)))


@dataclass
class _Prepared:
    text: str
    words: list[str]
    shingles: set[int]
    spans: list[tuple[int, int]] | None = None

    def placed(self) -> tuple[list[str], list[tuple[int, int]]]:
        """Words with their places in the text, worked out only for passages that are aligned."""
        if self.spans is None:
            self.words, self.spans = tokenise(self.text)
        return self.words, self.spans


def _prepare(passage: Passage) -> _Prepared:
    w = words(passage.text)
    return _Prepared(passage.text, w, shingles(w) if len(w) >= MIN_SHARED_WORDS else set())


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def segments(text: str, spans: Sequence[tuple[int, int]], ranges: list[tuple[int, int]]) -> list[Segment]:
    """Cut ``text`` into plain and common segments; ``ranges`` are [first, last) word indexes."""
    out: list[Segment] = []
    pos = 0
    for first, last in _merge(ranges):
        start, end = spans[first][0], spans[last - 1][1]
        if start > pos:
            out.append(Segment(text[pos:start], False))
        out.append(Segment(text[start:end], True))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:], False))
    return out


def common_blocks(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int]]:
    """Runs of at least ``MIN_BLOCK_WORDS`` words common to both lists, as (start in a, start in b, size)."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return [(i, j, n) for i, j, n in matcher.get_matching_blocks() if n >= MIN_BLOCK_WORDS]


# ---------------------------------------------------------------------------------------------------------
# Comparison


class _Corpus:
    """Other masterplans with their passages' words and shingles."""

    def __init__(self, masterplans: Iterable[MasterplanText]):
        self.masterplans: dict[int, MasterplanText] = {}
        self.prepared: dict[int, list[_Prepared]] = {}
        for mp in masterplans:
            self.masterplans[mp.pk] = mp
            self.prepared[mp.pk] = [_prepare(p) for p in mp.passages]

    def prepared_of(self, target: MasterplanText) -> list[_Prepared]:
        known = self.prepared.get(target.pk)
        return known if known is not None else [_prepare(p) for p in target.passages]

    def shared_with(self, target: MasterplanText, prepared: list[_Prepared]) -> dict[int, Counter]:
        """For each target passage, the number of shingles it shares with each other passage, keyed by
        (masterplan pk, passage index). Looks the target's shingles up in each other passage: no index."""
        where: dict[int, list[int]] = defaultdict(list)
        for ti, prep in enumerate(prepared):
            for s in prep.shingles:
                where[s].append(ti)
        wanted = set(where)
        shared: dict[int, Counter] = defaultdict(Counter)
        for mp_pk, others in self.prepared.items():
            if mp_pk == target.pk:
                continue
            for oi, prep in enumerate(others):
                for s in prep.shingles & wanted:
                    for ti in where[s]:
                        shared[ti][(mp_pk, oi)] += 1
        return shared

    def report(self, target: MasterplanText) -> OverlapReport:
        prepared = self.prepared_of(target)
        return self._report(target, prepared, self.shared_with(target, prepared))

    def _report(self, target: MasterplanText, prepared: list[_Prepared], shared: dict[int, Counter]):
        per_other: dict[int, list[PassageMatch]] = defaultdict(list)
        covered: dict[int, set[tuple[int, int]]] = defaultdict(set)  # other pk -> {(passage, word)}
        for ti in sorted(shared):
            tprep = prepared[ti]
            candidates: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
            for (mp_pk, oi), count in shared[ti].items():
                oprep = self.prepared[mp_pk][oi]
                containment = count / min(len(tprep.shingles), len(oprep.shingles))
                if containment >= MIN_CONTAINMENT:
                    jaccard = count / (len(tprep.shingles) + len(oprep.shingles) - count)
                    candidates[mp_pk].append((containment, jaccard, oi))
            for mp_pk, found in candidates.items():
                found.sort(key=lambda c: (-c[0], -c[1], c[2]))
                for containment, jaccard, oi in found[:MAX_ALIGNMENTS]:
                    match = _align(
                        target.passages[ti], tprep, self.masterplans[mp_pk].passages[oi],
                        self.prepared[mp_pk][oi], containment, jaccard, covered[mp_pk], ti,
                    )  # fmt: skip
                    if match:
                        per_other[mp_pk].append(match)
                        break
        total_words = sum(len(p.words) for p in prepared)
        overlaps = [
            OtherOverlap(
                masterplan=self.masterplans[pk],
                matched_words=len(covered[pk]),
                share=len(covered[pk]) / total_words if total_words else 0.0,
                matches=matches,
            )
            for pk, matches in per_other.items()
        ]
        overlaps.sort(key=lambda o: (-o.matched_words, o.masterplan.region, o.masterplan.pk))
        everywhere = set().union(*covered.values()) if covered else set()
        return OverlapReport(
            target=target,
            passages=len(target.passages),
            total_words=total_words,
            matched_words=len(everywhere),
            overlaps=overlaps,
            compared=sum(1 for pk in self.masterplans if pk != target.pk),
        )


class OverlapIndex(_Corpus):
    """An inverted index of the shingles of many masterplans, built once to compare every masterplan of a
    cohort with every other (``report`` then costs a few milliseconds each)."""

    def __init__(self, masterplans: Iterable[MasterplanText]):
        super().__init__(masterplans)
        self._refs: list[tuple[int, int]] = []  # ref -> (masterplan pk, passage index)
        self._index: dict[int, list[int]] = defaultdict(list)
        for mp_pk, prepared in self.prepared.items():
            for oi, prep in enumerate(prepared):
                ref = len(self._refs)
                self._refs.append((mp_pk, oi))
                for s in prep.shingles:
                    self._index[s].append(ref)

    def shared_with(self, target: MasterplanText, prepared: list[_Prepared]) -> dict[int, Counter]:
        shared: dict[int, Counter] = {}
        for ti, prep in enumerate(prepared):
            counts: Counter[int] = Counter()
            for s in prep.shingles:
                refs = self._index.get(s)
                if refs:
                    counts.update(refs)
            keyed = Counter(
                {self._refs[ref]: n for ref, n in counts.items() if self._refs[ref][0] != target.pk}
            )
            if keyed:
                shared[ti] = keyed
        return shared


def _align(tp, tprep, op, oprep, containment, jaccard, covered, ti) -> PassageMatch | None:
    twords, tspans = tprep.placed()
    owords, ospans = oprep.placed()
    blocks = common_blocks(twords, owords)
    shared = sum(n for _i, _j, n in blocks)
    if shared < MIN_SHARED_WORDS:
        return None
    for i, _j, n in blocks:
        covered.update((ti, w) for w in range(i, i + n))
    return PassageMatch(
        target=tp,
        other=op,
        containment=containment,
        jaccard=jaccard,
        shared_words=shared,
        target_segments=segments(tp.text, tspans, [(i, i + n) for i, _j, n in blocks]),
        other_segments=segments(op.text, ospans, [(j, j + n) for _i, j, n in blocks]),
    )


def compare_masterplans(target: MasterplanText, others: Iterable[MasterplanText]) -> OverlapReport:
    """The overlap of ``target`` with each of ``others`` (the target itself among them is skipped)."""
    corpus = _Corpus(o for o in others if o.pk != target.pk)
    return corpus.report(target)


def compare_all(masterplans: Sequence[MasterplanText]) -> dict[int, OverlapReport]:
    """Every masterplan compared with all the others, sharing one inverted index."""
    index = OverlapIndex(masterplans)
    return {mp.pk: index.report(mp) for mp in masterplans}


# ---------------------------------------------------------------------------------------------------------
# Reading masterplans from the database


# The order of the kinds of passage in a masterplan's text (its document order).
PASSAGE_GROUPS = [
    "section:introduction", "section:profile", "readiness", "swot", "gaps", "section:vision", "missions",
    "goals", "strategies", "programmes", "steps", "section:closing",
]  # fmt: skip


def _joined(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def gather_masterplan_texts(masterplans: Sequence) -> list[MasterplanText]:
    """The passages of ``masterplans`` (Masterplan rows with ``participation__region`` and
    ``participation__cohort`` selected), in document order; one query per kind of row, whatever their number.
    Labels are in the active language."""
    from kotacerdas.masterplans import models as m

    english = (get_language() or "id").startswith("en")

    def name(id_name: str, en_name: str) -> str:
        return (en_name if english else id_name) or id_name

    texts = {
        mp.pk: MasterplanText(
            pk=mp.pk, region=mp.participation.region.name, cohort=mp.participation.cohort.name
        )
        for mp in masterplans
    }
    ids = list(texts)
    if not ids:
        return []
    groups: dict[str, dict[int, list[Passage]]] = defaultdict(lambda: defaultdict(list))
    numbers: Counter[tuple[int, str]] = Counter()

    def add(group: str, mp_id: int, kind: str, label: str, part: str, text: str) -> None:
        if not text:
            return
        numbers[(mp_id, kind)] += 1
        key = f"{kind}:{numbers[(mp_id, kind)]}"
        groups[group][mp_id].append(Passage(key=key, label=label, part=part, text=text))

    section_part = {"introduction": m.Part.FRAME, "profile": m.Part.PROFILE, "vision": m.Part.VISION}
    section_label = dict(m.SectionKey.choices)
    for mp_id, key, body in m.Section.objects.filter(masterplan_id__in=ids).values_list(
        "masterplan_id", "key", "body"
    ):
        paragraphs = [p.strip() for p in PARAGRAPH_RE.split(body.strip()) if p.strip()]
        for n, paragraph in enumerate(paragraphs, 1):
            label = (
                _("%(section)s, paragraph %(n)s") % {"section": section_label.get(key, key), "n": n}
                if len(paragraphs) > 1
                else str(section_label.get(key, key))
            )
            add(
                f"section:{key}",
                mp_id,
                f"section:{key}",
                label,
                section_part.get(key, m.Part.FRAME),
                paragraph,
            )

    for mp_id, aspect_id, aspect_en, summary in (
        m.AspectAnalysis.objects.filter(masterplan_id__in=ids)
        .order_by("masterplan_id", "aspect__order")
        .values_list("masterplan_id", "aspect__name_id", "aspect__name_en", "summary")
    ):
        label = _("Readiness analysis, %(aspect)s") % {"aspect": name(aspect_id, aspect_en)}
        add("readiness", mp_id, "readiness", label, m.Part.READINESS, summary.strip())

    swot_kinds = dict(m.SwotKind.choices)
    for mp_id, aspect_id, aspect_en, kind, text in (
        m.SwotItem.objects.filter(masterplan_id__in=ids)
        .order_by("masterplan_id", "aspect__order", "kind", "pk")
        .values_list("masterplan_id", "aspect__name_id", "aspect__name_en", "kind", "text")
    ):
        label = _("SWOT, %(aspect)s: %(kind)s") % {
            "aspect": name(aspect_id, aspect_en),
            "kind": swot_kinds.get(kind, kind),
        }
        add("swot", mp_id, "swot", label, m.Part.READINESS, text.strip())

    for mp_id, aspect_id, aspect_en, current, target, gap, action in (
        m.GapRow.objects.filter(masterplan_id__in=ids)
        .order_by("masterplan_id", "aspect__order", "pk")
        .values_list(
            "masterplan_id",
            "aspect__name_id",
            "aspect__name_en",
            "current_state",
            "target_state",
            "gap",
            "action",
        )
    ):
        label = _("Gap analysis, %(aspect)s") % {"aspect": name(aspect_id, aspect_en)}
        add("gaps", mp_id, "gap", label, m.Part.READINESS, _joined(current, target, gap, action))

    for mp_id, text in (
        m.Mission.objects.filter(masterplan_id__in=ids)
        .order_by("masterplan_id", "order", "pk")
        .values_list("masterplan_id", "text")
    ):
        label = _("Mission %(n)s") % {"n": numbers[(mp_id, "mission")] + 1}
        add("missions", mp_id, "mission", label, m.Part.VISION, text.strip())

    for mp_id, dim_id, dim_en, text in (
        m.Goal.objects.filter(masterplan_id__in=ids)
        .order_by("masterplan_id", "dimension__order", "pk")
        .values_list("masterplan_id", "dimension__name_id", "dimension__name_en", "text")
    ):
        label = _("Goal, %(dimension)s") % {"dimension": name(dim_id, dim_en)}
        add("goals", mp_id, "goal", label, m.Part.VISION, text.strip())

    for mp_id, dim_id, dim_en, title, description in (
        m.Strategy.objects.filter(masterplan_id__in=ids)
        .order_by("masterplan_id", "dimension__order", "element__order", "pk")
        .values_list("masterplan_id", "dimension__name_id", "dimension__name_en", "title", "description")
    ):
        label = _("Strategy %(n)s, %(dimension)s") % {
            "n": numbers[(mp_id, "strategy")] + 1,
            "dimension": name(dim_id, dim_en),
        }
        add("strategies", mp_id, "strategy", label, m.Part.STRATEGIES, _joined(title, description))

    for row in (
        m.MasterplanProgramme.objects.filter(masterplan_id__in=ids)
        .order_by("masterplan_id", "strategy__dimension__order", "start_year", "pk")
        .values_list(
            "masterplan_id", "strategy__dimension__name_id", "strategy__dimension__name_en", "is_quick_win",
            "name", "description", "output", "outcome", "expected_benefit",
        )
    ):  # fmt: skip
        mp_id, dim_id, dim_en, quick_win, *fields = row
        kind = "quick_win" if quick_win else "programme"
        label = (
            _("Quick win %(n)s, %(dimension)s") if quick_win else _("Programme %(n)s, %(dimension)s")
        ) % {"n": numbers[(mp_id, kind)] + 1, "dimension": name(dim_id, dim_en)}
        part = m.Part.QUICK_WINS if quick_win else m.Part.PROGRAMMES
        add("programmes", mp_id, kind, label, part, _joined(*fields))

    for mp_id, description in (
        m.ActionStep.objects.filter(masterplan_id__in=ids)
        .order_by("masterplan_id", "due_date", "pk")
        .values_list("masterplan_id", "description")
    ):
        label = _("Action plan, step %(n)s") % {"n": numbers[(mp_id, "step")] + 1}
        add("steps", mp_id, "step", label, m.Part.ACTION_PLAN, description.strip())

    for mp_id, text in texts.items():
        for group in PASSAGE_GROUPS:
            text.passages.extend(groups[group].get(mp_id, []))
    return list(texts.values())


def gather_version_texts(versions: Sequence) -> list[MasterplanText]:
    """The passages of frozen versions (MasterplanVersion rows with ``masterplan__participation__region`` and
    ``masterplan__participation__cohort`` selected), as ``gather_masterplan_texts`` reads a live masterplan: the
    same keys, labels and order (a snapshot's rows keep their model's order). Each text carries the masterplan's
    pk. Framework names come from the version's framework, two queries whatever the number of versions."""
    from kotacerdas.framework.models import Dimension, ReadinessAspect
    from kotacerdas.masterplans import models as m

    english = (get_language() or "id").startswith("en")
    frameworks = {(v.snapshot or {}).get("framework_version") for v in versions}
    names: dict[tuple[str, str, str], str] = {}
    for model, kind in ((ReadinessAspect, "aspect"), (Dimension, "dimension")):
        for version_code, code, id_name, en_name in model.objects.filter(
            version__code__in=frameworks
        ).values_list("version__code", "code", "name_id", "name_en"):
            names[(version_code, kind, code)] = (en_name if english else id_name) or id_name

    section_part = {"introduction": m.Part.FRAME, "profile": m.Part.PROFILE, "vision": m.Part.VISION}
    section_label = dict(m.SectionKey.choices)
    swot_kinds = dict(m.SwotKind.choices)
    texts = []
    for version in versions:
        snap = version.snapshot or {}
        framework = snap.get("framework_version")

        def name(kind: str, code: str, framework=framework) -> str:
            return names.get((framework, kind, code), code)

        masterplan = version.masterplan
        text = MasterplanText(
            pk=masterplan.pk,
            region=masterplan.participation.region.name,
            cohort=masterplan.participation.cohort.name,
        )
        groups: dict[str, list[Passage]] = defaultdict(list)
        numbers: Counter[str] = Counter()

        def add(
            group: str, kind: str, label: str, part: str, body: str, groups=groups, numbers=numbers
        ) -> None:
            if not body:
                return
            numbers[kind] += 1
            groups[group].append(Passage(key=f"{kind}:{numbers[kind]}", label=label, part=part, text=body))

        for key, body in (snap.get("sections") or {}).items():
            paragraphs = [p.strip() for p in PARAGRAPH_RE.split((body or "").strip()) if p.strip()]
            for n, paragraph in enumerate(paragraphs, 1):
                label = (
                    _("%(section)s, paragraph %(n)s") % {"section": section_label.get(key, key), "n": n}
                    if len(paragraphs) > 1
                    else str(section_label.get(key, key))
                )
                add(f"section:{key}", f"section:{key}", label, section_part.get(key, m.Part.FRAME), paragraph)
        for row in snap.get("aspects") or []:
            label = _("Readiness analysis, %(aspect)s") % {"aspect": name("aspect", row["aspect"])}
            add("readiness", "readiness", label, m.Part.READINESS, (row.get("summary") or "").strip())
        for row in snap.get("swot") or []:
            label = _("SWOT, %(aspect)s: %(kind)s") % {
                "aspect": name("aspect", row["aspect"]),
                "kind": swot_kinds.get(row["kind"], row["kind"]),
            }
            add("swot", "swot", label, m.Part.READINESS, (row.get("text") or "").strip())
        for row in snap.get("gaps") or []:
            label = _("Gap analysis, %(aspect)s") % {"aspect": name("aspect", row["aspect"])}
            body = _joined(
                row.get("current_state"), row.get("target_state"), row.get("gap"), row.get("action")
            )
            add("gaps", "gap", label, m.Part.READINESS, body)
        for row in snap.get("missions") or []:
            label = _("Mission %(n)s") % {"n": numbers["mission"] + 1}
            add("missions", "mission", label, m.Part.VISION, (row.get("text") or "").strip())
        for row in snap.get("goals") or []:
            label = _("Goal, %(dimension)s") % {"dimension": name("dimension", row["dimension"])}
            add("goals", "goal", label, m.Part.VISION, (row.get("text") or "").strip())
        for row in snap.get("strategies") or []:
            label = _("Strategy %(n)s, %(dimension)s") % {
                "n": numbers["strategy"] + 1,
                "dimension": name("dimension", row["dimension"]),
            }
            body = _joined(row.get("title"), row.get("description"))
            add("strategies", "strategy", label, m.Part.STRATEGIES, body)
        for row in snap.get("programmes") or []:
            quick_win = bool(row.get("is_quick_win"))
            kind = "quick_win" if quick_win else "programme"
            label = (
                _("Quick win %(n)s, %(dimension)s") if quick_win else _("Programme %(n)s, %(dimension)s")
            ) % {"n": numbers[kind] + 1, "dimension": name("dimension", row["dimension"])}
            part = m.Part.QUICK_WINS if quick_win else m.Part.PROGRAMMES
            fields = ("name", "description", "output", "outcome", "expected_benefit")
            add("programmes", kind, label, part, _joined(*(row.get(f) for f in fields)))
        for row in snap.get("action_steps") or []:
            label = _("Action plan, step %(n)s") % {"n": numbers["step"] + 1}
            add("steps", "step", label, m.Part.ACTION_PLAN, (row.get("description") or "").strip())
        for group in PASSAGE_GROUPS:
            text.passages.extend(groups.get(group, []))
        texts.append(text)
    return texts
