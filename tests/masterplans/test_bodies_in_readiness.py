"""The masterplan's readiness part shows the region's current smart city bodies beside the aspect analysis
(the institutions of the aspect "suprastruktur"), in a fixed number of queries."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.masterplans.services import create_masterplan
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.regions.models import BodyKind, BodyRole, MembershipRole
from tests.factories import (
    BodyMemberFactory,
    ParticipationFactory,
    RegionalBodyFactory,
    RegionMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(framework):
    participation = ParticipationFactory(status=ParticipationStatus.MENTORING)
    editor = UserFactory()
    RegionMembershipFactory(user=editor, region=participation.region, role=MembershipRole.EDITOR)
    return create_masterplan(participation, by=editor), editor


def _readiness(client, masterplan):
    return client.get(reverse("masterplans:part", args=[masterplan.pk, "readiness"]))


def _text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _council(region, n_members=3, **kwargs):
    body = RegionalBodyFactory(region=region, decree_date=datetime.date(2018, 12, 13), **kwargs)
    BodyMemberFactory(body=body, name="Heru Santoso", position="Sekretaris Daerah", role=BodyRole.CHAIR)
    BodyMemberFactory.create_batch(n_members - 1, body=body)
    return body


def test_the_readiness_part_shows_the_current_bodies_with_a_link(plan, client):
    masterplan, editor = plan
    region = masterplan.region
    _council(region, decree_number="188.4/12/2018")
    RegionalBodyFactory(  # ended: not shown
        region=region,
        decree_number="188.4/1/2010",
        period_start=datetime.date(2010, 1, 1),
        period_end=datetime.date(2012, 1, 1),
    )
    client.force_login(editor)

    response = _readiness(client, masterplan)

    text = _text(response)
    assert (
        "Lembaga smart city daerah Suprastruktur: kelembagaan "
        "Dewan Smart City SK Nomor 188.4/12/2018 tanggal Kamis, 13 Desember 2018 "
        "Ketua: Heru Santoso (Sekretaris Daerah) · 3 anggota "
        "Tim Pelaksana Smart City Tidak ada SK yang berlaku hari ini."
    ) in text
    assert "188.4/1/2010" not in text
    assert reverse("regions:bodies", args=[region.code]) in response.content.decode()


def test_the_bodies_are_shown_after_the_aspect_analysis(plan, client):
    masterplan, editor = plan
    client.force_login(editor)

    html = _readiness(client, masterplan).content.decode()

    assert html.index('id="analysis"') < html.index('id="regional-bodies"') < html.index('id="swot"')


def test_other_parts_do_not_show_them(plan, client):
    masterplan, editor = plan
    client.force_login(editor)

    html = client.get(reverse("masterplans:part", args=[masterplan.pk, "profile"])).content.decode()

    assert 'id="regional-bodies"' not in html


def _queries(client, masterplan) -> int:
    _readiness(client, masterplan)  # warm the per-process caches
    with CaptureQueriesContext(connection) as captured:
        assert _readiness(client, masterplan).status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_bodies_or_members(plan, client):
    masterplan, editor = plan
    client.force_login(editor)
    _council(masterplan.region, n_members=1)
    few = _queries(client, masterplan)

    _council(masterplan.region, n_members=9, period_start=datetime.date(2023, 1, 1))
    team = RegionalBodyFactory(region=masterplan.region, kind=BodyKind.TEAM)
    BodyMemberFactory.create_batch(7, body=team)
    many = _queries(client, masterplan)

    assert many == few
