"""The editor pages: adding rows, stale edits refused, editing only in the right status, leaks."""

import pytest
from django.urls import reverse

from kotacerdas.masterplans.models import KeyFigure, MasterplanStatus, Section
from tests.factories import MasterplanProgrammeFactory

pytestmark = pytest.mark.django_db


def _more_programmes_like(programme, n):
    """``n`` more programmes beside ``programme``, linked as it is (strategy, element, owning OPD, quick win, years),
    so that the pages read the same relations for each."""
    MasterplanProgrammeFactory.create_batch(
        n,
        masterplan=programme.masterplan,
        strategy=programme.strategy,
        element=programme.element,
        owner_opd=programme.owner_opd,
        is_quick_win=programme.is_quick_win,
        horizon=programme.horizon,
        start_year=programme.start_year,
        end_year=programme.end_year,
    )


def _section_post(client, mp, key, body, revision):
    return client.post(
        reverse("masterplans:section_save", args=[mp.pk, key]),
        {f"{key}-body": body, f"{key}-revision": revision},
    )


def test_section_save_bumps_revision(demo, client):
    mp = demo["pemalang"]
    client.force_login(demo["editor.pemalang"])

    response = _section_post(client, mp, "vision", "Visi baru Pemalang.", 1)

    section = Section.objects.get(masterplan=mp, key="vision")
    assert response.status_code == 302
    assert (section.body, section.revision) == ("Visi baru Pemalang.", 2)


def test_section_stale_save_refused_and_text_kept(demo, client):
    mp = demo["pemalang"]
    client.force_login(demo["editor.pemalang"])
    _section_post(client, mp, "vision", "Versi rekan kerja.", 1)

    response = _section_post(client, mp, "vision", "Versi saya yang terlambat.", 1)

    assert response.status_code == 409
    assert "Versi saya yang terlambat." in response.content.decode()
    assert "Orang lain telah menyimpan" in response.content.decode()
    assert Section.objects.get(masterplan=mp, key="vision").body == "Versi rekan kerja."


def test_row_stale_save_refused(demo, client):
    mp = demo["pemalang"]
    figure = mp.key_figures.first()
    url = reverse("masterplans:row_edit", args=[mp.pk, "key_figure", figure.pk])
    data = {"label": "Penduduk", "value": "1", "unit": "jiwa", "year": 2018, "source": "BPS", "revision": 1}
    client.force_login(demo["editor.pemalang"])
    client.post(url, data)

    response = client.post(url, {**data, "label": "Penduduk (lama)"})

    figure.refresh_from_db()
    assert response.status_code == 409
    assert (figure.label, figure.revision) == ("Penduduk", 2)


def test_add_row_invalid_shows_errors_and_keeps_nothing(demo, client):
    mp = demo["pemalang"]
    before = mp.key_figures.count()
    client.force_login(demo["editor.pemalang"])

    response = client.post(
        reverse("masterplans:part", args=[mp.pk, "profile"]),
        {
            "kind": "key_figure",
            "key_figure-label": "Luas",
            "key_figure-value": "abc",
            "key_figure-year": "1800",
        },
    )

    assert response.status_code == 400
    form = response.context["add_forms"]["key_figure"]
    assert set(form.errors) == {"value", "year", "source"}
    assert mp.key_figures.count() == before


def test_add_row_valid(demo, client):
    mp = demo["pekalongan"]
    client.force_login(demo["editor.pekalongan"])

    client.post(
        reverse("masterplans:part", args=[mp.pk, "profile"]),
        {
            "kind": "key_figure",
            "key_figure-label": "Jumlah penduduk",
            "key_figure-value": "310000",
            "key_figure-unit": "jiwa",
            "key_figure-year": "2018",
            "key_figure-source": "BPS",
        },
    )

    assert list(mp.key_figures.values_list("label", "year")) == [("Jumlah penduduk", 2018)]


def test_strategy_choices_limited_to_own_masterplan(demo, client):
    client.force_login(demo["editor.pekalongan"])

    response = client.get(reverse("masterplans:part", args=[demo["pekalongan"].pk, "programmes"]))

    strategies = response.context["add_forms"]["programme"].fields["strategy"].queryset
    owners = response.context["add_forms"]["programme"].fields["owner_opd"].queryset
    assert list(strategies) == []
    assert all(o.region.code == "33.75" for o in owners)


def test_programme_with_other_region_opd_rejected(demo, client):
    mp = demo["pekalongan"]
    foreign_opd = demo["pemalang"].region.opds.first()
    client.force_login(demo["editor.pekalongan"])
    client.post(
        reverse("masterplans:part", args=[mp.pk, "strategies"]),
        {
            "kind": "strategy",
            "strategy-dimension": mp.framework_version.dimensions.get(code="GOV").pk,
            "strategy-title": "S",
        },
    )

    response = client.post(
        reverse("masterplans:part", args=[mp.pk, "programmes"]),
        {
            "kind": "programme",
            "programme-strategy": mp.strategies.get().pk,
            "programme-name": "Program",
            "programme-owner_opd": foreign_opd.pk,
            "programme-status": "planned",
        },
    )

    assert response.status_code == 400
    assert "owner_opd" in response.context["add_forms"]["programme"].errors
    assert not mp.programmes.exists()


def test_editing_refused_after_submission(demo, client):
    mp = demo["pemalang"]
    mp.status = MasterplanStatus.SUBMITTED
    mp.save()
    client.force_login(demo["editor.pemalang"])

    response = _section_post(client, mp, "vision", "Diubah diam-diam", 1)

    assert response.status_code == 403
    assert Section.objects.get(masterplan=mp, key="vision").body != "Diubah diam-diam"


def test_viewer_cannot_edit(demo, client):
    mp = demo["pemalang"]
    figure = mp.key_figures.first()
    client.force_login(demo["viewer.pemalang"])

    page = client.get(reverse("masterplans:part", args=[mp.pk, "profile"]))
    response = client.post(reverse("masterplans:row_delete", args=[mp.pk, "key_figure", figure.pk]))

    assert page.status_code == 200
    assert page.context["can_edit"] is False
    assert response.status_code == 403
    assert KeyFigure.objects.filter(pk=figure.pk).exists()


OWN_URLS = [
    ("masterplans:overview", []),
    ("masterplans:part", ["profile"]),
    ("masterplans:part", ["roadmap"]),
    ("masterplans:row_edit", ["key_figure", "FIGURE"]),
]


@pytest.mark.parametrize(("name", "extra"), OWN_URLS)
def test_other_region_gets_404(demo, client, name, extra):
    mp = demo["pemalang"]
    figure = mp.key_figures.first()
    args = [mp.pk] + [figure.pk if a == "FIGURE" else a for a in extra]
    client.force_login(demo["editor.pekalongan"])

    response = client.get(reverse(name, args=args))

    assert response.status_code == 404


def test_row_of_other_masterplan_through_own_url_gets_404(demo, client):
    figure = demo["pemalang"].key_figures.first()
    client.force_login(demo["editor.pekalongan"])

    response = client.get(
        reverse("masterplans:row_edit", args=[demo["pekalongan"].pk, "key_figure", figure.pk])
    )

    assert response.status_code == 404


def test_comment_by_mentor_then_resolved_by_editor(demo, client):
    mp = demo["pemalang"]
    client.force_login(demo["mentor"])
    client.post(
        reverse("masterplans:comment_add", args=[mp.pk]), {"part": "vision", "body": "Visi terlalu umum."}
    )
    comment = mp.comments.get()
    client.force_login(demo["editor.pemalang"])

    client.post(reverse("masterplans:comment_resolve", args=[mp.pk, comment.pk]))

    comment.refresh_from_db()
    assert (comment.author, comment.part, comment.is_resolved, comment.resolved_by) == (
        demo["mentor"],
        "vision",
        True,
        demo["editor.pemalang"],
    )


def test_overview_query_count_independent_of_programmes(demo, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mp = demo["pemalang"]
    client.force_login(demo["editor.pemalang"])
    url = reverse("masterplans:overview", args=[mp.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _more_programmes_like(mp.programmes.first(), 30)

    with CaptureQueriesContext(connection) as large:
        client.get(url)

    assert len(large.captured_queries) == len(small.captured_queries)


def test_part_pages_query_count_independent_of_programmes(demo, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mp = demo["pemalang"]
    client.force_login(demo["editor.pemalang"])
    counts = {}
    for label in ["small", "large"]:
        for part in ["programmes", "roadmap", "quick_wins"]:
            with CaptureQueriesContext(connection) as ctx:
                client.get(reverse("masterplans:part", args=[mp.pk, part]))
            counts[(label, part)] = len(ctx.captured_queries)
        _more_programmes_like(mp.programmes.first(), 20)

    assert [counts[("small", p)] for p in ["programmes", "roadmap", "quick_wins"]] == [
        counts[("large", p)] for p in ["programmes", "roadmap", "quick_wins"]
    ]


def test_second_analysis_of_same_aspect_is_form_error(demo, client):
    mp = demo["pemalang"]
    analysis = mp.aspect_analyses.first()
    client.force_login(demo["editor.pemalang"])

    response = client.post(
        reverse("masterplans:part", args=[mp.pk, "readiness"]),
        {"kind": "analysis", "analysis-aspect": analysis.aspect_id, "analysis-summary": "Lagi"},
    )

    assert response.status_code == 400
    assert response.context["add_forms"]["analysis"].non_field_errors()
    assert mp.aspect_analyses.filter(aspect=analysis.aspect).count() == 1


def test_control_characters_stripped_from_text(demo, client):
    mp = demo["pekalongan"]
    client.force_login(demo["editor.pekalongan"])

    client.post(
        reverse("masterplans:part", args=[mp.pk, "vision"]),
        {"kind": "mission", "mission-text": "Misi\x0bpertama\x01", "mission-order": "1"},
    )

    assert list(mp.missions.values_list("text", flat=True)) == ["Misipertama"]


def test_stale_delete_refused(demo, client):
    mp = demo["pemalang"]
    figure = mp.key_figures.first()
    client.force_login(demo["editor.pemalang"])

    client.post(
        reverse("masterplans:row_delete", args=[mp.pk, "key_figure", figure.pk]),
        {"revision": "0", "confirm": "yes"},
    )

    assert KeyFigure.objects.filter(pk=figure.pk).exists()


def test_delete_with_current_revision(demo, client):
    mp = demo["pemalang"]
    figure = mp.key_figures.first()
    client.force_login(demo["editor.pemalang"])

    client.post(
        reverse("masterplans:row_delete", args=[mp.pk, "key_figure", figure.pk]),
        {"revision": figure.revision, "confirm": "yes"},
    )

    assert not KeyFigure.objects.filter(pk=figure.pk).exists()


def test_editor_cannot_comment_after_submission(demo, client):
    mp = demo["pemalang"]
    mp.status = MasterplanStatus.IN_REVIEW
    mp.save()
    client.force_login(demo["editor.pemalang"])

    response = client.post(
        reverse("masterplans:comment_add", args=[mp.pk]), {"part": "vision", "body": "Hai"}
    )

    assert response.status_code == 403
    assert not mp.comments.exists()


def test_masterplan_not_created_for_unselected_participation(demo, client):
    from kotacerdas.programmes.models import Participation

    participation = Participation.objects.get(region__code="33.75", cohort__year=2018)
    participation.masterplan.delete()
    Participation.objects.filter(pk=participation.pk).update(status="not_selected")
    client.force_login(demo["editor.pekalongan"])

    response = client.post(reverse("masterplans:create", args=[participation.pk]))

    assert response.status_code == 404
    assert not hasattr(Participation.objects.get(pk=participation.pk), "masterplan")
