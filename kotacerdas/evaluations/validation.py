"""The schedule validator: every hard rule, checked on any set of sessions.

It works on plain ``Slot`` values so the manual editor, the automatic scheduler and the tests can all use it.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Slot:
    key: object  # the session's id, or None for a session being created
    region: str  # region name, for messages
    participation_id: int
    day: datetime.date
    room: str
    starts: datetime.time
    ends: datetime.time
    panel: str | None
    evaluators: frozenset  # evaluator ids on the session's panel


@dataclass(frozen=True)
class Violation:
    rule: str  # room, region, panel, evaluator, hours, day, break, conflict
    message: str
    slots: tuple


def _overlap(a: Slot, b: Slot) -> bool:
    return a.day == b.day and a.starts < b.ends and b.starts < a.ends


def _when(s: Slot) -> str:
    return f"{s.day:%d-%m-%Y} {s.starts:%H:%M}–{s.ends:%H:%M}"


def check_slots(
    slots: list[Slot],
    *,
    days: set,
    day_starts: datetime.time,
    day_ends: datetime.time,
    breaks: list[tuple[datetime.time, datetime.time, str]],
    conflicts: dict | None = None,
    evaluator_names: dict | None = None,
) -> list[Violation]:
    """All hard-rule violations among ``slots``. ``conflicts`` maps (evaluator id, participation id) to reasons."""
    violations = []
    names = evaluator_names or {}
    for s in slots:
        if s.day not in days:
            violations.append(
                Violation(
                    "day",
                    _("%(region)s is scheduled on a day outside the event.") % {"region": s.region},
                    (s,),
                )
            )
        if s.starts < day_starts or s.ends > day_ends:
            violations.append(
                Violation(
                    "hours",
                    _("%(region)s (%(when)s) is outside the event's hours %(start)s–%(end)s.")
                    % {
                        "region": s.region,
                        "when": _when(s),
                        "start": f"{day_starts:%H:%M}",
                        "end": f"{day_ends:%H:%M}",
                    },
                    (s,),
                )
            )
        for b_start, b_end, label in breaks:
            if s.starts < b_end and b_start < s.ends:
                violations.append(
                    Violation(
                        "break",
                        _("%(region)s (%(when)s) overlaps the break “%(break)s”.")
                        % {"region": s.region, "when": _when(s), "break": label},
                        (s,),
                    )
                )
        for evaluator in sorted(s.evaluators):
            for reason in (conflicts or {}).get((evaluator, s.participation_id), []):
                violations.append(
                    Violation(
                        "conflict",
                        _("%(evaluator)s may not evaluate %(region)s: %(reason)s")
                        % {
                            "evaluator": names.get(evaluator, evaluator),
                            "region": s.region,
                            "reason": reason,
                        },
                        (s,),
                    )
                )
    ordered = sorted(slots, key=lambda s: (s.day, s.starts))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            # Sorted by start: b overlaps a exactly when it starts on the same day before a ends.
            if not _overlap(a, b):
                continue
            if a.room == b.room:
                violations.append(
                    Violation(
                        "room",
                        _("Room %(room)s is double-booked: %(a)s and %(b)s at %(when)s.")
                        % {"room": a.room, "a": a.region, "b": b.region, "when": _when(b)},
                        (a, b),
                    )
                )
            if a.participation_id == b.participation_id:
                violations.append(
                    Violation(
                        "region",
                        _("%(region)s presents twice at the same time.") % {"region": a.region},
                        (a, b),
                    )
                )
            if a.panel and a.panel == b.panel:
                violations.append(
                    Violation(
                        "panel",
                        _("Panel %(panel)s is double-booked: %(a)s and %(b)s.")
                        % {"panel": a.panel, "a": a.region, "b": b.region},
                        (a, b),
                    )
                )
            elif a.evaluators & b.evaluators:
                for evaluator in sorted(a.evaluators & b.evaluators):
                    violations.append(
                        Violation(
                            "evaluator",
                            _("%(evaluator)s would be in two places: %(a)s and %(b)s at %(when)s.")
                            % {
                                "evaluator": names.get(evaluator, evaluator),
                                "a": a.region,
                                "b": b.region,
                                "when": _when(b),
                            },
                            (a, b),
                        )
                    )
    seen = {}
    for s in slots:
        first = seen.get(s.participation_id)
        # Overlapping repeats were reported above as "presents twice at the same time".
        if first is not None and first is not s and not _overlap(first, s):
            violations.append(
                Violation(
                    "region",
                    _("%(region)s presents more than once.") % {"region": s.region},
                    (seen[s.participation_id], s),
                )
            )
        seen.setdefault(s.participation_id, s)
    return violations
