"""The scheduling pages: who may see them, what they show, and the forms' errors."""

import pytest
from django.urls import reverse

from kotacerdas.scheduling.models import PoolMember, ProposalStatus, ScheduleProposal, SchedulingSettings
from tests.factories import ScheduleProposalFactory

pytestmark = pytest.mark.django_db


def test_scheduling_page_shows_the_event_figures(client, demo_2026):
    client.force_login(demo_2026["sekretariat"])

    response = client.get(reverse("scheduling:event", args=[demo_2026["event"].pk]))

    assert response.status_code == 200
    assert response.context["regions_to_place"] == 40
    assert response.context["free_cells"] == 60
    assert len(response.context["pool_people"]) == 12
    assert response.context["check_messages"] == []
    assert 'id="propose"' in response.content.decode()


@pytest.mark.parametrize("who", ["evaluator", "mentor", "editor.pemalang"])
def test_scheduling_pages_are_for_the_secretariat_only(client, demo_2026, who):
    client.force_login(demo_2026[who])
    event = demo_2026["event"]

    page = client.get(reverse("scheduling:event", args=[event.pk]))
    propose = client.post(reverse("scheduling:propose", args=[event.pk]))

    assert (page.status_code, propose.status_code) == (403, 403)
    assert not ScheduleProposal.objects.exists()


def test_propose_then_apply_through_the_pages(client, demo_2026):
    event = demo_2026["event"]
    client.force_login(demo_2026["sekretariat"])

    response = client.post(reverse("scheduling:propose", args=[event.pk]))
    proposal = ScheduleProposal.objects.get()
    page = client.get(reverse("scheduling:proposal", args=[proposal.pk]))
    applied = client.post(reverse("scheduling:proposal_apply", args=[proposal.pk]), {"confirm": "yes"})

    assert response.url == reverse("scheduling:proposal", args=[proposal.pk])
    assert page.context["diff"]["counts"] == {"added": 40}
    assert len(page.context["diff"]["rows"]) == 40
    assert 'id="apply"' in page.content.decode()
    assert applied.url == reverse("evaluations:event_detail", args=[event.pk])
    assert event.sessions.count() == 40


def test_progress_fragment_asks_for_a_refresh_when_done(client, demo_2026):
    client.force_login(demo_2026["sekretariat"])
    running = ScheduleProposalFactory(
        event=demo_2026["event"],
        status=ProposalStatus.RUNNING,
        solutions_found=3,
        objective=12,
        bound=8,
        seconds=4,
    )

    during = client.get(reverse("scheduling:proposal", args=[running.pk]), headers={"HX-Request": "true"})
    ScheduleProposal.objects.filter(pk=running.pk).update(status=ProposalStatus.READY)
    after = client.get(reverse("scheduling:proposal", args=[running.pk]), headers={"HX-Request": "true"})

    body = during.content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert '<dd class="stat__value" id="solutions-found">3</dd>' in body
    assert "33,3%" in body  # (12 − 8) / 12, with the Indonesian decimal comma
    assert "HX-Refresh" not in during.headers
    assert after.headers["HX-Refresh"] == "true"


def test_stop_asks_a_running_proposal_to_stop(client, demo_2026):
    client.force_login(demo_2026["sekretariat"])
    running = ScheduleProposalFactory(event=demo_2026["event"], status=ProposalStatus.RUNNING)

    client.post(reverse("scheduling:proposal_stop", args=[running.pk]))

    running.refresh_from_db()
    assert running.cancel_requested is True


def test_settings_form_rejects_a_time_limit_out_of_range(client, demo_2026):
    event = demo_2026["event"]
    client.force_login(demo_2026["sekretariat"])

    response = client.post(
        reverse("scheduling:settings", args=[event.pk]),
        {
            "weight_changes": 10,
            "weight_preferences": 3,
            "weight_load": 2,
            "weight_stability": 1,
            "time_limit_seconds": 0,
        },
    )

    assert response.status_code == 200
    assert list(response.context["settings_form"].errors) == ["time_limit_seconds"]
    assert SchedulingSettings.objects.get(event=event).time_limit_seconds == 10


def test_pool_add_and_remove(client, demo_2026):
    event = demo_2026["event"]
    client.force_login(demo_2026["sekretariat"])
    PoolMember.objects.filter(event=event, evaluator=demo_2026["evaluator9"]).delete()

    client.post(reverse("scheduling:pool_add", args=[event.pk]), {"evaluators": [demo_2026["evaluator9"].pk]})
    added = PoolMember.objects.get(event=event, evaluator=demo_2026["evaluator9"])
    client.post(reverse("scheduling:pool_remove", args=[event.pk, added.pk]), {"confirm": "yes"})

    assert not PoolMember.objects.filter(event=event, evaluator=demo_2026["evaluator9"]).exists()
    assert PoolMember.objects.filter(event=event).count() == 11


def test_pool_add_without_a_choice_is_a_field_error(client, demo_2026):
    event = demo_2026["event"]
    client.force_login(demo_2026["sekretariat"])
    PoolMember.objects.filter(event=event, evaluator=demo_2026["evaluator9"]).delete()

    response = client.post(reverse("scheduling:pool_add", args=[event.pk]), {})

    assert list(response.context["pool_form"].errors) == ["evaluators"]


def test_pool_remove_of_another_events_entry_is_404(client, demo_2026):
    client.force_login(demo_2026["sekretariat"])
    entry = PoolMember.objects.filter(event=demo_2026["event"]).first()

    response = client.post(reverse("scheduling:pool_remove", args=[demo_2026["event_2018"].pk, entry.pk]))

    assert response.status_code == 404
    assert PoolMember.objects.filter(pk=entry.pk).exists()


def test_discard_leaves_an_applied_proposal_applied(client, demo_2026):
    client.force_login(demo_2026["sekretariat"])
    applied = ScheduleProposalFactory(event=demo_2026["event"], status=ProposalStatus.APPLIED)

    client.post(reverse("scheduling:proposal_discard", args=[applied.pk]), {"confirm": "yes"})

    applied.refresh_from_db()
    assert applied.status == ProposalStatus.APPLIED
