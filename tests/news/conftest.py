"""Two regions, each with a masterplan and a delivered quick win: region A's masterplan is published, region B's
is a draft, so anything of B that shows on a public page is a leak. Posts: public, draft, scheduled."""

import time
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from kotacerdas.accounts.models import User
from kotacerdas.masterplans.models import Masterplan, MasterplanProgramme, MasterplanStatus
from kotacerdas.masterplans.services import create_masterplan
from kotacerdas.news.models import Post
from kotacerdas.news.protection import form_token
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.regions.models import MembershipRole, Region
from tests.factories import (
    CohortFactory,
    MasterplanProgrammeFactory,
    ParticipationFactory,
    PostFactory,
    ProgressReportFactory,
    RegionFactory,
    RegionMembershipFactory,
    StrategyFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def fresh_cache():
    """The rate limit lives in the cache: each test starts with no submissions counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def en_client(client, settings):
    """The test client reading the site in English (messages are asserted by their English ids)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(autouse=True)
def media(media):
    """Every news test writes its uploads to the temporary media folder of tests/conftest.py."""
    return media


@dataclass
class NewsWorld:
    region_a: Region
    region_b: Region
    masterplan_a: Masterplan
    masterplan_b: Masterplan
    quick_win_a: MasterplanProgramme  # published masterplan, delivered
    open_quick_win_a: MasterplanProgramme  # published masterplan, not delivered yet
    programme_a: MasterplanProgramme  # published masterplan, not a quick win
    quick_win_b: MasterplanProgramme  # draft masterplan, delivered
    public_post: Post
    draft_post: Post
    scheduled_post: Post
    secretariat: User
    editor_a: User
    viewer_a: User
    editor_b: User
    mentor_a: User


def _quick_win(masterplan, strategy, name, *, delivered_on=None, quick_win=True):
    programme = MasterplanProgrammeFactory(
        masterplan=masterplan, strategy=strategy, name=name, is_quick_win=quick_win
    )
    if delivered_on:
        ProgressReportFactory(
            programme=programme,
            reported_on=delivered_on - timedelta(days=60),
            status="running",
            percent_complete=50,
        )
        ProgressReportFactory(
            programme=programme, reported_on=delivered_on, status="done", percent_complete=100
        )
    return programme


@pytest.fixture
def news_world(framework) -> NewsWorld:
    cohort = CohortFactory(framework_version=framework, year=2018)
    region_a = RegionFactory(name="Kabupaten Alfa")
    region_b = RegionFactory(name="Kota Beta")
    part_a = ParticipationFactory(cohort=cohort, region=region_a, status=ParticipationStatus.MENTORING)
    part_b = ParticipationFactory(cohort=cohort, region=region_b, status=ParticipationStatus.MENTORING)
    editor_a, viewer_a, editor_b = (
        UserFactory(full_name="Editor Alfa"),
        UserFactory(full_name="Pembaca Alfa"),
        UserFactory(full_name="Editor Beta"),
    )
    RegionMembershipFactory(user=editor_a, region=region_a, role=MembershipRole.EDITOR)
    RegionMembershipFactory(user=viewer_a, region=region_a, role=MembershipRole.VIEWER)
    RegionMembershipFactory(user=editor_b, region=region_b, role=MembershipRole.EDITOR)
    mentor_a = UserFactory(full_name="Mentor Alfa", is_mentor=True)
    part_a.mentors.add(mentor_a)
    masterplan_a = create_masterplan(part_a, by=editor_a, start_year=2019)
    masterplan_b = create_masterplan(part_b, by=editor_b, start_year=2019)
    Masterplan.objects.filter(pk=masterplan_a.pk).update(status=MasterplanStatus.PUBLISHED)
    masterplan_a.refresh_from_db()
    gov = framework.dimensions.get(code="GOV")
    strategy_a = StrategyFactory(masterplan=masterplan_a, dimension=gov)
    strategy_b = StrategyFactory(masterplan=masterplan_b, dimension=gov)
    today = timezone.localdate()
    return NewsWorld(
        region_a=region_a,
        region_b=region_b,
        masterplan_a=masterplan_a,
        masterplan_b=masterplan_b,
        quick_win_a=_quick_win(
            masterplan_a, strategy_a, "Kanal pengaduan Alfa", delivered_on=date(2019, 4, 25)
        ),
        open_quick_win_a=_quick_win(masterplan_a, strategy_a, "Bank sampah Alfa"),
        programme_a=_quick_win(masterplan_a, strategy_a, "Mal pelayanan Alfa", quick_win=False),
        quick_win_b=_quick_win(
            masterplan_b, strategy_b, "Kanal rahasia Beta", delivered_on=today - timedelta(days=1)
        ),
        public_post=_post("Evaluasi hari pertama", "evaluasi-hari-pertama", regions=[region_a]),
        draft_post=_post("Draf rahasia Beta", "draf-rahasia-beta", status="draft", regions=[region_b]),
        scheduled_post=_post(
            "Pengumuman terjadwal Beta",
            "pengumuman-terjadwal-beta",
            publish_at=timezone.now() + timedelta(days=2),
            regions=[region_b],
        ),
        secretariat=UserFactory(full_name="Sekretariat Uji", is_secretariat=True),
        editor_a=editor_a,
        viewer_a=viewer_a,
        editor_b=editor_b,
        mentor_a=mentor_a,
    )


def _post(title, slug, *, regions=(), **fields):
    post = PostFactory(title=title, slug=slug, **fields)
    post.regions.set(regions)
    return post


def old_token() -> str:
    """A form rendered a minute ago: past the minimum time, well within the maximum age."""
    return form_token(time.time() - 60)


@pytest.fixture
def comment_data():
    def _data(**changes):
        data = {
            "name": "Rina",
            "email": "rina@example.test",
            "text": "Bagus sekali.",
            "fax": "",
            "ts": old_token(),
        }
        data.update(changes)
        return data

    return _data


@pytest.fixture
def feedback_data():
    def _data(**changes):
        data = {
            "rating": "4",
            "text": "Pengaduan saya dijawab dalam dua hari.",
            "name": "Agus",
            "email": "agus@example.test",
            "fax": "",
            "ts": old_token(),
        }
        data.update(changes)
        return data

    return _data
