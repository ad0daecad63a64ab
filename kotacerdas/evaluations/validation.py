"""The schedule validator: every hard rule, checked on any set of sessions.

It works on plain ``Slot`` values so the manual editor, the automatic scheduler and the tests can all use it.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kotacerdas.core.numbers_format import format_clock, format_clock_range


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
    chair: object = None  # evaluator id of the panel's chair


@dataclass(frozen=True)
class Violation:
    rule: str  # room, region, panel, evaluator, hours, day, break, conflict, panel_size, chair, availability
    message: str
    slots: tuple


def _overlap(a: Slot, b: Slot) -> bool:
    return a.day == b.day and a.starts < b.ends and b.starts < a.ends


def _when(s: Slot) -> str:
    return f"{s.day:%d-%m-%Y} {format_clock_range(s.starts, s.ends)}"


def _inside(s: Slot, windows) -> bool:
    """Whether the session lies wholly inside one of ``windows`` ((date, starts, ends) values)."""
    return any(date == s.day and starts <= s.starts and s.ends <= ends for date, starts, ends in windows)


def _panel_rules(s: Slot, names: dict, min_panel_size: int | None) -> list[Violation]:
    """The panel of a session: big enough and chaired by one of its members. No panel yet is no violation."""
    if s.panel is None or min_panel_size is None:
        return []
    found = []
    count = len(s.evaluators)
    if count < min_panel_size:
        found.append(
            Violation(
                "panel_size",
                ngettext(
                    "%(panel)s of %(region)s has %(count)s evaluator; the event asks for at least %(min)s.",
                    "%(panel)s of %(region)s has %(count)s evaluators; the event asks for at least %(min)s.",
                    count,
                )
                % {"panel": s.panel, "region": s.region, "count": count, "min": min_panel_size},
                (s,),
            )
        )
    if s.chair is None:
        found.append(
            Violation(
                "chair",
                _("%(panel)s of %(region)s has no chair.") % {"panel": s.panel, "region": s.region},
                (s,),
            )
        )
    elif s.chair not in s.evaluators:
        found.append(
            Violation(
                "chair",
                _("%(chair)s chairs %(panel)s of %(region)s but is not one of its evaluators.")
                % {"chair": names.get(s.chair, s.chair), "panel": s.panel, "region": s.region},
                (s,),
            )
        )
    return found


def _availability_rules(
    s: Slot, names: dict, region_windows: dict, evaluator_windows: dict
) -> list[Violation]:
    """The region and every evaluator on the panel inside their windows (none: available at any time)."""
    found = []
    windows = region_windows.get(s.participation_id)
    if windows and not _inside(s, windows):
        found.append(
            Violation(
                "availability",
                _("%(region)s (%(when)s) is outside its availability windows.")
                % {"region": s.region, "when": _when(s)},
                (s,),
            )
        )
    for evaluator in sorted(s.evaluators):
        windows = evaluator_windows.get(evaluator)
        if windows and not _inside(s, windows):
            found.append(
                Violation(
                    "availability",
                    _("%(evaluator)s is not available at %(when)s (%(region)s).")
                    % {"evaluator": names.get(evaluator, evaluator), "when": _when(s), "region": s.region},
                    (s,),
                )
            )
    return found


def check_slots(
    slots: list[Slot],
    *,
    days: set,
    day_starts: datetime.time,
    day_ends: datetime.time,
    breaks: list[tuple[datetime.time, datetime.time, str]],
    conflicts: dict | None = None,
    evaluator_names: dict | None = None,
    min_panel_size: int | None = None,
    region_windows: dict | None = None,
    evaluator_windows: dict | None = None,
) -> list[Violation]:
    """All hard-rule violations among ``slots``.

    ``conflicts`` maps (evaluator id, participation id) to reasons. ``region_windows`` (participation id) and
    ``evaluator_windows`` (evaluator id) map to lists of (date, starts, ends): a non-empty list means the region
    (or evaluator) takes part only inside one of them. With ``min_panel_size`` every session that has a panel
    needs at least that many evaluators and a chair among them. Rules left as None are not checked.
    """
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
                        "start": format_clock(day_starts),
                        "end": format_clock(day_ends),
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
        violations.extend(_panel_rules(s, names, min_panel_size))
        violations.extend(_availability_rules(s, names, region_windows or {}, evaluator_windows or {}))
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
