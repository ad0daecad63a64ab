"""Fixtures shared by the monitoring tests: two regions with their teams, the demo data set around Pemalang, and
a logged-in client."""

from dataclasses import dataclass

import pytest

from kotacerdas.accounts.models import User
from kotacerdas.masterplans.demo import load_demo_masterplan
from kotacerdas.programmes.demo import load_demo
from kotacerdas.programmes.models import Participation
from kotacerdas.regions.models import MembershipRole, Region
from tests.factories import RegionFactory, RegionMembershipFactory, UserFactory
from tests.utils import demo_users


@dataclass
class Teams:
    """Region A with an editor and a viewer, region B with an editor, and the secretariat."""

    region_a: Region
    region_b: Region
    secretariat: User
    editor_a: User
    viewer_a: User
    editor_b: User


@pytest.fixture
def teams(db) -> Teams:
    region_a = RegionFactory(name="Kabupaten Alfa")
    region_b = RegionFactory(name="Kota Beta")
    editor_a = UserFactory(full_name="Editor Alfa")
    viewer_a = UserFactory(full_name="Pembaca Alfa")
    editor_b = UserFactory(full_name="Editor Beta")
    RegionMembershipFactory(user=editor_a, region=region_a, role=MembershipRole.EDITOR)
    RegionMembershipFactory(user=viewer_a, region=region_a, role=MembershipRole.VIEWER)
    RegionMembershipFactory(user=editor_b, region=region_b, role=MembershipRole.EDITOR)
    return Teams(
        region_a=region_a,
        region_b=region_b,
        secretariat=UserFactory(full_name="Sekretariat Uji", is_secretariat=True),
        editor_a=editor_a,
        viewer_a=viewer_a,
        editor_b=editor_b,
    )


@pytest.fixture
def demo(regions_loaded, framework) -> dict:
    """The demo data set: Pemalang's 2018 participation (33.27) with its demo masterplan, Pekalongan's (33.75)
    beside it, and the demo users by the name of their e-mail address ("editor.pemalang", "mentor"...)."""
    load_demo()
    masterplan = load_demo_masterplan()
    users = demo_users()
    return {
        "pemalang": Participation.objects.get(region__code="33.27", cohort__year=2018),
        "pekalongan": Participation.objects.get(region__code="33.75", cohort__year=2018),
        "masterplan": masterplan,
        **users,
    }


@pytest.fixture
def login(client):
    """``login(user)`` returns the test client signed in as ``user``."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
