"""Agreements ending within 90 days: on the secretariat's to-do list and in the weekly e-mail
(``send_agreement_reminders``), which goes to every active secretariat account and to nobody when none ends."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from kotacerdas.portal.todos import SECRETARIAT, _agreement_todos, todos_for
from kotacerdas.programmes.models import AgreementKind
from tests.factories import AgreementFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 7)


def _ending(days, **fields):
    return AgreementFactory(valid_until=TODAY + datetime.timedelta(days=days), **fields)


@pytest.fixture
def agreements():
    alfa = RegionFactory(name="Kabupaten Alfa")
    return {
        "soon": _ending(30, region=alfa, our_number="ALF/30"),
        "edge": _ending(
            90, region=RegionFactory(name="Kota Beta"), our_number="BET/90", kind=AgreementKind.PKS
        ),
        "later": _ending(91, our_number="LATER/91"),
        "ended": _ending(-1, our_number="ENDED/1"),
        "open": AgreementFactory(our_number="OPEN/0"),
    }


def _run(*args):
    out = StringIO()
    call_command("send_agreement_reminders", "--today", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


def test_todo_lists_agreements_ending_within_90_days(agreements):
    items = _agreement_todos(TODAY)

    assert [(i.role, i.count, i.text, i.url, i.due) for i in items] == [
        (
            SECRETARIAT,
            2,
            "agreements ending within 90 days",
            reverse("programmes:agreement_register") + "?ending=1",
            TODAY + datetime.timedelta(days=30),
        )
    ]
    assert items[0].where == "Kabupaten Alfa · Memorandum of understanding (MoU) ALF/30, Kota Beta · " + (
        "Cooperation agreement (PKS) BET/90"
    )


def test_one_ending_agreement_links_to_itself_and_only_the_secretariat_sees_it():
    agreement = _ending(10, our_number="ONE/10")
    secretariat = UserFactory(is_secretariat=True)

    items = [i for i in todos_for(secretariat, today=TODAY) if "agreement" in i.text]

    assert [(i.count, i.url) for i in items] == [(1, agreement.get_absolute_url())]
    assert not [i for i in todos_for(UserFactory(is_mentor=True), today=TODAY) if "agreement" in i.text]


def test_no_todo_when_nothing_ends(agreements):
    assert _agreement_todos(TODAY + datetime.timedelta(days=200)) == []


def test_command_mails_every_active_secretariat_user(agreements):
    UserFactory(is_secretariat=True, email="sekretariat1@example.test")
    UserFactory(is_secretariat=True, email="sekretariat2@example.test")
    UserFactory(is_secretariat=True, is_active=False, email="pensiun@example.test")
    UserFactory(is_mentor=True, email="mentor@example.test")

    output = _run("--site-url", "https://kotacerdas.example.id/")

    assert "Sent 2 reminder(s) listing 2 agreement(s)" in output
    assert sorted(m.to[0] for m in mail.outbox) == ["sekretariat1@example.test", "sekretariat2@example.test"]
    message = mail.outbox[0]
    assert message.subject == "2 perjanjian akan berakhir dalam 90 hari"
    assert "Kabupaten Alfa: MoU ALF/30" in message.body
    assert "berlaku sampai Rabu, 6 Januari 2027 (sisa 30 hari)" in message.body
    assert "Kota Beta: PKS BET/90" in message.body
    assert "LATER/91" not in message.body and "ENDED/1" not in message.body and "OPEN/0" not in message.body
    url = "https://kotacerdas.example.id" + reverse(
        "programmes:agreement_detail", args=[agreements["soon"].pk]
    )
    assert url in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'<a href="{url}">MoU ALF/30</a>' in html and "<strong>Kota Beta</strong>" in html


def test_command_sends_nothing_when_no_agreement_ends():
    UserFactory(is_secretariat=True)
    _ending(120)

    output = _run()

    assert mail.outbox == []
    assert "nothing sent" in output


def test_region_names_are_escaped_in_the_html_mail():
    UserFactory(is_secretariat=True)
    _ending(5, region=RegionFactory(name="Kota <script>x</script>"), our_number="<b>N</b>")

    _run()

    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;N&lt;/b&gt;" in html
    assert "Kota <script>x</script>" in mail.outbox[0].body  # plain text stays plain
