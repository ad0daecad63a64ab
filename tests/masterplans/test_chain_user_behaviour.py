"""The planning chain as a Bappeda officer uses it on the vision part, on a phone or a laptop: numbers and years
typed the Indonesian way, a double click on Add or Save, a mission deleted while objectives still use it, a row
someone else changed meanwhile. Pages are read in Indonesian (the default)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from kotacerdas.masterplans.models import Mission, Objective, ObjectiveIndicator

pytestmark = pytest.mark.django_db


def _part_url(mp, part="vision"):
    return reverse("masterplans:part", args=[mp.pk, part])


def _add_objective_indicator(client, objective, **values):
    data = {
        "kind": "objective_indicator",
        "objective_indicator-objective": objective.pk,
        "objective_indicator-name": "Indeks uji",
        "objective_indicator-unit": "",
        "objective_indicator-baseline_year": "2019",
        "objective_indicator-baseline_value": "1",
        "objective_indicator-target_year": "2023",
        "objective_indicator-target_value": "2",
    }
    data.update({f"objective_indicator-{k}": v for k, v in values.items()})
    return client.post(_part_url(objective.masterplan), data)


def test_indicator_values_typed_the_indonesian_way_are_read(demo, client):
    mp = demo["pemalang"]
    objective = mp.objectives.first()
    client.force_login(demo["editor.pemalang"])
    typed = ["2.150", "2,5", "1.250.000", "45%", "Rp 1.250.000"]

    statuses = [
        _add_objective_indicator(client, objective, name=f"Indeks {i}", baseline_value=text).status_code
        for i, text in enumerate(typed)
    ]

    stored = [ObjectiveIndicator.objects.get(name=f"Indeks {i}").baseline_value for i in range(len(typed))]
    assert statuses == [302] * len(typed)
    assert stored == [Decimal("2150"), Decimal("2.5"), Decimal("1250000"), Decimal("45"), Decimal("1250000")]


def test_indicator_value_too_large_or_empty_is_refused_in_indonesian(demo, client):
    mp = demo["pemalang"]
    client.force_login(demo["editor.pemalang"])

    huge = _add_objective_indicator(
        client, mp.objectives.first(), name="Besar", target_value="99999999999999999999"
    )
    empty = _add_objective_indicator(client, mp.objectives.first(), name="Kosong", target_value="")

    assert (huge.status_code, empty.status_code) == (400, 400)
    assert "Masukkan nilai dari" in huge.content.decode()
    assert "99999999999999999999" in huge.content.decode()  # what was typed stays in the box
    assert "Bidang ini tidak boleh kosong." in empty.content.decode()
    assert not ObjectiveIndicator.objects.filter(name__in=["Besar", "Kosong"]).exists()


@pytest.mark.parametrize("typed", ["2.023", " 2023 "])
def test_indicator_year_typed_with_a_thousands_dot_or_spaces_is_read(demo, client, typed):
    mp = demo["pemalang"]
    client.force_login(demo["editor.pemalang"])

    response = _add_objective_indicator(
        client, mp.objectives.first(), name="Indeks tahun", baseline_year="2.019", target_year=typed
    )

    assert response.status_code == 302
    indicator = ObjectiveIndicator.objects.get(name="Indeks tahun")
    assert (indicator.baseline_year, indicator.target_year) == (2019, 2023)


def test_indicator_year_that_is_no_year_is_refused_with_an_example_in_indonesian(demo, client):
    mp = demo["pemalang"]
    client.force_login(demo["editor.pemalang"])

    response = _add_objective_indicator(client, mp.objectives.first(), name="Indeks", target_year="20,5")

    assert response.status_code == 400
    assert "Tulis tahun dengan empat angka, misalnya 2026." in response.content.decode()


def test_objective_added_twice_by_a_double_click_is_kept_once(demo, client):
    mp = demo["pemalang"]
    mission = mp.missions.get(order=2)
    client.force_login(demo["editor.pemalang"])
    data = {
        "kind": "objective",
        "objective-mission": mission.pk,
        "objective-text": "Dobel.",
        "objective-order": 2,
    }

    first = client.post(_part_url(mp), data)
    second = client.post(_part_url(mp), data, follow=True)

    assert (first.status_code, second.redirect_chain[0][1]) == (302, 302)
    assert Objective.objects.filter(text="Dobel.").count() == 1
    assert "Tujuan ini sudah ditambahkan" in second.content.decode()


def test_objective_saved_twice_by_a_double_click_is_no_conflict(demo, client):
    mp = demo["pemalang"]
    objective = mp.objectives.first()
    client.force_login(demo["editor.pemalang"])
    url = reverse("masterplans:row_edit", args=[mp.pk, "objective", objective.pk])
    data = {
        "mission": objective.mission_id,
        "text": "Tujuan diperbaiki.",
        "order": 1,
        "revision": objective.revision,
    }

    first, second = client.post(url, data), client.post(url, data)

    objective.refresh_from_db()
    assert (first.status_code, second.status_code) == (302, 302)
    assert (objective.text, objective.revision) == ("Tujuan diperbaiki.", 2)


def test_objective_changed_by_someone_else_meanwhile_is_refused_and_the_text_kept(demo, client):
    mp = demo["pemalang"]
    objective = mp.objectives.first()
    client.force_login(demo["editor.pemalang"])
    url = reverse("masterplans:row_edit", args=[mp.pk, "objective", objective.pk])
    data = {"mission": objective.mission_id, "order": 1, "revision": objective.revision}
    client.post(url, {**data, "text": "Versi rekan kerja."})

    response = client.post(url, {**data, "text": "Versi saya yang terlambat."})

    assert response.status_code == 409
    assert "Versi saya yang terlambat." in response.content.decode()
    assert "Orang lain telah menyimpan" in response.content.decode()
    assert Objective.objects.get(pk=objective.pk).text == "Versi rekan kerja."


def test_mission_with_objectives_is_refused_with_409_and_a_message_and_nothing_is_lost(demo, client):
    mp = demo["pemalang"]
    mission = mp.missions.get(order=1)
    n_objectives = mission.objectives.count()
    client.force_login(demo["editor.pemalang"])

    response = client.post(
        reverse("masterplans:row_delete", args=[mp.pk, "mission", mission.pk]),
        {"confirm": "yes", "revision": mission.revision},
    )

    assert response.status_code == 409
    assert (
        "Tidak dapat dihapus: masih dipakai oleh 1 tujuan. Ubah atau hapus dahulu."
        in response.content.decode()
    )
    assert Mission.objects.filter(pk=mission.pk).exists()
    assert mission.objectives.count() == n_objectives == 1


def test_a_long_mission_is_shortened_with_an_ellipsis_in_titles(demo, client):
    mp = demo["pemalang"]
    mission = mp.missions.get(order=1)
    client.force_login(demo["editor.pemalang"])

    response = client.get(reverse("masterplans:row_delete", args=[mp.pk, "mission", mission.pk]))

    assert (
        "Hapus “Mewujudkan pemerintahan yang terbuka, efektif, dan melayani…”?" in response.content.decode()
    )


def test_chain_card_puts_each_indicator_and_strategy_on_its_own_line(demo, client):
    mp = demo["pemalang"]
    client.force_login(demo["editor.pemalang"])

    text = client.get(_part_url(mp)).content.decode()

    chain = text[text.index('id="chain"') : text.index('id="comments"')]
    goal = chain[chain.index("Layanan publik terintegrasi dan mudah diakses.") :]
    assert goal.index('<br><span class="small muted">Indikator · Layanan perizinan daring') < 60
    assert "<li>Strategi lintas pemerintahan yang terpadu</li>" in goal
    assert "<strong>Cerdas</strong>:" in chain
