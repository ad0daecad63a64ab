"""The public reads a published masterplan's published version, not its live rows (masterplans/published.py).

Pemalang's demo masterplan is published through the workflow; then an agency is renamed and the live rows are
edited (a programme renamed, the vision and a mission rewritten, a quick win added). No public page, API answer or
book shows those edits until the masterplan is published again; then they all do.
"""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from kotacerdas.masterplans.documents import tasks
from kotacerdas.masterplans.models import (
    Masterplan,
    MasterplanProgramme,
    MasterplanStatus,
    MasterplanVersion,
    Mission,
    Section,
)
from kotacerdas.masterplans.services import change_status
from kotacerdas.masterplans.snapshot import take_snapshot
from kotacerdas.regions.models import Opd
from tests.factories import MasterplanProgrammeFactory, MasterplanVersionFactory, ProgressReportFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
S = MasterplanStatus

# Words only the unpublished edits carry: none may reach the public before the next publication.
LEAKS = ["Dinas Bocor", "Program Bocor", "Visi Bocor", "Misi Bocor", "Program Baru Bocor"]


def _publish(demo, masterplan):
    approver, secretariat = demo["approver.pemalang"], demo["sekretariat"]
    change_status(masterplan, S.SUBMITTED, by=approver)
    change_status(masterplan, S.IN_REVIEW, by=secretariat)
    change_status(masterplan, S.APPROVED, by=secretariat)
    change_status(masterplan, S.PUBLISHED, by=secretariat)
    masterplan.refresh_from_db()
    return masterplan


def _reopen(masterplan):
    """Back to revision (the workflow has no move out of "published" yet): a stand-in for a later round."""
    Masterplan.objects.filter(pk=masterplan.pk).update(status=S.REVISION_REQUESTED)
    masterplan.refresh_from_db()


@pytest.fixture
def edited(demo):
    """Pemalang published, then edited live: its quick win's agency and a programme renamed, vision and first
    mission rewritten, a programme added."""
    mp = _publish(demo, demo["pemalang"])
    quick_win = mp.programmes.filter(is_quick_win=True, owner_opd__isnull=False).order_by("pk").first()
    other = (
        mp.programmes.filter(is_quick_win=False).exclude(owner_opd=quick_win.owner_opd).order_by("pk").first()
    )
    names = {
        "opd": quick_win.owner_opd.name,
        "quick_win": quick_win.name,
        "programme": other.name,
        "vision": mp.sections.get(key="vision").body,
        "mission": mp.missions.order_by("order", "pk").first().text,
    }
    ProgressReportFactory(programme=quick_win, percent_complete=40)
    Opd.objects.filter(pk=quick_win.owner_opd_id).update(name="Dinas Bocor Pemalang")
    MasterplanProgramme.objects.filter(pk=other.pk).update(name="Program Bocor Pemalang")
    Section.objects.filter(masterplan=mp, key="vision").update(body="Visi Bocor Pemalang")
    Mission.objects.filter(pk=mp.missions.order_by("order", "pk").first().pk).update(
        text="Misi Bocor Pemalang"
    )
    added = MasterplanProgrammeFactory(  # complete, as the masterplan is submitted again in a later test
        masterplan=mp,
        strategy=other.strategy,
        name="Program Baru Bocor Pemalang",
        owner_opd=other.owner_opd,
        funding_source=other.funding_source,
        start_year=other.start_year,
        end_year=other.end_year,
    )
    return {"mp": mp, "quick_win": quick_win, "other": other, "added": added, "names": names, **demo}


def _public_answers(client, mp, quick_win) -> dict[str, str]:
    """Every public page and API answer that shows the masterplan's content, as an anonymous visitor reads it."""
    region, year = mp.participation.region.code, mp.participation.cohort.year
    urls = {
        "masterplan page": reverse("portal:masterplan", args=[region, mp.pk]),
        "region page": reverse("portal:region_detail", args=[region]),
        "region dashboard": reverse("portal:region_dashboard", args=[region]),
        "showcase": reverse("portal:quick_wins") + f"?region={region}",
        "directory": reverse("portal:region_directory") + "?q=Pemalang",
        "quick-win feedback": reverse("news:quick_win_feedback", args=[quick_win.pk]),
        "API masterplan": f"/api/v1/masterplans/{region}/{year}",
        "API masterplans": f"/api/v1/masterplans?region={region}",
        "API programmes": f"/api/v1/programmes?region={region}&limit=500",
        "API programmes CSV": f"/api/v1/programmes?region={region}&limit=500&format=csv",
    }
    client.logout()
    answers = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        answers[name] = response.content.decode()
    # The region's directory of agencies is live region data, not the masterplan: it names the agency as it is
    # called now, and only it may.
    answers["region page"] = re.sub(
        r'<section class="card" aria-labelledby="opds-title">.*?</section>',
        "",
        answers["region page"],
        flags=re.S,
    )
    return answers


def _book_text(mp) -> str:
    book = tasks._book(Masterplan.objects.get(pk=mp.pk), 2)
    texts = [book.cover.title]
    for chapter in book.chapters:
        for block in chapter.blocks:
            texts.append(repr(block))
    return "\n".join(texts)


def test_public_pages_api_and_books_show_the_published_version_not_later_edits(client, edited):
    mp, names = edited["mp"], edited["names"]

    answers = _public_answers(client, mp, edited["quick_win"])
    book = _book_text(mp)

    leaks = {name: [w for w in LEAKS if w in text] for name, text in {**answers, "book 2": book}.items()}
    assert leaks == {name: [] for name in leaks}
    assert names["quick_win"] in answers["showcase"]
    assert names["opd"] in answers["showcase"]
    assert (names["programme"] in answers["masterplan page"], names["vision"] in answers["region page"]) == (
        True,
        True,
    )
    assert names["mission"] in answers["API masterplan"]
    assert (names["opd"] in book, names["programme"] in book) == (True, True)


def test_api_programmes_keep_published_names_and_live_progress(client, edited):
    mp, names, quick_win = edited["mp"], edited["names"], edited["quick_win"]
    region = mp.participation.region.code

    rows = client.get(f"/api/v1/programmes?region={region}&limit=500").json()["results"]
    detail = client.get(f"/api/v1/masterplans/{region}/2018").json()

    mine = next(r for r in rows if r["id"] == quick_win.pk)
    assert (mine["name"], mine["owner_opd"], mine["progress"]["percent_complete"]) == (
        names["quick_win"],
        names["opd"],
        40,
    )
    assert sorted(r["id"] for r in rows) == sorted(p["id"] for p in detail["programmes"])
    assert edited["added"].pk not in {r["id"] for r in rows}  # added after publication
    assert len(rows) == len(MasterplanVersion.objects.get(pk=mp.published_version_id).snapshot["programmes"])


def test_a_new_publication_shows_the_edits(client, edited):
    mp = edited["mp"]
    first = mp.published_version_id
    _reopen(mp)

    mp = _publish(edited, mp)

    answers = _public_answers(client, mp, edited["quick_win"])
    assert mp.published_version_id != first
    assert mp.published_version == mp.versions.order_by("-number").first()
    shown = {
        name: [w for w in ("Dinas Bocor", "Program Bocor", "Visi Bocor", "Program Baru Bocor") if w in text]
        for name, text in answers.items()
    }
    assert shown["masterplan page"] == ["Dinas Bocor", "Program Bocor", "Visi Bocor", "Program Baru Bocor"]
    assert shown["API programmes"] == ["Dinas Bocor", "Program Bocor", "Program Baru Bocor"]
    assert shown["showcase"] == ["Dinas Bocor"]
    assert shown["region page"] == ["Dinas Bocor", "Visi Bocor"]
    assert "Misi Bocor" in answers["API masterplan"]
    assert "Dinas Bocor" in _book_text(mp)


def test_publication_points_at_the_latest_version(demo):
    mp = demo["pemalang"]
    approver, mentor, secretariat = demo["approver.pemalang"], demo["mentor"], demo["sekretariat"]
    change_status(mp, S.SUBMITTED, by=approver)
    change_status(mp, S.REVISION_REQUESTED, by=mentor)
    change_status(mp, S.SUBMITTED, by=approver)
    change_status(mp, S.IN_REVIEW, by=secretariat)
    change_status(mp, S.APPROVED, by=secretariat)
    mp.refresh_from_db()
    assert mp.published_version is None  # approved is not published

    change_status(mp, S.PUBLISHED, by=secretariat)

    mp.refresh_from_db()
    assert (mp.published_version.number, mp.versions.count()) == (2, 2)


def test_data_migration_points_published_masterplans_at_their_latest_version(demo):
    pemalang, pekalongan = demo["pemalang"], demo["pekalongan"]
    MasterplanVersionFactory(masterplan=pemalang, number=1)
    MasterplanVersionFactory(masterplan=pemalang, number=2)
    MasterplanVersionFactory(masterplan=pekalongan, number=1)
    Masterplan.objects.filter(pk=pemalang.pk).update(status=S.PUBLISHED)
    Masterplan.objects.filter(pk=pekalongan.pk).update(status=S.APPROVED)
    migration = importlib.import_module("kotacerdas.masterplans.migrations.0004_published_version")

    migration.point_at_latest_version(apps, None)

    pemalang.refresh_from_db()
    pekalongan.refresh_from_db()
    assert (pemalang.published_version.number, pekalongan.published_version) == (2, None)


def test_public_reads_of_a_published_version_run_a_fixed_number_of_queries(client, demo):
    mp = _publish(demo, demo["pemalang"])
    quick_win = mp.programmes.filter(is_quick_win=True).order_by("pk").first()
    region = mp.participation.region.code
    urls = [
        reverse("portal:masterplan", args=[region, mp.pk]),
        reverse("portal:region_detail", args=[region]),
        reverse("portal:region_dashboard", args=[region]),
        reverse("portal:quick_wins"),
        reverse("portal:region_directory") + "?movement=1",
        reverse("news:quick_win_feedback", args=[quick_win.pk]),
        f"/api/v1/masterplans/{region}/2018",
        "/api/v1/masterplans",
        "/api/v1/programmes?limit=500",
    ]
    small = {url: count_queries(client, url) for url in urls}
    for i in range(6):  # more programmes and quick wins in the published version
        MasterplanProgrammeFactory(masterplan=mp, strategy=quick_win.strategy, is_quick_win=i % 2 == 0)
    MasterplanVersion.objects.filter(pk=mp.published_version_id).update(snapshot=take_snapshot(mp))

    large = {url: count_queries(client, url) for url in urls}

    assert large == small
