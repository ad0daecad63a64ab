"""The services behind the set-up pages, called directly: results publication, panels, set-up deletions."""

import pytest
from django.core.exceptions import ValidationError

from kotacerdas.core import deletion
from kotacerdas.core.models import AuditEntry
from kotacerdas.evaluations import event_setup, panels, publication
from kotacerdas.evaluations.models import PanelMember, Session
from tests.factories import DeclaredConflictFactory, EvaluationEventFactory

pytestmark = pytest.mark.django_db


def test_results_are_published_once(demo_event):
    event, by = demo_event["event"], demo_event["sekretariat"]

    publication.publish_results(event, by=by)
    with pytest.raises(ValidationError) as second:
        publication.publish_results(event, by=by)

    event.refresh_from_db()
    assert event.results_published_at is not None
    assert second.value.code == "already_published"
    assert AuditEntry.objects.filter(action="evaluation.results_published").count() == 1
    assert publication.preview_results(event).refusal == second.value.messages[0]


def test_results_without_submitted_sheets_are_not_published(demo_event):
    empty = EvaluationEventFactory()

    with pytest.raises(ValidationError) as refused:
        publication.publish_results(empty, by=demo_event["sekretariat"])

    empty.refresh_from_db()
    assert (refused.value.code, empty.results_published_at) == ("nothing_submitted", None)
    assert not AuditEntry.objects.filter(action="evaluation.results_published").exists()


def test_panel_change_that_breaks_a_rule_saves_nothing(demo_event):
    panel = demo_event["pemalang"].panel
    before = sorted(panel.memberships.values_list("evaluator_id", "is_chair"))
    outsider = demo_event["evaluator4"]
    DeclaredConflictFactory(evaluator=outsider, region=demo_event["pemalang"].region)
    members = [m.evaluator for m in panel.memberships.select_related("evaluator")] + [outsider]

    panel.name = "Panel baru"
    saved = panels.save_panel(panel, members, chair=outsider)

    panel.refresh_from_db()
    assert len(saved.refused) >= 1 and saved.warnings == []
    assert panel.name != "Panel baru"
    assert sorted(PanelMember.objects.filter(panel=panel).values_list("evaluator_id", "is_chair")) == before


def test_session_with_score_sheets_is_not_deleted(demo_event):
    session = Session.objects.filter(event=demo_event["event"], sheets__isnull=False).first()

    with pytest.raises(ValidationError):
        event_setup.delete_session(session, by=demo_event["sekretariat"])

    assert Session.objects.filter(pk=session.pk).exists()
    assert not AuditEntry.objects.filter(action="evaluation.session_deleted").exists()


def test_used_room_deletion_is_refused_without_audit(demo_event):
    event = demo_event["event"]
    room = event.rooms.filter(sessions__isnull=False).first()

    with pytest.raises(deletion.DeletionRefused):
        event_setup.delete_setup_row(room, event=event, by=demo_event["sekretariat"])

    assert event.rooms.filter(pk=room.pk).exists()
    assert not AuditEntry.objects.filter(action="evaluation.setup_deleted").exists()
