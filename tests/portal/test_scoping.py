"""Each role sees exactly its scope, with a second region's data present (leak tests)."""

import pytest
from django.urls import reverse

from tests.factories import CohortFactory, UserFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_participation_detail_editor_sees_own_region(world, login):
    client = login(world.editor_a)

    response = client.get(reverse("programmes:participation_detail", args=[world.part_a.pk]))

    assert response.status_code == 200
    assert "Kabupaten Alfa" in _text(response)
    assert "Mentor Alfa" in _text(response)


def test_participation_detail_other_region_answers_404(world, login):
    client = login(world.editor_a)

    response = client.get(reverse("programmes:participation_detail", args=[world.part_b.pk]))

    assert response.status_code == 404
    assert "Kota Beta" not in _text(response)


def test_participation_detail_mentor_sees_only_mentored(world, login):
    client = login(world.mentor_a)

    own = client.get(reverse("programmes:participation_detail", args=[world.part_a.pk]))
    other = client.get(reverse("programmes:participation_detail", args=[world.part_b.pk]))

    assert (own.status_code, other.status_code) == (200, 404)


def test_participation_detail_anonymous_redirected_to_login(world, client):
    response = client.get(reverse("programmes:participation_detail", args=[world.part_a.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_cohort_detail_editor_lists_only_own_participation(world, login):
    client = login(world.editor_a)

    response = client.get(reverse("programmes:cohort_detail", args=[world.cohort.pk]))

    assert response.status_code == 200
    assert "Kabupaten Alfa" in _text(response)
    assert "Kota Beta" not in _text(response)
    assert "Kabupaten Gamma Pelamar" not in _text(response)


def test_cohort_detail_secretariat_lists_all(world, login):
    client = login(world.secretariat)

    response = client.get(reverse("programmes:cohort_detail", args=[world.cohort.pk]))

    text = _text(response)
    assert all(name in text for name in ["Kabupaten Alfa", "Kota Beta", "Kabupaten Gamma Pelamar"])


def test_cohort_detail_unrelated_evaluator_gets_404(world, login):
    client = login(world.evaluator_other)

    response = client.get(reverse("programmes:cohort_detail", args=[world.cohort.pk]))

    assert response.status_code == 404


def test_cohort_list_editor_sees_own_cohort_only(world, login):
    CohortFactory(name="Angkatan Lain")
    client = login(world.editor_a)

    response = client.get(reverse("programmes:cohort_list"))

    assert "Angkatan Uji" in _text(response)
    assert "Angkatan Lain" not in _text(response)


def test_dashboard_editor_shows_own_participation_not_other(world, login):
    client = login(world.editor_a)

    response = client.get(reverse("portal:dashboard"))

    text = _text(response)
    assert "Kabupaten Alfa" in text
    assert "Kota Beta" not in text
    assert "Gedung Uji Bimtek" in text


def test_dashboard_mentor_lists_assigned_regions(world, login):
    client = login(world.mentor_a)

    response = client.get(reverse("portal:dashboard"))

    assert [p.region.name for p in response.context["mentored"]] == ["Kabupaten Alfa"]


def test_dashboard_secretariat_counts_statuses(world, login):
    client = login(world.secretariat)

    response = client.get(reverse("portal:dashboard"))

    cohort = response.context["cohorts"][0]
    assert (cohort.n_mentoring, cohort.n_shortlisted, cohort.n_applied) == (2, 1, 0)


def test_region_detail_public_hides_applications(world, client):
    response = client.get(reverse("portal:region_detail", args=[world.applicant.region.code]))

    assert response.status_code == 200
    assert list(response.context["participations"]) == []


def test_region_directory_cohort_filter_hides_applicants(world, client):
    response = client.get(reverse("portal:region_directory"), {"cohort": world.cohort.pk})

    names = [r.name for r in response.context["page"]]
    assert names == ["Kabupaten Alfa", "Kota Beta"]


def test_region_directory_search_by_code(regions_loaded, client):
    response = client.get(reverse("portal:region_directory"), {"q": "33.27"})

    assert [r.name for r in response.context["page"]] == ["Kabupaten Pemalang"]


def test_region_directory_filters_province_and_kind(regions_loaded, client):
    response = client.get(reverse("portal:region_directory"), {"province": "33", "kind": "kota"})

    assert [r.code for r in response.context["page"]] == [
        "33.71",
        "33.72",
        "33.73",
        "33.74",
        "33.75",
        "33.76",
    ]


def test_region_directory_htmx_returns_results_fragment(regions_loaded, client):
    response = client.get(
        reverse("portal:region_directory"), {"q": "Pemalang"}, headers={"HX-Request": "true"}
    )

    text = _text(response)
    assert text.lstrip().startswith('<div id="results">')
    assert "Kabupaten Pemalang" in text
    assert "<html" not in text


def test_opd_list_editor_of_other_region_gets_404(world, login):
    client = login(world.editor_b)

    response = client.get(reverse("regions:opd_list", args=[world.region_a.code]))

    assert response.status_code == 404


def test_opd_list_viewer_cannot_manage(world, login):
    client = login(world.viewer_a)

    response = client.get(reverse("regions:opd_list", args=[world.region_a.code]))

    assert response.status_code == 404


def test_opd_add_editor_creates_agency_in_own_region(world, login):
    client = login(world.editor_a)

    response = client.post(
        reverse("regions:opd_list", args=[world.region_a.code]),
        {"name": "Dinas Kesehatan", "short_name": "Dinkes"},
    )

    assert response.status_code == 302
    assert sorted(world.region_a.opds.values_list("name", flat=True)) == [
        "Dinas Kesehatan",
        "Dinas Kominfo Alfa",
    ]


def test_opd_add_duplicate_name_shows_field_error(world, login):
    client = login(world.editor_a)

    response = client.post(
        reverse("regions:opd_list", args=[world.region_a.code]), {"name": "dinas kominfo alfa"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Daerah ini sudah memiliki perangkat daerah dengan nama tersebut."
    ]
    assert world.region_a.opds.count() == 1


def test_opd_edit_of_other_region_opd_gets_404(world, login):
    client = login(world.editor_a)
    opd_b = world.region_b.opds.get()

    response = client.post(
        reverse("regions:opd_edit", args=[world.region_a.code, opd_b.pk]), {"name": "Diretas"}
    )

    assert response.status_code == 404
    opd_b.refresh_from_db()
    assert opd_b.name == "Dinas Kominfo Beta"


def test_members_page_only_secretariat(world, login):
    editor = login(world.editor_a).get(reverse("regions:members", args=[world.region_a.code]))

    assert editor.status_code == 404


def test_members_add_writes_audit_entry(world, login):
    from kotacerdas.core.models import AuditEntry

    newcomer = UserFactory()
    client = login(world.secretariat)

    client.post(
        reverse("regions:members", args=[world.region_a.code]), {"user": newcomer.pk, "role": "viewer"}
    )

    entry = AuditEntry.objects.get(action="membership.added")
    assert (entry.actor, entry.region_code, entry.new_value) == (
        world.secretariat,
        world.region_a.code,
        f"{world.region_a.code} viewer",
    )


def test_user_list_only_secretariat(world, login):
    response = login(world.editor_a).get(reverse("accounts:user_list"))

    assert response.status_code == 403


def test_audit_log_only_secretariat_and_filters_region(world, login):
    from kotacerdas.programmes.services import change_status

    change_status(world.part_a, "evaluated", by=world.secretariat, note="Selesai")
    change_status(world.part_b, "evaluated", by=world.secretariat)

    denied = login(world.editor_a).get(reverse("portal:audit_log"))
    response = login(world.secretariat).get(reverse("portal:audit_log"), {"region": world.region_a.code})

    assert denied.status_code == 403
    assert [(e.region_code, e.new_value, e.note) for e in response.context["page"]] == [
        (world.region_a.code, "evaluated", "Selesai")
    ]


def test_selection_page_assessor_sees_ranking_other_evaluator_404(world, login):
    ok = login(world.assessor).get(reverse("programmes:selection", args=[world.cohort.pk]))
    denied = login(world.evaluator_other).get(reverse("programmes:selection", args=[world.cohort.pk]))

    assert ok.status_code == 200
    assert [r.participation.region.name for r in ok.context["ranking"]][0:1] != []
    assert denied.status_code == 404


def test_selection_page_region_editor_404(world, login):
    response = login(world.editor_a).get(reverse("programmes:selection", args=[world.cohort.pk]))

    assert response.status_code == 404
