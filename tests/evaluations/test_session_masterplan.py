"""What a panel reads of a presenting region's masterplan (issue 20 #5): the version the region last submitted,
never its live text; nothing at all for an evaluator with a conflict of interest."""

import pytest
from django.urls import reverse

from kotacerdas.masterplans.documents.content import book_content
from kotacerdas.masterplans.documents.frozen import version_book
from kotacerdas.masterplans.models import Masterplan, MasterplanStatus, Section
from kotacerdas.masterplans.services import change_status
from kotacerdas.regions.models import MembershipRole, Opd, Region
from tests.evaluations.test_scoring import score_url
from tests.factories import DeclaredConflictFactory, RegionMembershipFactory

S = MasterplanStatus
LEAK = "PENANDA-DRAF-BOCOR-5521"


def read_url(session):
    return reverse("evaluations:session_masterplan", args=[session.pk])


@pytest.fixture
def submitted_then_revised(demo_event):
    """Pemalang submitted (version 1), was sent back for revision, and its team is writing a new vision."""
    mp = Masterplan.objects.get(participation__region__code="33.27")
    vision = mp.sections.get(key="vision").body
    change_status(mp, S.SUBMITTED, by=demo_event["approver.pemalang"])
    change_status(mp, S.REVISION_REQUESTED, by=demo_event["mentor"], note="Perjelas visi")
    Section.objects.filter(masterplan=mp, key="vision").update(body=f"{LEAK} Visi baru yang belum diajukan.")
    return mp, vision


def test_a_masterplan_never_submitted_is_not_readable_by_the_panel(demo_event, client):
    Section.objects.filter(masterplan__participation__region__code="33.27", key="vision").update(body=LEAK)
    client.force_login(demo_event["evaluator3"])

    response = client.get(read_url(demo_event["pemalang"]))
    score_page = client.get(score_url(demo_event["pemalang"])).content.decode()

    assert response.status_code == 404
    assert read_url(demo_event["pemalang"]) not in score_page
    assert LEAK not in score_page


@pytest.mark.parametrize("reader", ["evaluator3", "sekretariat"])
def test_the_panel_reads_the_last_submitted_version_not_the_live_text(
    demo_event, submitted_then_revised, client, reader
):
    mp, vision = submitted_then_revised
    client.force_login(demo_event[reader])

    response = client.get(read_url(demo_event["pemalang"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["version"].number == 1
    assert LEAK not in html
    assert vision.split("\n\n")[0][:80] in html
    assert "versi 1, diajukan pada" in html


@pytest.mark.parametrize("conflict", ["declared", "team member", "mentor"])
def test_an_evaluator_with_a_conflict_of_interest_reads_nothing(
    demo_event, submitted_then_revised, client, conflict
):
    mp, _vision = submitted_then_revised
    evaluator = demo_event["evaluator3"]
    if conflict == "declared":
        DeclaredConflictFactory(evaluator=evaluator, region=mp.region)
    elif conflict == "team member":
        RegionMembershipFactory(user=evaluator, region=mp.region, role=MembershipRole.VIEWER)
    else:
        mp.participation.mentors.add(evaluator)
    client.force_login(evaluator)

    masterplan = client.get(read_url(demo_event["pemalang"]))
    overlap = client.get(reverse("evaluations:session_overlap", args=[demo_event["pemalang"].pk]))
    score_page = client.get(score_url(demo_event["pemalang"])).content.decode()

    assert (masterplan.status_code, overlap.status_code) == (404, 404)
    assert read_url(demo_event["pemalang"]) not in score_page


def test_an_evaluator_without_conflict_still_reads_after_another_declares_one(
    demo_event, submitted_then_revised, client
):
    mp, _vision = submitted_then_revised
    DeclaredConflictFactory(evaluator=demo_event["evaluator3"], region=mp.region)
    DeclaredConflictFactory(evaluator=demo_event["evaluator"], region=Region.objects.get(code="33.75"))
    client.force_login(demo_event["evaluator"])

    response = client.get(read_url(demo_event["pemalang"]))

    assert response.status_code == 200


def test_a_versions_book_is_the_live_book_it_froze(demo_event):
    """The frozen book (documents/frozen.py) lays out a snapshot exactly as the live book lays out the rows. (A
    snapshot names agencies in full: the live book's short names are left out of the comparison.)"""
    Opd.objects.update(short_name="")
    mp = Masterplan.objects.get(participation__region__code="33.27")
    change_status(mp, S.SUBMITTED, by=demo_event["approver.pemalang"])
    version = mp.versions.get()

    for number in (1, 2):
        assert version_book(version, number) == book_content(mp, number)
