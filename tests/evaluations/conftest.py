import pytest

from kotacerdas.accounts.models import User
from kotacerdas.evaluations.demo import load_demo_event
from kotacerdas.masterplans.demo import load_demo_masterplan
from kotacerdas.programmes.demo import load_demo


@pytest.fixture
def demo_event(regions_loaded, framework):
    """The December 2018 demo evaluation (12 sessions, 2 rooms, 2 panels of 3) with the demo users.

    Keys: "event", "pemalang" (Pemalang's session), and every demo user by the part of the e-mail before "@"
    (e.g. "sekretariat", "evaluator" (chair of Panel 1), "evaluator4" (chair of Panel 2), "editor.pemalang",
    "mentor").
    """
    load_demo()
    load_demo_masterplan()
    event = load_demo_event()
    users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.kotacerdas.id")}
    return {"event": event, "pemalang": event.sessions.get(participation__region__code="33.27"), **users}
