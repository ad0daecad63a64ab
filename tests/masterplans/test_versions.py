"""Masterplan versions: the snapshot comparison (pure) and the version pages (scoped, two regions)."""

import datetime
from dataclasses import dataclass

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from hypothesis import given, settings
from hypothesis import strategies as st

from kotacerdas.accounts.models import User
from kotacerdas.masterplans.diff import (
    DELETE,
    EQUAL,
    INSERT,
    FieldChange,
    Segment,
    compare_snapshots,
    diff_words,
)
from kotacerdas.masterplans.models import Masterplan, MasterplanVersion, Section
from kotacerdas.masterplans.services import create_masterplan, freeze_version
from kotacerdas.regions.models import MembershipRole
from tests.factories import (
    CohortFactory,
    MasterplanProgrammeFactory,
    ParticipationFactory,
    RegionFactory,
    RegionMembershipFactory,
    StrategyFactory,
    UserFactory,
)


def _snapshot(**parts) -> dict:
    base = {
        "title": "Masterplan Kota Uji 2031–2040",
        "region": {"code": "99.01", "name": "Kota Uji"},
        "period": [2031, 2040],
        "framework_version": "gmsc-2017",
        "sections": {"introduction": "", "profile": "", "vision": "", "closing": ""},
        "key_figures": [],
        "aspects": [],
        "swot": [],
        "gaps": [],
        "dimension_readiness": [],
        "missions": [],
        "goals": [],
        "strategies": [],
        "programmes": [],
        "action_steps": [],
    }
    return base | parts


def _programme(pk: int, **fields) -> dict:
    row = {
        "id": pk,
        "name": f"Program {pk}",
        "dimension": "GOV",
        "strategy": "Layanan digital",
        "element": None,
        "description": "",
        "owner_opd": "Dinas Kominfo",
        "partner_opds": [],
        "funding_source": "apbd",
        "budget": "1000000",
        "start_year": 2031,
        "end_year": 2032,
        "horizon": "short",
        "output": "",
        "outcome": "",
        "is_quick_win": False,
        "delivery_months": None,
        "expected_benefit": "",
        "beneficiaries": "",
        "commitment_signed_by": "",
        "commitment_signed_on": None,
        "indicators": [],
    }
    return row | fields


# Word diff ---------------------------------------------------------------------------------------------


def test_diff_words_insertion_gives_insert_segment():
    result = diff_words("Kota kami tumbuh bersama warga.", "Kota kami tumbuh cerdas dan hijau bersama warga.")

    assert result.segments == [
        Segment(EQUAL, "Kota kami tumbuh "),
        Segment(INSERT, "cerdas dan hijau"),
        Segment(EQUAL, " bersama warga."),
    ]


def test_diff_words_deletion_gives_delete_segment():
    result = diff_words("Layanan publik yang cepat dan murah", "Layanan publik yang murah")

    assert result.segments == [
        Segment(EQUAL, "Layanan publik yang "),
        Segment(DELETE, "cepat dan"),
        Segment(EQUAL, " murah"),
    ]


def test_diff_words_replacement_gives_delete_then_insert():
    result = diff_words("target tahun 2030", "target tahun 2035")

    assert result.segments == [
        Segment(EQUAL, "target tahun "),
        Segment(DELETE, "2030"),
        Segment(EQUAL, " "),
        Segment(INSERT, "2035"),
    ]


def test_diff_words_change_at_start_keeps_a_space():
    result = diff_words("Draf visi kota", "visi kota")

    assert result.segments == [Segment(DELETE, "Draf"), Segment(EQUAL, " visi kota")]


def test_diff_words_whitespace_only_change_is_no_change_of_words():
    result = diff_words("satu  dua", "satu dua")

    assert result.segments == [Segment(EQUAL, "satu dua")]


def test_diff_words_from_empty_text_is_one_insert():
    result = diff_words("", "Teks baru")

    assert result.segments == [Segment(INSERT, "Teks baru")]


def test_text_diff_as_html_escapes_script():
    result = diff_words("aman", "aman <script>alert(1)</script>")

    assert result.as_html() == "aman <ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>"


def test_diff_words_segment_text_is_raw_for_the_template_to_escape():
    result = diff_words("", "<b>tebal</b>")

    assert result.segments == [Segment(INSERT, "<b>tebal</b>")]


words = st.lists(st.sampled_from(["kota", "cerdas", "warga", "layanan", "<x>", "data", "&"]), max_size=12)


@given(old=words, new=words)
def test_diff_words_segments_rebuild_both_texts(old, new):
    result = diff_words(" ".join(old), " ".join(new))

    rebuilt_new = "".join(s.text for s in result.segments if s.kind != DELETE)
    rebuilt_old = "".join(s.text for s in result.segments if s.kind != INSERT)
    assert rebuilt_new.split() == new
    assert rebuilt_old.split() == old


long_words = st.lists(st.sampled_from(["a", "c", "kota", "warga"]), min_size=120, max_size=400)


@settings(max_examples=15)  # each example may take up to DIFF_SECONDS
@given(old=long_words, new=long_words)
def test_diff_words_of_long_texts_rebuild_both_texts(old, new):
    # Beyond SMALL_DIFF_PAIRS the comparison runs diff-match-patch (bounded time): it must stay exact.
    result = diff_words(" ".join(old), " ".join(new))

    assert "".join(s.text for s in result.segments if s.kind != DELETE).split() == new
    assert "".join(s.text for s in result.segments if s.kind != INSERT).split() == old


def test_diff_words_worst_case_of_the_probe_is_exact():
    # "a "×1500 against "a c "×750 took 33 s with difflib alone (bench/diff_worst_case.py measures it now).
    old, new = "a " * 1500, "a c " * 750

    result = diff_words(old, new)

    assert "".join(s.text for s in result.segments if s.kind != DELETE).split() == new.split()
    assert "".join(s.text for s in result.segments if s.kind != INSERT).split() == old.split()


# Snapshot comparison -----------------------------------------------------------------------------------


def test_compare_snapshots_rows_added_removed_changed_with_exact_fields():
    old = _snapshot(programmes=[_programme(1), _programme(2), _programme(3)])
    new = _snapshot(
        programmes=[
            _programme(1),
            _programme(2, name="Program Dua Baru", budget="2000000", partner_opds=["Bappeda"]),
            _programme(4),
        ]
    )

    result = compare_snapshots(old, new).lists["programmes"]

    assert [r["id"] for r in result.added] == [4]
    assert [r["id"] for r in result.removed] == [3]
    assert [c.id for c in result.changed] == [2]
    assert result.changed[0].field_names == ["name", "partner_opds", "budget"]
    assert [(f.old, f.new) for f in result.changed[0].fields] == [
        ("Program 2", "Program Dua Baru"),
        ([], ["Bappeda"]),
        ("1000000", "2000000"),
    ]
    assert result.unchanged == 1


def test_compare_snapshots_short_field_has_no_word_diff_long_field_has_one():
    old = _snapshot(programmes=[_programme(1, description="Aplikasi antrean puskesmas")])
    new = _snapshot(
        programmes=[_programme(1, name="Program Satu", description="Aplikasi antrean daring puskesmas")]
    )

    fields = compare_snapshots(old, new).lists["programmes"].changed[0].fields

    assert [(f.field, f.diff is None) for f in fields] == [("name", True), ("description", False)]
    assert fields[1].diff.segments == [
        Segment(EQUAL, "Aplikasi antrean "),
        Segment(INSERT, "daring"),
        Segment(EQUAL, " puskesmas"),
    ]


def test_compare_snapshots_other_lists_match_by_id():
    old = _snapshot(
        missions=[{"id": 7, "text": "Mewujudkan tata kelola terbuka"}],
        swot=[{"id": 1, "aspect": "struktur", "kind": "S", "text": "Komitmen kepala daerah"}],
    )
    new = _snapshot(
        missions=[{"id": 7, "text": "Mewujudkan tata kelola yang terbuka"}, {"id": 8, "text": "Misi baru"}],
        swot=[{"id": 1, "aspect": "struktur", "kind": "W", "text": "Komitmen kepala daerah"}],
    )

    result = compare_snapshots(old, new)

    assert [r["text"] for r in result.lists["missions"].added] == ["Misi baru"]
    assert result.lists["missions"].changed[0].field_names == ["text"]
    assert result.lists["swot"].changed[0].fields == [
        FieldChange("kind", "S", "W", label=result.lists["swot"].changed[0].fields[0].label)
    ]


def test_compare_snapshots_numbers_compare_by_value():
    old = _snapshot(programmes=[_programme(1, budget="5E+3")])
    new = _snapshot(programmes=[_programme(1, budget="5000")])

    result = compare_snapshots(old, new)

    assert result.has_changes is False


def test_field_change_shows_numbers_without_exponent():
    change = FieldChange("budget", "5E+3", "1500000000")

    with translation.override("id"):
        shown = (change.old_display, change.new_display)

    assert shown == ("5.000", "1.500.000.000")


def test_compare_snapshots_meta_changes_title_and_period():
    old = _snapshot()
    new = _snapshot(title="Masterplan Kota Uji 2032–2041", period=[2032, 2041])

    result = compare_snapshots(old, new)

    assert [(f.field, f.old, f.new) for f in result.meta] == [
        ("title", "Masterplan Kota Uji 2031–2040", "Masterplan Kota Uji 2032–2041"),
        ("period", "2031–2040", "2032–2041"),
    ]


def test_compare_snapshots_sections_report_only_changed_text():
    old = _snapshot(
        sections={"introduction": "Pendahuluan", "profile": "Profil", "vision": "", "closing": ""}
    )
    new = _snapshot(
        sections={"introduction": "Pendahuluan", "profile": "Profil daerah", "vision": "", "closing": ""}
    )

    result = compare_snapshots(old, new)

    assert [s.key for s in result.sections] == ["introduction", "profile", "vision", "closing"]
    assert [s.key for s in result.changed_sections] == ["profile"]
    assert result.changed_sections[0].diff.segments == [Segment(EQUAL, "Profil "), Segment(INSERT, "daerah")]


def test_compare_snapshots_summary_counts_per_list():
    old = _snapshot(programmes=[_programme(1), _programme(2)], missions=[{"id": 1, "text": "A"}])
    new = _snapshot(programmes=[_programme(2, name="Baru"), _programme(3)], missions=[{"id": 1, "text": "A"}])

    summary = {
        s.key: (s.added, s.removed, s.changed, s.unchanged) for s in compare_snapshots(old, new).summary
    }

    assert summary["programmes"] == (1, 1, 1, 0)
    assert summary["missions"] == (0, 0, 0, 1)
    assert list(summary) == [
        "key_figures",
        "aspects",
        "swot",
        "gaps",
        "dimension_readiness",
        "vision_keywords",
        "strategic_issues",
        "missions",
        "objectives",
        "goals",
        "strategies",
        "programmes",
        "action_steps",
    ]


def test_compare_snapshots_identical_has_no_changes():
    snapshot = _snapshot(programmes=[_programme(1)])

    result = compare_snapshots(snapshot, snapshot)

    assert result.has_changes is False


def test_compare_snapshots_tolerates_missing_keys():
    result = compare_snapshots({}, _snapshot(missions=[{"id": 1, "text": "Misi"}]))

    assert [r["id"] for r in result.lists["missions"].added] == [1]


# Pages -------------------------------------------------------------------------------------------------


@dataclass
class VersionWorld:
    masterplan: Masterplan
    editor_a: User
    editor_b: User
    other_masterplan: Masterplan


def _plan(framework, region, by) -> Masterplan:
    participation = ParticipationFactory(region=region, cohort=CohortFactory(framework_version=framework))
    return create_masterplan(participation, by=by)


@pytest.fixture
def world(framework):
    region_a = RegionFactory(name="Kabupaten Alfa")
    region_b = RegionFactory(name="Kota Beta")
    editor_a = UserFactory(full_name="Editor Alfa")
    editor_b = UserFactory(full_name="Editor Beta")
    RegionMembershipFactory(user=editor_a, region=region_a, role=MembershipRole.EDITOR)
    RegionMembershipFactory(user=editor_b, region=region_b, role=MembershipRole.EDITOR)
    masterplan = _plan(framework, region_a, editor_a)
    dimension = framework.dimensions.order_by("order").first()
    strategy = StrategyFactory(masterplan=masterplan, dimension=dimension)
    programme = MasterplanProgrammeFactory(
        masterplan=masterplan, strategy=strategy, name="Sistem Antrean Puskesmas"
    )
    Section.objects.filter(masterplan=masterplan, key="introduction").update(
        body="Kota kami tumbuh bersama warga."
    )
    freeze_version(masterplan, by=editor_a)
    programme.name = "Sistem Antrean Daring Puskesmas"
    programme.save()
    MasterplanProgrammeFactory(masterplan=masterplan, strategy=strategy, name="Dasbor Data Kota")
    Section.objects.filter(masterplan=masterplan, key="introduction").update(
        body="Kota kami tumbuh cerdas dan hijau bersama warga."
    )
    freeze_version(masterplan, by=editor_a)
    other = _plan(framework, region_b, editor_b)
    freeze_version(other, by=editor_b)
    return VersionWorld(masterplan, editor_a, editor_b, other)


def _url(name, masterplan, *args):
    return reverse(f"masterplans:{name}", args=[masterplan.pk, *args])


def test_compare_page_shows_changed_programme_name_and_inserted_words(world, client):
    client.force_login(world.editor_a)

    response = client.get(_url("version_compare", world.masterplan), {"a": 1, "b": 2})

    text = response.content.decode()
    assert response.status_code == 200
    assert "<ins>cerdas dan hijau</ins>" in text
    assert "<del>Sistem Antrean Puskesmas</del>" in text
    assert "<ins>Sistem Antrean Daring Puskesmas</ins>" in text
    assert "Dasbor Data Kota" in text
    assert 'class="diff-row--added"' in text


def test_compare_page_escapes_user_text(world, client):
    world.masterplan.programmes.filter(name="Dasbor Data Kota").update(
        description="<script>alert(1)</script>"
    )
    client.force_login(world.editor_a)

    response = client.get(_url("version_compare", world.masterplan), {"a": 2, "b": "current"})

    text = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>alert" not in text


def test_compare_page_with_current_text_shows_unfrozen_edit(world, client):
    world.masterplan.programmes.filter(name="Dasbor Data Kota").update(name="Dasbor Data Terpadu")
    client.force_login(world.editor_a)

    response = client.get(_url("version_compare", world.masterplan), {"a": 2, "b": "current"})

    text = response.content.decode()
    assert "<del>Dasbor Data Kota</del>" in text
    assert "<ins>Dasbor Data Terpadu</ins>" in text


def test_compare_same_version_says_no_differences(world, client):
    client.force_login(world.editor_a)

    response = client.get(_url("version_compare", world.masterplan), {"a": 2, "b": 2})

    assert response.status_code == 200
    assert response.context["comparison"].has_changes is False


def test_version_list_shows_versions_dates_in_indonesian_and_authors(world, client):
    MasterplanVersion.objects.filter(masterplan=world.masterplan, number=1).update(
        created_at=datetime.datetime(2018, 12, 13, 3, 0, tzinfo=datetime.UTC)
    )
    client.force_login(world.editor_a)

    response = client.get(_url("versions", world.masterplan))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Kamis, 13 Desember 2018 10.00" in text
    assert "Editor Alfa" in text
    assert [v.number for v in response.context["versions"]] == [2, 1]
    assert response.context["form"].initial == {"a": "1", "b": "2"}


def test_version_detail_shows_frozen_snapshot_not_current_text(world, client):
    client.force_login(world.editor_a)

    response = client.get(_url("version_detail", world.masterplan, 1))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Sistem Antrean Puskesmas" in text
    assert "Sistem Antrean Daring Puskesmas" not in text
    assert "Kota kami tumbuh bersama warga." in text


def test_versions_pages_other_region_editor_gets_404(world, client):
    client.force_login(world.editor_b)
    urls = [
        _url("versions", world.masterplan),
        _url("version_detail", world.masterplan, 1),
        _url("version_compare", world.masterplan) + "?a=1&b=2",
        _url("version_compare", world.masterplan) + "?a=1&b=current",
        _url("version_compare", world.masterplan) + "?a=x&b=y",
    ]

    answers = [client.get(url).status_code for url in urls]

    assert answers == [404, 404, 404, 404, 404]


def test_versions_pages_own_region_editor_of_other_plan_sees_own(world, client):
    client.force_login(world.editor_b)

    response = client.get(_url("version_detail", world.other_masterplan, 1))

    assert response.status_code == 200
    assert "Sistem Antrean" not in response.content.decode()


def test_versions_pages_anonymous_redirected_to_login(world, client):
    response = client.get(_url("versions", world.masterplan))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("query", [{"a": 1, "b": 99}, {"a": 99, "b": "current"}, {"a": 0, "b": 1}])
def test_compare_unknown_version_answers_404(world, client, query):
    client.force_login(world.editor_a)

    response = client.get(_url("version_compare", world.masterplan), query)

    assert response.status_code == 404


def test_version_detail_unknown_number_answers_404(world, client):
    client.force_login(world.editor_a)

    response = client.get(_url("version_detail", world.masterplan, 99))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "query",
    [{}, {"a": "abc", "b": "2"}, {"a": "1", "b": "-2"}, {"a": "1" * 30, "b": "2"}, {"a": "١", "b": "2"}],
)
def test_compare_bad_query_answers_400_with_message(world, client, query):
    client.force_login(world.editor_a)

    response = client.get(_url("version_compare", world.masterplan), query)

    assert response.status_code == 400
    assert response.context["error"] == gettext("Choose two versions to compare.")


def test_versions_panel_lists_versions_with_compare_links(world):
    versions = world.masterplan.versions.select_related("created_by")[:10]

    html = render_to_string(
        "masterplans/_versions_panel.html",
        {"masterplan": world.masterplan, "versions": versions},
        request=RequestFactory().get("/"),
    )

    compare = _url("version_compare", world.masterplan)
    assert _url("version_detail", world.masterplan, 2) in html
    assert f"{compare}?a=1&amp;b=2" in html
    assert f"{compare}?a=2&amp;b=current" in html


def test_versions_panel_without_versions_explains_freezing(framework):
    editor = UserFactory()
    masterplan = _plan(framework, RegionFactory(), editor)

    with translation.override("en"):
        html = render_to_string(
            "masterplans/_versions_panel.html",
            {"masterplan": masterplan, "versions": masterplan.versions.all()},
        )

    assert "A numbered version of the masterplan is frozen each time it is submitted." in html
    assert "<table" not in html


def test_compare_page_renders_every_part_of_the_demo_masterplan(demo, client):
    masterplan = demo["pemalang"]
    editor = masterplan.region.memberships.filter(role=MembershipRole.EDITOR).first().user
    spare = masterplan.missions.create(text="Misi tanpa tujuan", order=9)  # one with objectives cannot go
    freeze_version(masterplan, by=editor)
    swot = masterplan.swot_items.first()
    swot.text = f"{swot.text} <b>diperbarui</b>"
    swot.save()
    spare.delete()
    figures_to_change = masterplan.key_figures.exclude(value=12345).count()
    masterplan.key_figures.update(value=12345)
    client.force_login(editor)

    response = client.get(_url("version_compare", masterplan), {"a": 1, "b": "current"})

    text = response.content.decode()
    assert response.status_code == 200
    assert "<ins>&lt;b&gt;diperbarui&lt;/b&gt;</ins>" in text
    summary = {s.key: (s.added, s.removed, s.changed) for s in response.context["comparison"].summary}
    assert summary["missions"] == (0, 1, 0)
    assert summary["swot"] == (0, 0, 1)
    assert summary["key_figures"] == (0, 0, figures_to_change)
    assert figures_to_change > 0


def test_version_detail_renders_the_demo_masterplan(demo, client):
    masterplan = demo["pemalang"]
    editor = masterplan.region.memberships.filter(role=MembershipRole.EDITOR).first().user
    freeze_version(masterplan, by=editor)
    client.force_login(editor)

    response = client.get(_url("version_detail", masterplan, 1))

    text = response.content.decode()
    assert response.status_code == 200
    assert all(escape(p.name) in text for p in masterplan.programmes.all())
