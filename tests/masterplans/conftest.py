import pytest

from kotacerdas.masterplans.demo import load_demo_masterplan
from kotacerdas.masterplans.services import create_masterplan
from kotacerdas.programmes.demo import load_demo
from kotacerdas.programmes.models import Participation
from tests.utils import demo_users


@pytest.fixture
def demo(regions_loaded, framework):
    """The demo data set with Pemalang's complete masterplan and an empty one for Pekalongan."""
    load_demo()
    pemalang = load_demo_masterplan()
    pekalongan_participation = Participation.objects.get(region__code="33.75", cohort__year=2018)
    pekalongan = create_masterplan(pekalongan_participation, by=None)
    users = demo_users()
    return {"pemalang": pemalang, "pekalongan": pekalongan, **users}


@pytest.fixture(autouse=True)
def english_messages():
    """Service tests compare messages with their English ids; page tests check the Indonesian text."""
    from django.utils import translation

    with translation.override("en"):
        yield
