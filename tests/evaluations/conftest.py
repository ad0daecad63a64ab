import pytest

from kotacerdas.evaluations.demo import load_demo_event
from kotacerdas.evaluations.models import ScoreSheet
from kotacerdas.masterplans.demo import load_demo_masterplan
from kotacerdas.programmes.demo import load_demo
from tests.utils import demo_users


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
    users = demo_users()
    return {"event": event, "pemalang": event.sessions.get(participation__region__code="33.27"), **users}


@pytest.fixture
def secretariat_client(client, demo_event):
    """The test client, signed in as the demo secretariat."""
    client.force_login(demo_event["sekretariat"])
    return client


@pytest.fixture
def en(client, settings):
    """The test client reading pages in English (the message ids), chosen as a visitor does: the cookie."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def blank(demo_event):
    """evaluator3 (Panel 1) with no sheet at all on Pemalang: both parts start empty."""
    ScoreSheet.objects.filter(session=demo_event["pemalang"], evaluator=demo_event["evaluator3"]).delete()
    return demo_event
