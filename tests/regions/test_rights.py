"""Every move of the masterplan workflow and of the self-assessment, for every role (issue 20).

The expected tables are written out here, not derived from REGION_RIGHTS (regions/rules.py): a change of anyone's
rights fails this test until this table, docs/glossary.md and the members page agree. The moves are made through
the pages (POST, confirmed), as a user would make them.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from kotacerdas.evaluations.seed import load_default_rubrics
from kotacerdas.implementation import services as services_index
from kotacerdas.implementation.models import AssessmentStatus, RoundEntry
from kotacerdas.masterplans.demo import load_demo_masterplan
from kotacerdas.masterplans.models import Masterplan, MasterplanStatus
from kotacerdas.masterplans.services import allowed_moves
from kotacerdas.programmes.demo import load_demo
from kotacerdas.regions.models import MembershipRole, Region
from kotacerdas.regions.rules import REGION_RIGHTS, RegionRight
from tests.factories import RegionMembershipFactory, UserFactory
from tests.utils import demo_users

pytestmark = pytest.mark.django_db
S = MasterplanStatus
Y, N = True, False

ROLES = ["approver", "editor", "viewer", "mentor", "secretariat", "other_approver"]

# Masterplan moves: (from, to).
MASTERPLAN_MOVES = {
    "submit": (S.DRAFT, S.SUBMITTED),
    "submit again": (S.REVISION_REQUESTED, S.SUBMITTED),
    "start review": (S.SUBMITTED, S.IN_REVIEW),
    "send back before review": (S.SUBMITTED, S.REVISION_REQUESTED),
    "send back in review": (S.IN_REVIEW, S.REVISION_REQUESTED),
    "approve": (S.IN_REVIEW, S.APPROVED),
    "take an approval back": (S.APPROVED, S.REVISION_REQUESTED),
    "publish": (S.APPROVED, S.PUBLISHED),
}

# Who makes each move.            approver editor viewer mentor secretariat other_approver
MOVES = {
    "submit":                       (Y,       N,     N,     N,     N,          N),
    "submit again":                 (Y,       N,     N,     N,     N,          N),
    "start review":                 (N,       N,     N,     Y,     Y,          N),
    "send back before review":      (N,       N,     N,     Y,     Y,          N),
    "send back in review":          (N,       N,     N,     Y,     Y,          N),
    "approve":                      (N,       N,     N,     N,     Y,          N),
    "take an approval back":        (N,       N,     N,     N,     Y,          N),
    "publish":                      (N,       N,     N,     N,     Y,          N),
    "save the self-assessment":     (Y,       Y,     N,     N,     N,          N),
    "submit the self-assessment":   (Y,       N,     N,     N,     N,          N),
}  # fmt: skip

# Rights that are not moves.      approver editor viewer mentor secretariat other_approver
RIGHTS = {
    "masterplans.view_masterplan":  (Y,       Y,     Y,     Y,     Y,          N),
    "masterplans.edit_masterplan":  (Y,       Y,     N,     N,     N,          N),
    "monitoring.report":            (Y,       Y,     N,     N,     Y,          N),
    "regions.manage_opds":          (Y,       Y,     N,     N,     Y,          N),
    "regions.view_region_team":     (Y,       Y,     Y,     N,     Y,          N),
}  # fmt: skip


@pytest.fixture
def world(regions_loaded, framework):
    """Pemalang's complete demo masterplan, its team, its mentor, the secretariat, an approver of Kota Pekalongan,
    and an implementation round open for self-assessment with Pemalang enrolled."""
    load_demo()
    masterplan = load_demo_masterplan()
    users = demo_users()
    other_approver = UserFactory()
    RegionMembershipFactory(
        user=other_approver, region=Region.objects.get(code="33.75"), role=MembershipRole.APPROVER
    )
    load_default_rubrics()
    scheme, _later = services_index.load_index_schemes()
    from kotacerdas.evaluations.models import EvaluationKind, Rubric

    rnd = services_index.create_round(
        year=2024,
        name="Evaluasi 2024",
        scheme=scheme,
        rubric=Rubric.objects.get(kind=EvaluationKind.IMPLEMENTATION),
        by=users["sekretariat"],
    )
    entry = RoundEntry.objects.get(round=rnd, participation=masterplan.participation)
    people = {
        "approver": users["approver.pemalang"],
        "editor": users["editor.pemalang"],
        "viewer": users["viewer.pemalang"],
        "mentor": users["mentor"],
        "secretariat": users["sekretariat"],
        "other_approver": other_approver,
    }
    return masterplan, entry, people


def _grid(entry) -> dict:
    cells = {}
    for c in entry.round.rubric.criteria.all():
        for d in entry.round.framework_version.dimensions.all():
            cells[f"c{c.pk}_d{d.pk}"] = "3"
    return cells


def _masterplan_move(client, masterplan, user, start, new) -> bool:
    Masterplan.objects.filter(pk=masterplan.pk).update(status=start)
    masterplan.refresh_from_db()
    offered = new in allowed_moves(masterplan, user)
    client.post(
        reverse("masterplans:status_change", args=[masterplan.pk]),
        {"status": new, "note": "", "confirm": "yes"},
    )
    masterplan.refresh_from_db()
    made = masterplan.status == new
    assert offered == made, f"the page offers the move ({offered}) but it was made ({made})"
    return made


def _self_assessment_move(client, entry, grid, button) -> bool:
    RoundEntry.objects.filter(pk=entry.pk).update(self_status=AssessmentStatus.DRAFT)
    entry.refresh_from_db()
    before = entry.revision
    client.post(
        reverse("implementation:entry_detail", args=[entry.round.year, entry.pk]),
        grid | {"revision": str(before), button: "1"},
    )
    entry.refresh_from_db()
    if button == "submit":
        return entry.self_status == AssessmentStatus.SUBMITTED
    return entry.revision == before + 1


@pytest.mark.parametrize("role", ROLES)
def test_every_move_for_every_role(world, client, role):
    masterplan, entry, people = world
    user = people[role]
    client.force_login(user)
    grid = _grid(entry)

    made = {
        name: _masterplan_move(client, masterplan, user, *move) for name, move in MASTERPLAN_MOVES.items()
    }
    made["save the self-assessment"] = _self_assessment_move(client, entry, grid, "save")
    made["submit the self-assessment"] = _self_assessment_move(client, entry, grid, "submit")

    column = ROLES.index(role)
    assert made == {name: row[column] for name, row in MOVES.items()}


@pytest.mark.parametrize("role", ROLES)
def test_every_right_for_every_role(world, role):
    masterplan, entry, people = world
    user = people[role]
    objects = {
        "masterplans.view_masterplan": masterplan,
        "masterplans.edit_masterplan": masterplan,
        "monitoring.report": masterplan.participation,
        "regions.manage_opds": masterplan.region,
        "regions.view_region_team": masterplan.region,
    }

    held = {perm: user.has_perm(perm, objects[perm]) for perm in RIGHTS}

    column = ROLES.index(role)
    assert held == {perm: row[column] for perm, row in RIGHTS.items()}


def test_the_rights_table_says_approvers_submit_and_editors_write():
    R = RegionRight

    assert {role: sorted(rights) for role, rights in REGION_RIGHTS.items()} == {
        MembershipRole.APPROVER: sorted(R.values),
        MembershipRole.EDITOR: sorted(
            [R.VIEW, R.WRITE_MASTERPLAN, R.REPORT, R.MANAGE_OPDS, R.FILL_SELF_ASSESSMENT]
        ),
        MembershipRole.VIEWER: [R.VIEW],
    }


def test_members_page_shows_the_rights_table_in_indonesian(world, client):
    masterplan, _entry, people = world
    client.force_login(people["secretariat"])

    response = client.get(reverse("regions:members", args=[masterplan.region.code]))

    html = response.content.decode()
    with translation.override("id"):
        shown = [
            (str(label), [(str(r), may) for r, may in roles]) for label, roles in response.context["rights"]
        ]
    roles = ["Penyetuju", "Penyunting", "Pembaca"]
    assert response.status_code == 200
    assert shown == [
        (label, list(zip(roles, marks, strict=True)))
        for label, marks in [
            ("Membaca masterplan, pemantauan, dan penilaian mandiri daerah", [Y, Y, Y]),
            ("Menulis masterplan dan menjawab komentar", [Y, Y, N]),
            ("Mengajukan masterplan untuk ditelaah", [Y, N, N]),
            ("Melaporkan nilai indikator dan kemajuan program; mengelola indikator milik daerah", [Y, Y, N]),
            ("Mengelola daftar perangkat daerah (OPD)", [Y, Y, N]),
            ("Mengisi penilaian mandiri dan menyimpannya sebagai draf", [Y, Y, N]),
            ("Mengirim penilaian mandiri kepada evaluator", [Y, N, N]),
        ]
    ]
    assert "Apa yang boleh dilakukan setiap peran" in html
    assert '<th scope="col">Penyetuju</th>' in html
    assert '<th scope="row">Mengajukan masterplan untuk ditelaah</th><td data-label="Penyetuju">' in html


def test_removing_the_last_approver_warns_that_nobody_can_then_submit(world, client):
    masterplan, _entry, people = world
    membership = masterplan.region.memberships.get(user=people["approver"])
    client.force_login(people["secretariat"])

    response = client.get(reverse("regions:member_remove", args=[masterplan.region.code, membership.pk]))

    assert response.context["confirmation"].warnings == [
        "Tidak ada lagi anggota tim yang dapat mengajukan masterplan: tidak ada penyetuju yang tersisa."
    ]
    assert masterplan.region.memberships.filter(pk=membership.pk).exists()
