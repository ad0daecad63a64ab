"""The overview of a frozen masterplan keeps the parts that are the same for everyone ({% statepart %}); what
changes without a change of status, and everything per user, is rendered on every look."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.masterplans.models import JobStatus, MasterplanStatus, Section
from kotacerdas.masterplans.services import allowed_moves, change_status
from tests.factories import DocumentJobFactory, MasterplanCommentFactory

pytestmark = pytest.mark.django_db
S = MasterplanStatus
PARTS_CARD = re.compile(r'<ul class="part-list">.*?</ul>', re.S)
OPEN_COMMENTS_BADGE = 'class="badge badge--revision_requested"'


def _look(client, mp):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("masterplans:overview", args=[mp.pk]))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.fixture
def submitted(demo):
    mp = demo["pemalang"]
    change_status(mp, S.SUBMITTED, by=demo["approver.pemalang"])
    mp.refresh_from_db()
    return mp


def test_kept_parts_are_not_rendered_again_until_the_status_changes(demo, submitted, client):
    client.force_login(demo["sekretariat"])
    first, first_queries = _look(client, submitted)
    # Behind the application's back (a frozen masterplan's content cannot change through it):
    Section.objects.filter(masterplan=submitted, key="vision").update(body="")
    second, second_queries = _look(client, submitted)

    change_status(submitted, S.IN_REVIEW, by=demo["sekretariat"])
    submitted.refresh_from_db()
    third, _queries = _look(client, submitted)

    assert "badge--submitted" in first and "badge--submitted" in second
    assert first.count('class="is-missing"') == second.count('class="is-missing"') == 0
    assert second_queries < first_queries
    # A new status is a new state: the header, the checklist and the versions are rendered afresh.
    assert "badge--in_review" in third and "badge--submitted" not in third


def test_open_comments_show_at_once_on_a_frozen_masterplan(demo, submitted, client):
    client.force_login(demo["mentor"])
    before, _queries = _look(client, submitted)
    comment = MasterplanCommentFactory(masterplan=submitted, part="vision", author=demo["mentor"])
    with_comment, _queries = _look(client, submitted)
    comment.is_resolved = True
    comment.save()
    resolved, _queries = _look(client, submitted)

    assert PARTS_CARD.search(before)[0].count(OPEN_COMMENTS_BADGE) == 0
    vision = reverse("masterplans:part", args=[submitted.pk, "vision"])
    assert re.search(
        rf'href="{vision}">[^<]+</a> <span {OPEN_COMMENTS_BADGE}>1 ', PARTS_CARD.search(with_comment)[0]
    )
    assert PARTS_CARD.search(resolved)[0].count(OPEN_COMMENTS_BADGE) == 0


def test_a_new_document_job_shows_at_once(demo, submitted, client):
    client.force_login(demo["sekretariat"])
    _look(client, submitted)
    job = DocumentJobFactory(masterplan=submitted, status=JobStatus.RUNNING)

    page, _queries = _look(client, submitted)

    assert f'id="document-job-{job.pk}"' in page


def test_nothing_of_one_user_reaches_another_through_kept_parts(demo, submitted, client):
    """The secretariat fills the kept parts; the region's editor then sees none of its forms, e-mail or token."""
    client.force_login(demo["sekretariat"])
    secretariat_page, _queries = _look(client, submitted)
    secretariat_token = client.cookies["csrftoken"].value
    client.logout()
    client.force_login(demo["editor.pemalang"])

    editor_page, _queries = _look(client, submitted)

    status_change = reverse("masterplans:status_change", args=[submitted.pk])
    assert status_change in secretariat_page and status_change not in editor_page  # the editor has no move
    assert demo["sekretariat"].email in secretariat_page and demo["sekretariat"].email not in editor_page
    assert demo["editor.pemalang"].email in editor_page
    assert secretariat_token not in editor_page
    # The kept parts are the same HTML for both.
    assert PARTS_CARD.search(secretariat_page)[0] == PARTS_CARD.search(editor_page)[0]
    assert (
        re.search(r'<section class="card" id="completeness">.*?</section>', editor_page, re.S)[0]
        in secretariat_page
    )


def test_an_editable_masterplan_is_rendered_on_every_look(demo, client):
    mp = demo["pemalang"]
    client.force_login(demo["editor.pemalang"])
    before, _queries = _look(client, mp)
    mp.title = "Masterplan Kota Cerdas Pemalang (revisi)"
    mp.save()
    Section.objects.filter(masterplan=mp, key="vision").update(body="")

    after, _queries = _look(client, mp)

    assert "(revisi)" not in before and "Masterplan Kota Cerdas Pemalang (revisi)" in after
    assert after.count('class="is-missing"') == before.count('class="is-missing"') + 1


def test_a_published_masterplan_has_no_moves_and_asks_no_roles(demo, django_assert_num_queries):
    mp = demo["pemalang"]
    mp.status = S.PUBLISHED
    mp.save()
    editor = demo["editor.pemalang"]

    with django_assert_num_queries(0):
        moves = allowed_moves(mp, editor)
        can_edit = editor.has_perm("masterplans.edit_masterplan", mp)

    assert (moves, can_edit) == ([], False)


def test_the_secretariat_is_not_asked_for_team_or_mentor_roles_where_only_it_may_move(demo):
    mp = demo["pemalang"]
    mp.status = S.APPROVED
    mp.save()

    with CaptureQueriesContext(connection) as queries:
        moves = allowed_moves(mp, demo["sekretariat"])

    assert moves == [S.PUBLISHED, S.REVISION_REQUESTED]
    assert [q["sql"] for q in queries.captured_queries if "mentors" in q["sql"]] == []
