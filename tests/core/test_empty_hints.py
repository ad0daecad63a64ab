"""Empty states that guide: a choice field with nothing to choose says why and links to where options are made."""

import pytest
from django import forms
from django.urls import reverse

from kotacerdas.core.hints import EmptyHint, empty_hint, has_options
from kotacerdas.masterplans.services import create_masterplan
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.regions.models import MembershipRole
from tests.factories import (
    EvaluationEventFactory,
    OpdFactory,
    ParticipationFactory,
    RegionMembershipFactory,
    StrategyFactory,
    UserFactory,
)

STRATEGY_HINT = "Setiap program termasuk dalam satu strategi, dan masterplan ini belum memiliki strategi."
OPD_HINT = "Daerah ini belum memiliki OPD (perangkat daerah); OPD ditambahkan di halaman OPD daerah."


class _Form(forms.Form):
    colour = forms.ChoiceField(choices=[("", "---------")])
    size = forms.ChoiceField(choices=[("", "---------"), ("s", "S")])
    empty_hints = {
        "colour": EmptyHint("No colours yet.", "/colours/", "Add colours"),
        "size": EmptyHint("No sizes yet.", "/sizes/", "Add sizes"),
    }


def test_has_options_ignores_the_blank_choice():
    form = _Form()

    assert (has_options(form.fields["colour"]), has_options(form.fields["size"])) == (False, True)


def test_empty_hint_only_for_a_field_without_options():
    form = _Form()

    assert empty_hint(form["colour"]) == EmptyHint("No colours yet.", "/colours/", "Add colours")
    assert empty_hint(form["size"]) is None


def test_empty_hint_none_when_the_form_gives_no_hint():
    class Plain(forms.Form):
        colour = forms.ChoiceField(choices=[])

    assert empty_hint(Plain()["colour"]) is None


@pytest.fixture
def new_masterplan(db, framework):
    participation = ParticipationFactory(status=ParticipationStatus.MENTORING)
    editor = UserFactory(full_name="Editor Baru")
    RegionMembershipFactory(user=editor, region=participation.region, role=MembershipRole.EDITOR)
    # Another region's OPD must not count as one of this region's.
    OpdFactory(name="Dinas Daerah Lain")
    masterplan = create_masterplan(participation, by=editor)
    return masterplan, editor


def _programmes_page(client, masterplan):
    return client.get(reverse("masterplans:part", args=[masterplan.pk, "programmes"])).content.decode()


def test_new_masterplan_programme_form_says_why_strategy_and_opd_lists_are_empty(client, new_masterplan):
    masterplan, editor = new_masterplan
    client.force_login(editor)

    page = _programmes_page(client, masterplan)

    strategies = reverse("masterplans:part", args=[masterplan.pk, "strategies"]) + "#strategy"
    opds = reverse("regions:opd_list", args=[masterplan.region.code])
    assert (
        f'<p class="help help--empty">{STRATEGY_HINT} <a href="{strategies}">Tambah strategi</a></p>' in page
    )
    # The owning OPD and the partner OPDs of the programme form.
    assert page.count(f'<p class="help help--empty">{OPD_HINT} <a href="{opds}">Tambah OPD</a></p>') == 2


def test_empty_hint_links_open_for_the_region_editor(client, new_masterplan):
    masterplan, editor = new_masterplan
    client.force_login(editor)

    answers = [
        client.get(reverse("masterplans:part", args=[masterplan.pk, "strategies"])).status_code,
        client.get(reverse("regions:opd_list", args=[masterplan.region.code])).status_code,
    ]

    assert answers == [200, 200]


def test_empty_hints_go_once_the_lists_have_options(client, new_masterplan):
    masterplan, editor = new_masterplan
    StrategyFactory(masterplan=masterplan)
    OpdFactory(region=masterplan.region)
    client.force_login(editor)

    page = _programmes_page(client, masterplan)

    assert STRATEGY_HINT not in page
    assert OPD_HINT not in page
    # The programme indicator form still has no programme to measure.
    assert "Indikator mengukur program, dan masterplan ini belum memiliki program." in page


def test_session_form_of_an_event_without_days_and_rooms_links_to_them(client, db):
    event = EvaluationEventFactory(cohort=ParticipationFactory(status=ParticipationStatus.MENTORING).cohort)
    client.force_login(UserFactory(is_secretariat=True))

    page = client.get(reverse("evaluations:event_detail", args=[event.pk])).content.decode()

    detail = reverse("evaluations:event_detail", args=[event.pk])
    assert f'Acara ini belum memiliki hari. <a href="{detail}#days">Tambah hari</a>' in page
    assert f'Acara ini belum memiliki ruang. <a href="{detail}#rooms">Tambah ruang</a>' in page
    assert "Belum ada daerah dari angkatan acara ini" not in page  # the cohort has a region to schedule


def test_round_form_without_weights_or_rubric_links_to_them(client, db):
    client.force_login(UserFactory(is_secretariat=True))

    page = client.get(reverse("implementation:round_create")).content.decode()

    assert (
        f'Belum ada bobot indeks. <a href="{reverse("implementation:scheme_create")}">Tambah bobot indeks</a>'
        in page
    )
    assert (
        f'Belum ada rubrik implementasi. <a href="{reverse("evaluations:rubric_create")}">Tambah rubrik</a>'
        in page
    )
