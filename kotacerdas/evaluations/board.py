"""The secretariat's live scoring board: progress, missing sheets, conflicts and outliers per session of an event.

Computed in a fixed number of queries and served as one HTML fragment shared by every secretariat user watching
the event (``board_html``); the view is ``views_scoring.scoring_board``.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.translation import get_language

from kotacerdas.core.cache import render_once
from kotacerdas.evaluations import results as results_module
from kotacerdas.evaluations.board_state import board_version
from kotacerdas.evaluations.models import (
    Criterion,
    EvaluationEvent,
    PanelMember,
    ScoreSheet,
    Session,
    SheetStatus,
)
from kotacerdas.evaluations.results import RubricStats, outliers
from kotacerdas.evaluations.scoring import sheet_total
from kotacerdas.evaluations.sheets import conflict_map


@dataclass
class BoardRow:
    session: Session
    stats: list  # RubricStats per rubric, as results.compute_results computes them
    expected: int
    submitted: int
    drafts: int
    missing: list  # [(evaluator, [rubric, ...], has_draft)]
    conflicted: list  # [(evaluator, reasons)]

    @property
    def flagged(self) -> list:
        return [(rs.rubric, e, t, rs.median) for rs in self.stats for e, t in rs.outliers]

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.expected) if self.expected else 100


def board_rows(event: EvaluationEvent) -> list[BoardRow]:
    """Scoring progress per session with a fixed number of queries, whatever the number of sessions."""
    sessions = list(
        event.sessions.select_related("participation__region__province", "day", "room", "panel")
        .prefetch_related(
            Prefetch("panel__memberships", queryset=PanelMember.objects.select_related("evaluator")),
            Prefetch(
                "sheets",
                queryset=ScoreSheet.objects.select_related("evaluator", "rubric")
                .prefetch_related("scores")
                .order_by("pk"),
            ),
        )
        .order_by("day__date", "starts", "room__order", "pk")
    )
    for s in sessions:
        s.event = event
    rubric_ids = {r.pk for s in sessions for r in s.rubrics()}
    criteria = defaultdict(list)
    for c in Criterion.objects.filter(rubric_id__in=rubric_ids).order_by("rubric", "order", "pk"):
        criteria[c.rubric_id].append(c)
    conflicts = conflict_map(sessions, event)
    rows = []
    for session in sessions:
        members = [m.evaluator for m in session.panel.memberships.all()] if session.panel_id else []
        expected = [m for m in members if (m.pk, session.pk) not in conflicts]
        rubrics = session.rubrics()
        stats, drafts, missing = [], 0, defaultdict(list)
        draft_of = set()
        for rubric in rubrics:
            totals = []
            for sheet in session.sheets.all():
                if sheet.rubric_id != rubric.pk:
                    continue
                if sheet.status == SheetStatus.DRAFT:
                    draft_of.add((sheet.evaluator_id, rubric.pk))
                    drafts += any(m.pk == sheet.evaluator_id for m in expected)
                    continue
                total = sheet_total(criteria[rubric.pk], sheet.scores.all())
                # As in results: only current panel members without a conflict count.
                if total is not None and any(m.pk == sheet.evaluator_id for m in expected):
                    totals.append((sheet.evaluator, total))
            done = {e.pk for e, _t in totals}
            rs = RubricStats(rubric=rubric, totals=totals, missing=[m for m in expected if m.pk not in done])
            rs.outliers = outliers(totals, rs.median)
            stats.append(rs)
            for m in rs.missing:
                missing[m].append(rubric)
        rows.append(
            BoardRow(
                session=session,
                stats=stats,
                expected=len(expected) * len(rubrics),
                submitted=sum(rs.count for rs in stats),
                drafts=drafts,
                missing=[(m, rs, any((m.pk, r.pk) in draft_of for r in rs)) for m, rs in missing.items()],
                conflicted=[
                    (m, conflicts[(m.pk, session.pk)]) for m in members if (m.pk, session.pk) in conflicts
                ],
            )
        )
    return rows


def board_context(event: EvaluationEvent) -> dict:
    if event.get_deferred_fields():  # the refresh loads only the key
        event = EvaluationEvent.objects.select_related("masterplan_rubric", "quick_win_rubric").get(
            pk=event.pk
        )
    rows = board_rows(event)
    expected = sum(r.expected for r in rows)
    submitted = sum(min(r.submitted, r.expected) for r in rows)
    return {
        "event": event,
        "rows": rows,
        "expected": expected,
        "submitted": submitted,
        "drafts": sum(r.drafts for r in rows),
        "outlier_count": sum(len(r.flagged) for r in rows),
        "percent": round(100 * submitted / expected) if expected else 0,
        "outlier_points": results_module.OUTLIER_POINTS,
    }


def board_html(event: EvaluationEvent) -> str:
    """The board's HTML, shared by every secretariat user watching the event.

    On an evaluation day many staff keep the board open and each page polls it every 10 seconds, while the
    totals and medians of hundreds of sheets take a few hundred milliseconds to compute and render. The
    fragment is rendered once per state of the sheets (``board_state.board_version``) and language by the whole
    deployment (``core.cache.render_once``), fresh for ``SCORING_BOARD_CACHE_SECONDS`` (the board's own refresh
    period), so a change of a panel or a conflict of interest shows within one refresh and a submitted or
    reopened sheet at the next look. While one process renders a new state the others show the last board
    rendered (at most one render old) instead of all rendering it at once. It holds nothing per user.
    """
    template = "evaluations/scoring/board.html#board"
    seconds = settings.SCORING_BOARD_CACHE_SECONDS
    if not seconds:
        return render_to_string(template, board_context(event))
    group = f"scoring-board:{event.pk}:{get_language()}"
    return render_once(
        f"{group}:{board_version(event.pk)}",
        lambda: (render_to_string(template, board_context(event)), True),
        seconds,
        group=group,
    )
