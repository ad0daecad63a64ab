"""Tracked indicators and their values: history, superseding, verification rights, pages and leaks."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotacerdas.monitoring import services
from kotacerdas.monitoring.models import IndicatorSource, IndicatorValue, TrackedIndicator, ValueStatus
from tests.factories import IndicatorFactory, TargetFactory, TrackedIndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(demo):
    """The demo data set (conftest.py), Pemalang tracking one indicator."""
    # The baseline is what the page compares a first value with (a value far from it asks for a confirmation).
    tracked = TrackedIndicatorFactory(
        participation=demo["pemalang"], baseline_year=2018, baseline_value=Decimal("40")
    )
    TargetFactory(tracked=tracked, year=2019, value=Decimal("45"))
    TargetFactory(tracked=tracked, year=2020, value=Decimal("50"))
    return {**demo, "tracked": tracked}


def _report(world, year=2019, value="45.5", by="editor.pemalang"):
    return services.report_value(
        world["tracked"],
        year=year,
        value=Decimal(value),
        source="BPS Kabupaten Pemalang",
        method="Susenas",
        quality=2,
        evidence_url="https://pemalangkab.bps.go.id/",
        by=world[by],
    )


def test_a_correction_supersedes_and_keeps_the_history(world):
    first = _report(world, value="45.5")

    second = _report(world, value="46.1")

    assert second.supersedes == first
    assert list(IndicatorValue.objects.current().values_list("value", flat=True)) == [Decimal("46.1")]
    assert list(world["tracked"].values.order_by("pk").values_list("value", flat=True)) == [
        Decimal("45.5"),
        Decimal("46.1"),
    ]


def test_only_verified_current_values_are_published(world):
    reported = _report(world, year=2019)
    verified = _report(world, year=2020, value="50")
    services.verify_value(verified, by=world["mentor"], approve=True)

    published = list(IndicatorValue.objects.published())

    assert published == [verified]
    assert reported not in published


def test_mentor_verifies_and_the_record_says_who_and_when(world):
    value = _report(world)

    services.verify_value(value, by=world["mentor"], approve=True, note="Cocok dengan publikasi BPS.")

    value.refresh_from_db()
    assert (value.status, value.verified_by, value.verification_note) == (
        ValueStatus.VERIFIED,
        world["mentor"],
        "Cocok dengan publikasi BPS.",
    )
    assert value.verified_at is not None


@pytest.mark.parametrize("who", ["editor.pemalang", "viewer.pemalang", "editor.pekalongan"])
def test_the_region_team_and_others_cannot_verify(world, who):
    value = _report(world)

    with pytest.raises(PermissionDenied):
        services.verify_value(value, by=world[who], approve=True)

    value.refresh_from_db()
    assert value.status == ValueStatus.REPORTED


def test_a_reporter_never_verifies_their_own_value(world):
    value = _report(world, by="sekretariat")

    with pytest.raises(PermissionDenied):
        services.verify_value(value, by=world["sekretariat"], approve=True)


def test_a_corrected_value_cannot_be_verified(world):
    old = _report(world, value="45.5")
    _report(world, value="46.1")

    with pytest.raises(ValidationError):
        services.verify_value(old, by=world["mentor"], approve=True)


def test_rejecting_needs_a_reason(world):
    value = _report(world)

    with pytest.raises(ValidationError):
        services.verify_value(value, by=world["mentor"], approve=False, note=" ")

    services.verify_value(value, by=world["mentor"], approve=False, note="Sumber tidak sesuai.")
    value.refresh_from_db()
    assert value.status == ValueStatus.REJECTED


@pytest.mark.parametrize("who", ["viewer.pemalang", "mentor", "editor.pekalongan"])
def test_only_the_region_editors_and_the_secretariat_report(world, who):
    with pytest.raises(PermissionDenied):
        _report(world, by=who)

    assert IndicatorValue.objects.count() == 0


def test_participation_page_shows_latest_value_and_target(client, world):
    _report(world, year=2019, value="45.5")
    client.force_login(world["viewer.pemalang"])

    response = client.get(reverse("monitoring:participation", args=[world["pemalang"].pk]))

    row = response.context["rows"][0]
    assert (row["latest"].value, row["target"], row["pending"]) == (Decimal("45.5"), Decimal("45"), 1)
    assert response.context["may_report"] is False
    assert "<svg" in response.content.decode()


def test_another_regions_team_gets_404(client, world):
    _report(world)
    client.force_login(world["editor.pekalongan"])

    page = client.get(reverse("monitoring:participation", args=[world["pemalang"].pk]))
    detail = client.get(
        reverse("monitoring:tracked_detail", args=[world["pemalang"].pk, world["tracked"].pk])
    )

    assert (page.status_code, detail.status_code) == (404, 404)


def test_tracked_indicator_of_another_participation_is_404(client, world):
    client.force_login(world["editor.pekalongan"])

    response = client.get(
        reverse("monitoring:tracked_detail", args=[world["pekalongan"].pk, world["tracked"].pk])
    )

    assert response.status_code == 404


def test_report_through_the_page_needs_evidence(client, world):
    client.force_login(world["editor.pemalang"])
    url = reverse("monitoring:value_report", args=[world["pemalang"].pk, world["tracked"].pk])
    data = {"year": 2019, "value": "45,5", "source": "BPS", "quality": 2}

    refused = client.post(url, data)
    saved = client.post(url, {**data, "evidence_url": "https://pemalangkab.bps.go.id/"})

    assert refused.status_code == 400
    assert list(refused.context["value_form"].errors) == ["evidence_url"]
    assert saved.status_code == 302
    assert IndicatorValue.objects.get().value == Decimal("45.5")


def test_viewer_cannot_post_a_value(client, world):
    client.force_login(world["viewer.pemalang"])

    response = client.post(
        reverse("monitoring:value_report", args=[world["pemalang"].pk, world["tracked"].pk]),
        {"year": 2019, "value": "1", "source": "x", "quality": 1, "evidence_url": "https://example.org/"},
    )

    assert response.status_code == 403
    assert IndicatorValue.objects.count() == 0


def test_mentor_verifies_through_the_page(client, world):
    value = _report(world)
    client.force_login(world["mentor"])

    client.post(
        reverse("monitoring:value_verify", args=[world["pemalang"].pk, value.pk]),
        {"decision": "verify", "note": ""},
    )

    value.refresh_from_db()
    assert value.status == ValueStatus.VERIFIED


def test_track_add_parses_targets_and_reports_bad_lines(client, world):
    other = IndicatorFactory()
    client.force_login(world["editor.pemalang"])
    url = reverse("monitoring:track_add", args=[world["pemalang"].pk])
    data = {"indicator": other.pk, "baseline_year": 2018, "baseline_value": "10"}

    bad = client.post(url, {**data, "targets": "2019 = 12\n2020 sebelas"})
    good = client.post(url, {**data, "targets": "2019 = 12\n2020 = 1.234,5"})

    assert list(bad.context["form"].errors) == ["targets"]
    assert good.status_code == 302
    tracked = TrackedIndicator.objects.get(indicator=other)
    assert list(tracked.targets.values_list("year", "value")) == [
        (2019, Decimal("12")),
        (2020, Decimal("1234.5")),
    ]


@pytest.mark.parametrize(
    ("line", "stored", "error"),
    [
        ("2020 = 2.150", Decimal("2150"), None),
        ("2020 = 2.150,5", Decimal("2150.5"), None),
        ("2020 = 2.15", None, "Baris 1: “2.15” tidak jelas: maksud Anda “215” atau “2,15”?"),
    ],
)
def test_track_add_reads_target_values_the_indonesian_way(client, world, line, stored, error):
    other = IndicatorFactory()
    client.force_login(world["editor.pemalang"])
    url = reverse("monitoring:track_add", args=[world["pemalang"].pk])

    response = client.post(
        url, {"indicator": other.pk, "baseline_year": 2018, "baseline_value": "10", "targets": line}
    )

    if error is None:
        assert list(
            TrackedIndicator.objects.get(indicator=other).targets.values_list("value", flat=True)
        ) == [stored]
    else:
        assert response.context["form"].errors["targets"][0].startswith(error)
        assert not TrackedIndicator.objects.filter(indicator=other).exists()


def test_track_add_never_offers_another_regions_own_indicator(client, world):
    theirs = IndicatorFactory(source=IndicatorSource.REGION, region=world["pekalongan"].region)
    client.force_login(world["editor.pemalang"])

    response = client.get(reverse("monitoring:track_add", args=[world["pemalang"].pk]))

    assert theirs not in response.context["form"].fields["indicator"].queryset


def test_participation_page_queries_do_not_grow_with_indicators(client, world):
    client.force_login(world["sekretariat"])
    url = reverse("monitoring:participation", args=[world["pemalang"].pk])
    _report(world)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(2, 7):
        tracked = TrackedIndicatorFactory(participation=world["pemalang"])
        TargetFactory(tracked=tracked, year=2019)
        services.report_value(
            tracked,
            year=2019,
            value=Decimal(n),
            source="s",
            quality=1,
            evidence_url="https://e.org/",
            by=world["sekretariat"],
        )

    with CaptureQueriesContext(connection) as large:
        client.get(url)

    assert len(large) == len(small)


def test_evidence_file_is_served_only_inside_the_region_circle(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    value = services.report_value(
        world["tracked"],
        year=2019,
        value=Decimal("45.5"),
        source="BPS",
        quality=1,
        evidence_file=SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 bukti"),
        by=world["editor.pemalang"],
    )
    url = reverse("monitoring:value_evidence", args=[world["pemalang"].pk, value.pk])

    client.force_login(world["viewer.pemalang"])
    allowed = client.get(url)
    client.force_login(world["editor.pekalongan"])
    refused = client.get(url)

    assert allowed.status_code == 200
    assert b"".join(allowed.streaming_content) == b"%PDF-1.4 bukti"
    assert refused.status_code == 404


def test_track_add_refuses_targets_that_cannot_be_stored(client, world):
    other = IndicatorFactory()
    client.force_login(world["editor.pemalang"])

    response = client.post(
        reverse("monitoring:track_add", args=[world["pemalang"].pk]),
        {
            "indicator": other.pk,
            "baseline_year": 2018,
            "baseline_value": "10",
            "targets": "2019 = 123456789012345678901234\n9999 = 1",
        },
    )

    assert list(response.context["form"].errors) == ["targets"]
    assert len(response.context["form"].errors["targets"]) == 2
    assert not TrackedIndicator.objects.filter(indicator=other).exists()


@pytest.mark.parametrize(("who", "shown"), [("editor.pemalang", True), ("viewer.pemalang", False)])
def test_the_import_tab_shows_for_reporters_on_every_monitoring_tab(client, world, who, shown):
    client.force_login(world[who])
    import_url = reverse("monitoring:import_upload", args=[world["pemalang"].pk])

    pages = [
        client.get(reverse("monitoring:participation", args=[world["pemalang"].pk])),
        client.get(reverse("monitoring:programmes", args=[world["pemalang"].pk])),
    ]

    assert [import_url in page.content.decode() for page in pages] == [shown, shown]
