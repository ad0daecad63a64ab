import pytest

from kotacerdas.evaluations.demo import load_demo_event
from kotacerdas.programmes.demo import load_demo
from kotacerdas.scheduling.demo import load_demo_scheduling
from kotacerdas.scheduling.models import SchedulingSettings
from tests.utils import demo_users


@pytest.fixture
def demo_2026(regions_loaded, framework):
    """The demo 2026 evaluation: 40 regions, 2 days, 3 rooms, a pool of 12, not scheduled yet; and the 2018
    demo event beside it (another event whose data must stay apart).

    Keys: "event", "event_2018", "sekretariat", "evaluator" .. "evaluator12", "mentor", "editor.pemalang".
    """
    load_demo()
    event_2018 = load_demo_event()
    event = load_demo_scheduling()
    SchedulingSettings.objects.filter(event=event).update(time_limit_seconds=10)
    users = demo_users()
    return {"event": event, "event_2018": event_2018, **users}
