"""Two evaluators submitting their score sheets for the same session at the same moment lose nothing: both
sheets are submitted with their own scores and both submissions are in the audit trail.

Real concurrency needs real connections: two threads, each with its own database connection, released together
by a barrier. PostgreSQL only (as in production and in CI's second run): SQLite's in-memory test database
shares one cache between threads and answers "table is locked" at once instead of waiting as a file does."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from kotacerdas.core.models import AuditEntry
from kotacerdas.evaluations.models import ScoreSheet, SheetStatus
from tests.evaluations.test_scoring import all_values, form_data, masterplan_rubric, score_url, send_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"),
]


def test_two_evaluators_submitting_at_once_both_keep_their_scores(demo_event):
    session = demo_event["pemalang"]
    rubric = masterplan_rubric(demo_event)
    evaluators = {"evaluator": 4, "evaluator2": 5}
    ScoreSheet.objects.filter(session=session, evaluator__in=[demo_event[k] for k in evaluators]).delete()
    barrier = threading.Barrier(len(evaluators))
    answers, failures = {}, []

    def submit(key, value):
        try:
            client = Client()
            client.force_login(demo_event[key])
            client.post(score_url(session), form_data(rubric, all_values(rubric, value), action="review"))
            summary = client.get(send_url(session)).context["summaries"][0]
            data = {"confirm": "yes", "send": [rubric.pk], f"revision-{rubric.pk}": summary.sheet.revision}
            barrier.wait(timeout=30)
            answers[key] = client.post(send_url(session), data).status_code
        except Exception as exc:  # surfaced below: an exception in a thread would otherwise vanish
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=item) for item in evaluators.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    sheets = {
        key: ScoreSheet.objects.get(session=session, evaluator=demo_event[key], rubric=rubric)
        for key in evaluators
    }
    assert failures == []
    assert answers == {"evaluator": 302, "evaluator2": 302}
    for key, value in evaluators.items():
        assert sheets[key].status == SheetStatus.SUBMITTED
        assert set(sheets[key].scores.values_list("value", flat=True)) == {value}
        assert sheets[key].scores.count() == rubric.criteria.count()
    submitted = AuditEntry.objects.filter(
        action="evaluation.sheet_submitted", target_id__in=[str(s.pk) for s in sheets.values()]
    )
    assert submitted.count() == 2
