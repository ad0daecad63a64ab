"""The public agenda of an evaluation event, read from its published releases.

Everything public comes from the latest ``AgendaRelease.snapshot``, never from the live sessions: an edit the
secretariat has not published yet cannot show on the page, in a calendar feed or in the printed agenda. The
changes page compares each release with the one before it.

A session's identity across releases is its region: an event has one session per region (a database
constraint), so the calendar UID ``agenda-<event>-<region code>@kotacerdas`` stays the same when the session
moves, and SEQUENCE (the release number) tells calendar programs to replace the older copy.
"""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kotacerdas.core.numbers_format import format_clock, format_clock_range, format_clock_with_local
from kotacerdas.core.pdf import write_pdf
from kotacerdas.evaluations.models import LINKED_MODES, AgendaRelease, EvaluationEvent, Presents, RoomMode

UID_DOMAIN = "kotacerdas"
PRODID = "-//kotacerdas//Agenda evaluasi//ID"


@dataclass(frozen=True)
class AgendaEntry:
    """One session as a release published it."""

    region: str
    region_code: str
    date: datetime.date
    starts: datetime.time
    ends: datetime.time
    room: str
    presenter: str = ""
    presenter_position: str = ""
    presents: str = ""
    room_mode: str = RoomMode.IN_PERSON  # never the meeting link: see evaluations/meeting.py

    @classmethod
    def from_snapshot(cls, row: dict) -> "AgendaEntry":
        return cls(
            region=row["region"],
            region_code=row["region_code"],
            date=datetime.date.fromisoformat(row["date"]),
            starts=datetime.time.fromisoformat(row["starts"]),
            ends=datetime.time.fromisoformat(row["ends"]),
            room=row["room"],
            presenter=row.get("presenter") or "",
            # Not in the snapshots written so far; shown as soon as publish_agenda records it.
            presenter_position=row.get("presenter_position") or "",
            presents=row.get("presents") or "",
            # Not in the snapshots written before rooms had a mode: those rooms were all in person.
            room_mode=row.get("room_mode") or RoomMode.IN_PERSON,
        )

    @property
    def presents_label(self) -> str:
        return str(Presents(self.presents).label) if self.presents in Presents.values else self.presents

    @property
    def time_label(self) -> str:
        return format_clock_range(self.starts, self.ends)  # 14.45–15.30 in Indonesian

    @property
    def is_linked(self) -> bool:
        """Held online or hybrid (the page says so; the link itself is only for those meeting.py names)."""
        return self.room_mode in LINKED_MODES

    @property
    def room_mode_label(self) -> str:
        return str(RoomMode(self.room_mode).label) if self.room_mode in RoomMode.values else self.room_mode

    def local_time_label(self, event_zone, local_zone) -> str:
        """``10.00–10.45 WIB (11.00–11.45 WITA)``: with the region's own time when its zone differs."""
        return format_clock_with_local(self.starts, self.ends, event_zone, local_zone, self.date)

    @property
    def place(self) -> tuple:
        return (self.date, self.starts, self.ends, self.room)

    def start_datetime(self, tz) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.starts, tzinfo=tz)

    def end_datetime(self, tz) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.ends, tzinfo=tz)


def entries_of(release: AgendaRelease | None) -> list[AgendaEntry]:
    if release is None:
        return []
    entries = [AgendaEntry.from_snapshot(row) for row in release.snapshot]
    return sorted(entries, key=lambda e: (e.date, e.starts, e.room, e.region))


# --- Changes between two releases -------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    old: AgendaEntry
    new: AgendaEntry

    @property
    def region(self) -> str:
        return self.new.region

    @property
    def region_code(self) -> str:
        return self.new.region_code


@dataclass
class ReleaseDiff:
    added: list[AgendaEntry] = field(default_factory=list)
    removed: list[AgendaEntry] = field(default_factory=list)
    moved: list[Move] = field(default_factory=list)
    details: list[Move] = field(default_factory=list)  # same place, other presenter or content

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.moved or self.details)


def diff_entries(old: list[AgendaEntry], new: list[AgendaEntry]) -> ReleaseDiff:
    before = {e.region_code: e for e in old}
    after = {e.region_code: e for e in new}
    diff = ReleaseDiff(
        added=[e for code, e in after.items() if code not in before],
        removed=[e for code, e in before.items() if code not in after],
    )
    for code, entry in after.items():
        previous = before.get(code)
        if previous is None or previous == entry:
            continue
        if previous.place != entry.place:
            diff.moved.append(Move(previous, entry))
        else:
            diff.details.append(Move(previous, entry))
    return diff


@dataclass
class ReleaseChanges:
    release: AgendaRelease
    diff: ReleaseDiff | None  # None for the first release

    @property
    def published_at(self) -> datetime.datetime:
        """In the event's time zone (|long_date and the strings below print it without converting)."""
        return timezone.localtime(self.release.published_at, self.release.event.tzinfo)

    @property
    def published_time(self) -> str:
        return format_clock(self.published_at.replace(tzinfo=None))  # already in the event's zone


def release_history(releases: list[AgendaRelease]) -> list[ReleaseChanges]:
    """Every release, newest first, each compared with the release before it."""
    ordered = sorted(releases, key=lambda r: r.number)
    history, previous = [], None
    for release in ordered:
        entries = entries_of(release)
        diff = None if previous is None else diff_entries(previous, entries)
        history.append(ReleaseChanges(release=release, diff=diff))
        previous = entries
    return list(reversed(history))


# --- The published agenda ---------------------------------------------------------------------------------


@dataclass
class GridCell:
    entries: list[AgendaEntry]
    rowspan: int = 1


@dataclass
class GridRow:
    starts: datetime.time
    ends: datetime.time
    cells: list[GridCell | None]  # one per room; None where a cell above spans into this row
    is_gap: bool = False  # no session in any room

    @property
    def time_label(self) -> str:
        return format_clock_range(self.starts, self.ends)  # 14.45–15.30 in Indonesian


@dataclass
class DayGrid:
    date: datetime.date
    number: int
    rooms: list[str]
    rows: list[GridRow]
    entries: list[AgendaEntry]

    @property
    def room_width(self) -> int:
        """Percent of the table's width for each room column (presentational hint; no style attributes)."""
        return 86 // max(len(self.rooms), 1)


def day_grid(date: datetime.date, number: int, entries: list[AgendaEntry], rooms: list[str]) -> DayGrid:
    """Times down, rooms across: rows run between consecutive start and end times of the day's sessions.

    A session spans the rows up to its end. Sessions that overlap in one room (the scheduling rules forbid
    it, but a snapshot is only data) share a cell instead of breaking the table.
    """
    bounds = sorted({e.starts for e in entries} | {e.ends for e in entries})
    index = {t: i for i, t in enumerate(bounds)}
    n_rows = max(len(bounds) - 1, 0)
    cells: list[list[GridCell | None | bool]] = [[False] * len(rooms) for _row in range(n_rows)]
    column = {room: i for i, room in enumerate(rooms)}
    for room in rooms:
        col = column[room]
        open_cell, open_end, open_start = None, None, None
        for entry in sorted((e for e in entries if e.room == room), key=lambda e: (e.starts, e.ends)):
            start, end = index[entry.starts], index[entry.ends]
            if open_cell is not None and start < open_end:
                open_cell.entries.append(entry)
                open_end = max(open_end, end)
                open_cell.rowspan = open_end - open_start
                continue
            open_cell, open_start, open_end = GridCell(entries=[entry], rowspan=end - start), start, end
            cells[start][col] = open_cell
    for col in range(len(rooms)):
        covered_until = 0
        for i in range(n_rows):
            cell = cells[i][col]
            if isinstance(cell, GridCell):
                covered_until = i + cell.rowspan
            elif i < covered_until:
                cells[i][col] = None
    rows = []
    for i in range(n_rows):
        row_cells = [cell if cell is not False else GridCell(entries=[]) for cell in cells[i]]
        is_gap = all(cell is not None and not cell.entries for cell in row_cells)
        rows.append(GridRow(starts=bounds[i], ends=bounds[i + 1], cells=row_cells, is_gap=is_gap))
    return DayGrid(date=date, number=number, rooms=rooms, rows=rows, entries=entries)


@dataclass
class PublishedAgenda:
    event: EvaluationEvent
    release: AgendaRelease
    previous: AgendaRelease | None
    entries: list[AgendaEntry]
    rooms: list[str]  # names in the event's room order
    room_ids: dict[str, int]  # room name -> pk, for the rooms that still exist
    diff: ReleaseDiff | None
    day_numbers: dict[datetime.date, int] = field(default_factory=dict)  # the event's day 1, 2, ...

    @property
    def dates(self) -> list[datetime.date]:
        return sorted({e.date for e in self.entries})

    @property
    def published_at(self) -> datetime.datetime:
        return timezone.localtime(self.release.published_at, self.event.tzinfo)

    @property
    def published_time(self) -> str:
        # A string: Django's |time filter would convert the datetime to the active zone, not the event's.
        return format_clock(self.published_at.replace(tzinfo=None))  # already in the event's zone

    @property
    def numbered_dates(self) -> list[tuple[int, datetime.date]]:
        return [(self.day_number(date), date) for date in self.dates]

    def day_number(self, date: datetime.date) -> int:
        return self.day_numbers.get(date) or self.dates.index(date) + 1

    def days(self, *, room: str | None = None) -> list[DayGrid]:
        rooms = [room] if room else self.rooms
        grids = []
        for date, day_entries in groupby(self.entries, key=lambda e: e.date):
            chosen = [e for e in day_entries if e.room in rooms]
            if chosen:
                grids.append(day_grid(date, self.day_number(date), chosen, rooms))
        return grids

    def by_region(self) -> list[tuple[AgendaEntry, int]]:
        """Every session in the order of the region names, with its day number."""
        return [(e, self.day_number(e.date)) for e in sorted(self.entries, key=lambda e: e.region)]

    def for_region(self, code: str) -> list[AgendaEntry]:
        return [e for e in self.entries if e.region_code == code]

    def for_room(self, name: str) -> list[AgendaEntry]:
        return [e for e in self.entries if e.room == name]

    @property
    def statuses(self) -> dict[str, str]:
        """Region code -> "added", "moved" or "details" for what changed since the previous release."""
        if self.diff is None:
            return {}
        statuses = {m.region_code: "details" for m in self.diff.details}
        statuses.update({m.region_code: "moved" for m in self.diff.moved})
        statuses.update({e.region_code: "added" for e in self.diff.added})
        return statuses


def published_agenda(event: EvaluationEvent) -> PublishedAgenda | None:
    """The latest release of a published agenda (four queries), or None when nothing was published."""
    releases = list(event.releases.filter(number__lte=event.agenda_release).order_by("-number")[:2])
    if not releases or event.agenda_release == 0:
        return None
    release = releases[0]
    previous = releases[1] if len(releases) > 1 else None
    entries = entries_of(release)
    room_ids = dict(event.rooms.order_by("order", "name").values_list("name", "pk"))
    named = {e.room for e in entries}
    rooms = [name for name in room_ids if name in named]
    rooms += sorted(named - set(rooms))  # rooms renamed or removed since the release
    diff = diff_entries(entries_of(previous), entries) if previous else None
    day_numbers = {date: n for n, date in enumerate(event.days.values_list("date", flat=True), start=1)}
    return PublishedAgenda(
        event=event,
        release=release,
        previous=previous,
        entries=entries,
        rooms=rooms,
        room_ids=room_ids,
        diff=diff,
        day_numbers=day_numbers,
    )


# --- iCalendar --------------------------------------------------------------------------------------------


def session_uid(event: EvaluationEvent, region_code: str) -> str:
    return f"agenda-{event.pk}-{region_code}@{UID_DOMAIN}"


def event_location(agenda: PublishedAgenda, entry: AgendaEntry) -> str:
    event = agenda.event
    return ", ".join(part for part in (entry.room, event.venue, event.address) if part)


def event_description(entry: AgendaEntry, *, event: EvaluationEvent | None = None, local_zone=None) -> str:
    """Presenter, content, the time in the region's own zone (when ``local_zone`` differs from the event's) and
    whether the room is online or hybrid. Never the meeting link: a feed is a public address."""
    lines = []
    if entry.presenter:
        presenter = entry.presenter
        if entry.presenter_position:
            presenter = f"{presenter} ({entry.presenter_position})"
        lines.append(_("Presenter: %(presenter)s") % {"presenter": presenter})
    if entry.presents:
        lines.append(_("Presents: %(what)s") % {"what": entry.presents_label})
    if event is not None and local_zone and local_zone != event.timezone:
        time = entry.local_time_label(event.timezone, local_zone)
        lines.append(_("Time: %(time)s") % {"time": time})
    if entry.is_linked:
        lines.append(_("Room: %(room)s (%(mode)s)") % {"room": entry.room, "mode": entry.room_mode_label})
    return "\n".join(lines)


def withdrawn_entries(agenda: PublishedAgenda) -> list[AgendaEntry]:
    """Sessions an earlier release published that the latest one no longer has (the region withdrew or the
    session was removed), each as it was last published. Calendar programs that copied them must be told."""
    current = {e.region_code for e in agenda.entries}
    last = {}
    for release in agenda.event.releases.filter(number__lt=agenda.release.number).order_by("number"):
        for entry in entries_of(release):
            last[entry.region_code] = entry
    return sorted((e for code, e in last.items() if code not in current), key=lambda e: (e.date, e.starts))


def build_calendar(
    agenda: PublishedAgenda,
    entries: list[AgendaEntry],
    *,
    name: str,
    url_of=None,
    cancelled=(),
    local_zones: dict[str, str] | None = None,
) -> bytes:
    """A VCALENDAR with one VEVENT per session, times in UTC; ``url_of(entry)`` gives a page address.
    ``cancelled`` sessions keep their UID with STATUS:CANCELLED and the new SEQUENCE, so calendars drop them.
    ``local_zones`` (region code -> zone name) adds the region's own time to a session's description."""
    local_zones = local_zones or {}
    # Imported here, like WeasyPrint: only the feeds need it.
    import icalendar

    event, release = agenda.event, agenda.release
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # X-WR-CALNAME is a raw text property (icalendar refuses a line break in it): an event name typed with one
    # would make the whole feed fail. The name is one line in calendar programs anyway.
    calendar.add("x-wr-calname", " ".join(name.split()))
    calendar.add("x-wr-timezone", event.timezone)
    stamp = release.published_at.astimezone(datetime.UTC).replace(microsecond=0)
    for entry, status in [(e, "CONFIRMED") for e in entries] + [(e, "CANCELLED") for e in cancelled]:
        vevent = icalendar.Event()
        vevent.add("uid", session_uid(event, entry.region_code))
        vevent.add("dtstamp", stamp)
        vevent.add("last-modified", stamp)
        vevent.add("sequence", release.number)
        vevent.add("dtstart", entry.start_datetime(event.tzinfo).astimezone(datetime.UTC))
        vevent.add("dtend", entry.end_datetime(event.tzinfo).astimezone(datetime.UTC))
        # Translators: title of a calendar entry, e.g. "Paparan Kabupaten Pemalang".
        vevent.add("summary", _("Presentation by %(region)s") % {"region": entry.region})
        vevent.add("location", event_location(agenda, entry))
        description = event_description(entry, event=event, local_zone=local_zones.get(entry.region_code))
        if description:
            vevent.add("description", description)
        if url_of is not None and status == "CONFIRMED":
            vevent.add("url", url_of(entry))
        vevent.add("status", status)
        vevent.add("transp", "OPAQUE")
        calendar.add_component(vevent)
    return calendar.to_ical()


# --- Printed agenda (PDF) ---------------------------------------------------------------------------------

DOCUMENT_LANGUAGE = "id"


def render_pdf_html(agenda: PublishedAgenda, *, language: str = DOCUMENT_LANGUAGE) -> tuple[str, str]:
    with translation.override(language):
        context = {"agenda": agenda, "event": agenda.event, "days": agenda.days(), "language": language}
        html = render_to_string("evaluations/agenda/print.html", context)
        css = render_to_string("evaluations/agenda/print.css", context)
    return html, css


def build_pdf(agenda: PublishedAgenda, *, language: str = DOCUMENT_LANGUAGE) -> bytes:
    html, css = render_pdf_html(agenda, language=language)
    return write_pdf(html, css, presentational_hints=True)
