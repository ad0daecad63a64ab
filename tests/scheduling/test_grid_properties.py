"""Property: whatever moves a secretariat tries on the grid, in any order, the schedule never breaks a rule; a
refused move changes nothing (not even the grid's token), an accepted one changes only the sessions it names."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kotacerdas.evaluations.demo import load_demo_event
from kotacerdas.evaluations.models import ScoreSheet
from kotacerdas.evaluations.services import schedule_violations
from kotacerdas.programmes.demo import load_demo
from kotacerdas.scheduling import grid as grids
from kotacerdas.scheduling import moves
from tests.utils import demo_users

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    pass


@pytest.fixture
def world(regions_loaded, framework):
    load_demo()
    event = load_demo_event()
    ScoreSheet.objects.filter(session__event=event).delete()
    drawn = grids.schedule_grid(event)
    cells = [(d.day, c) for d in drawn.days for row in d.rows if not row.break_label for c in row.cells]
    sessions = list(event.sessions.order_by("pk").values_list("pk", flat=True))
    return event, demo_users()["sekretariat"], sessions, cells


def _places(event) -> dict:
    return {s.pk: (s.day_id, s.room_id, s.starts, s.ends) for s in event.sessions.all()}


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_sequence_of_moves_keeps_every_rule(world, data):
    event, by, sessions, cells = world
    assert schedule_violations(event) == []
    tries = data.draw(
        st.lists(
            st.tuples(st.sampled_from(sessions), st.sampled_from(range(len(cells)))), min_size=1, max_size=6
        )
    )
    try:
        with transaction.atomic():
            for session_id, k in tries:
                day, cell = cells[k]
                before, token = _places(event), grids.schedule_token(event)
                try:
                    done = moves.move_session(
                        event,
                        session_id,
                        day=day,
                        room=event.rooms.get(pk=cell.room_id),
                        starts=cell.starts,
                        token=token,
                        by=by,
                    )
                except ValidationError:
                    assert _places(event) == before
                    assert grids.schedule_token(event) == token
                    continue
                after = _places(event)
                changed = {pk for pk in after if after[pk] != before[pk]}
                named = {done["moved"].pk} | ({done["swapped"].pk} if done["swapped"] else set())
                assert changed == named
                assert schedule_violations(event) == []
                moved = after[session_id]
                # A session keeps its length wherever it goes.
                length = datetime.datetime.combine(day.date, moved[3]) - datetime.datetime.combine(
                    day.date, moved[2]
                )
                first = before[session_id]
                assert length == datetime.datetime.combine(day.date, first[3]) - datetime.datetime.combine(
                    day.date, first[2]
                )
            raise _Undo
    except _Undo:
        pass
