"""An indicator value's year lies in its masterplan's period (refused otherwise, on the page, in the service and
in imports); a value far from last year's or the target is warned about and stored only once confirmed."""

import io
import os
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from kotacerdas.monitoring import services, spreadsheets
from kotacerdas.monitoring.forms_values import PENDING_EVIDENCE
from kotacerdas.monitoring.models import (
    IndicatorValue,
    Milestone,
    ProgressReport,
    Target,
    TrackedIndicator,
    ValueStatus,
)
from kotacerdas.monitoring.plausibility import Reference, value_warnings
from kotacerdas.programmes.models import ParticipationStatus
from tests.factories import (
    CohortFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MasterplanFactory,
    MasterplanProgrammeFactory,
    MilestoneFactory,
    ParticipationFactory,
    TargetFactory,
    TrackedIndicatorFactory,
)

pytestmark = pytest.mark.django_db

OUTSIDE_PLAN = "Tahun harus antara 2019 dan 2028 (masa berlaku masterplan)."
DATE_OUTSIDE_PLAN = "Tanggal harus antara 1 Januari 2019 dan 31 Desember 2028 (masa berlaku masterplan)."


@pytest.fixture
def plan(teams, framework):
    """Region A's 2018 participation with its 2019–2028 masterplan, one tracked indicator (baseline 2018: 400
    jiwa; target 2021: 600), a 2020 value of 500 and a programme; region B beside it with the same indicator."""
    cohort = CohortFactory(year=2018, framework_version=framework)
    participation = ParticipationFactory(
        cohort=cohort, region=teams.region_a, status=ParticipationStatus.MENTORING
    )
    masterplan = MasterplanFactory(participation=participation, start_year=2019, end_year=2028)
    tracked = TrackedIndicatorFactory(
        participation=participation,
        indicator=IndicatorFactory(unit="jiwa"),
        baseline_year=2018,
        baseline_value=Decimal("400"),
    )
    TargetFactory(tracked=tracked, year=2021, value=Decimal("600"))
    IndicatorValueFactory(tracked=tracked, year=2020, value=Decimal("500"))
    return {
        "participation": participation,
        "masterplan": masterplan,
        "tracked": tracked,
        "programme": MasterplanProgrammeFactory(masterplan=masterplan),
        "editor": teams.editor_a,
    }


def _value_url(plan):
    return reverse("monitoring:value_report", args=[plan["participation"].pk, plan["tracked"].pk])


def _typed(**changes):
    data = {
        "year": "2021",
        "value": "520",
        "source": "BPS Kabupaten Alfa",
        "method": "Survei rumah tangga",
        "quality": "2",
        "evidence_url": "https://alfa.example.test/air.pdf",
    }
    return data | changes


# --- the year inside the masterplan's period ----------------------------------------------------------------


def test_value_year_after_the_plan_is_refused_on_the_page_and_nothing_is_stored(client, plan):
    client.force_login(plan["editor"])

    response = client.post(_value_url(plan), _typed(year="2035"))

    assert response.status_code == 400
    assert response.context["value_form"].errors == {"year": [OUTSIDE_PLAN]}
    assert OUTSIDE_PLAN in response.content.decode()
    assert list(IndicatorValue.objects.values_list("year", flat=True)) == [2020]


def test_value_year_before_the_plan_is_refused_by_the_service(plan):
    with pytest.raises(ValidationError) as refused:
        services.report_value(
            plan["tracked"],
            year=2018,
            value=Decimal("450"),
            source="BPS",
            evidence_url="https://a.test/",
            by=plan["editor"],
        )

    assert refused.value.message_dict == {"year": [OUTSIDE_PLAN]}
    assert IndicatorValue.objects.count() == 1


def test_value_year_at_both_ends_of_the_plan_is_accepted(plan):
    for year in (2019, 2028):
        services.report_value(
            plan["tracked"],
            year=year,
            value=Decimal("500"),
            source="BPS",
            evidence_url="https://a.test/",
            by=plan["editor"],
        )

    assert sorted(IndicatorValue.objects.values_list("year", flat=True)) == [2019, 2020, 2028]


def test_target_year_outside_the_plan_is_refused_when_tracking(client, plan):
    other = IndicatorFactory()
    client.force_login(plan["editor"])

    response = client.post(
        reverse("monitoring:track_add", args=[plan["participation"].pk]),
        {
            "indicator": other.pk,
            "baseline_year": 2018,
            "baseline_value": "10",
            "targets": "2024 = 20\n2035 = 40",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"targets": [f"Baris 2: {OUTSIDE_PLAN}"]}
    assert not TrackedIndicator.objects.filter(indicator=other).exists()


def test_target_model_refuses_a_year_outside_the_plan(plan):
    target = Target(tracked=plan["tracked"], year=2030, value=Decimal("700"))

    with pytest.raises(ValidationError) as refused:
        target.full_clean()

    assert refused.value.message_dict == {"year": [OUTSIDE_PLAN]}


def test_imported_value_year_outside_the_plan_names_the_row(plan):
    workbook = load_workbook(io.BytesIO(spreadsheets.template_bytes(plan["participation"], 2035)))
    sheet = workbook[spreadsheets.VALUES_SHEET]
    for letter, cell in {"E": 520, "F": "BPS", "G": "", "H": 2, "I": "https://a.test/air.pdf"}.items():
        sheet[f"{letter}2"] = cell
    buffer = io.BytesIO()
    workbook.save(buffer)

    preview = spreadsheets.build_preview(plan["participation"], buffer.getvalue(), by=plan["editor"])

    assert [(row["row"], row["errors"]) for row in preview.error_rows] == [
        (2, [{"column": "Tahun", "letter": "D", "message": OUTSIDE_PLAN}])
    ]
    assert preview.values == []


def test_progress_report_dated_outside_the_plan_is_refused_on_the_page(client, plan):
    client.force_login(plan["editor"])
    url = reverse("monitoring:progress_report", args=[plan["participation"].pk, plan["programme"].pk])

    response = client.post(url, {"reported_on": "2018-12-20", "status": "running", "percent_complete": "10"})

    assert response.status_code == 400
    assert response.context["progress_form"].errors == {"reported_on": [DATE_OUTSIDE_PLAN]}
    assert not ProgressReport.objects.exists()


def test_milestone_due_after_the_plan_is_refused(client, plan):
    client.force_login(plan["editor"])
    url = reverse("monitoring:milestone_add", args=[plan["participation"].pk, plan["programme"].pk])

    response = client.post(url, {"title": "Gedung selesai", "due_on": "2030-06-30"})

    assert response.status_code == 400
    assert response.context["milestone_form"].errors == {"due_on": [DATE_OUTSIDE_PLAN]}
    assert not Milestone.objects.exists()


def test_milestone_done_before_the_plan_is_refused(client, plan):
    milestone = MilestoneFactory(programme=plan["programme"])
    client.force_login(plan["editor"])
    url = reverse("monitoring:milestone_done", args=[plan["participation"].pk, milestone.pk])

    response = client.post(url, {"done_on": "2018-12-31"}, follow=True)

    milestone.refresh_from_db()
    assert milestone.done_on is None
    assert [str(m) for m in response.context["messages"]] == [DATE_OUTSIDE_PLAN]


# --- a value far from last year's or the target: warn, confirm, keep what was typed ---------------------------


def test_value_four_times_last_years_warns_with_both_numbers_and_stores_nothing(client, plan):
    client.force_login(plan["editor"])

    response = client.post(_value_url(plan), _typed(value="2000"))

    form = response.context["value_form"]
    assert response.status_code == 200
    assert form.warnings == [
        "2.000 jiwa lebih dari tiga kali nilai tahun 2020 (500 jiwa).",
        "2.000 jiwa lebih dari tiga kali target tahun 2021 (600 jiwa).",
    ]
    page = response.content.decode()
    assert "2.000 jiwa lebih dari tiga kali nilai tahun 2020 (500 jiwa)." in page
    assert "Simpan tetap" in page
    assert {name: form[name].value() for name in _typed()} == _typed(value="2000")
    assert 'value="Survei rumah tangga"' in page
    assert IndicatorValue.objects.count() == 1


def test_value_four_times_last_years_is_stored_after_save_anyway(client, plan):
    client.force_login(plan["editor"])
    warned = client.post(_value_url(plan), _typed(value="2000"))

    saved = client.post(
        _value_url(plan), _typed(value="2000", acknowledged=warned.context["value_form"].fingerprint)
    )

    assert saved.status_code == 302
    stored = IndicatorValue.objects.get(year=2021)
    assert (stored.value, stored.source, stored.method, stored.status) == (
        Decimal("2000"),
        "BPS Kabupaten Alfa",
        "Survei rumah tangga",
        ValueStatus.REPORTED,
    )


def test_a_value_changed_after_the_warning_is_checked_again(client, plan):
    client.force_login(plan["editor"])
    warned = client.post(_value_url(plan), _typed(value="2000"))

    again = client.post(
        _value_url(plan), _typed(value="90", acknowledged=warned.context["value_form"].fingerprint)
    )

    assert again.status_code == 200
    assert again.context["value_form"].warnings == [
        "90 jiwa kurang dari sepertiga nilai tahun 2020 (500 jiwa).",
        "90 jiwa kurang dari sepertiga target tahun 2021 (600 jiwa).",
    ]
    assert IndicatorValue.objects.count() == 1


def test_value_within_range_saves_in_one_step(client, plan):
    client.force_login(plan["editor"])

    response = client.post(_value_url(plan), _typed(value="520"))

    assert response.status_code == 302
    assert IndicatorValue.objects.get(year=2021).value == Decimal("520")


def test_evidence_file_is_kept_while_the_value_is_confirmed(client, plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(plan["editor"])
    evidence = SimpleUploadedFile("bukti-air.pdf", b"%PDF-1.4 air", content_type="application/pdf")
    warned = client.post(_value_url(plan), _typed(value="2000", evidence_url="", evidence_file=evidence))
    form = warned.context["value_form"]
    token, name = form.pending_evidence

    saved = client.post(
        _value_url(plan),
        _typed(value="2000", evidence_url="", acknowledged=form.fingerprint, pending_evidence=token),
    )

    assert (warned.status_code, name, saved.status_code) == (200, "bukti-air.pdf", 302)
    assert "bukti-air.pdf" in warned.content.decode()
    stored = IndicatorValue.objects.get(year=2021)
    with stored.evidence_file.open("rb") as kept:
        assert kept.read() == b"%PDF-1.4 air"
    assert default_storage.listdir(PENDING_EVIDENCE.directory) == ([], [])


def test_a_forged_kept_evidence_token_is_ignored(client, plan):
    client.force_login(plan["editor"])

    response = client.post(_value_url(plan), _typed(evidence_url="", pending_evidence="evidence/pending/x:y"))

    assert response.status_code == 400
    assert response.context["value_form"].errors == {"evidence_url": ["Sertakan bukti: tautan atau berkas."]}


def test_value_form_shows_the_indicator_unit(client, plan):
    client.force_login(plan["editor"])

    response = client.get(
        reverse("monitoring:tracked_detail", args=[plan["participation"].pk, plan["tracked"].pk])
    )

    assert response.context["value_form"].fields["value"].unit == "jiwa"
    assert 'class="number-input__unit"' in response.content.decode()


# --- the rule itself -------------------------------------------------------------------------------------------


def test_value_warnings_name_both_numbers_in_indonesian():
    references = [Reference("value", 2023, Decimal("2150.5")), Reference("target", 2024, Decimal("1000"))]

    warnings = value_warnings(Decimal("7000"), references, unit="%")

    assert warnings == [
        "7.000% lebih dari tiga kali nilai tahun 2023 (2.150,5%).",
        "7.000% lebih dari tiga kali target tahun 2024 (1.000%).",
    ]


@pytest.mark.parametrize(("value", "expected"), [("300", 0), ("300.01", 1), ("33.34", 0), ("33.33", 1)])
def test_value_warnings_start_beyond_three_times_either_way(value, expected):
    warnings = value_warnings(Decimal(value), [Reference("value", 2023, Decimal("100"))])

    assert len(warnings) == expected


def test_value_warnings_compare_with_the_baseline_when_no_earlier_value_exists():
    warnings = value_warnings(Decimal("10"), [Reference("baseline", 2018, Decimal("400"))], unit="jiwa")

    assert warnings == ["10 jiwa kurang dari sepertiga nilai dasar tahun 2018 (400 jiwa)."]


@pytest.mark.parametrize("reference", ["0", "-5"])
def test_value_warnings_skip_references_that_give_no_ratio(reference):
    assert value_warnings(Decimal("10"), [Reference("value", 2023, Decimal(reference))]) == []


def test_clean_command_deletes_evidence_kept_for_a_confirmation_that_never_came(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "evidence" / "pending"
    folder.mkdir(parents=True)
    old, fresh, other = folder / ("a" * 32 + ".pdf"), folder / ("b" * 32 + ".pdf"), folder / "catatan.txt"
    for path in (old, fresh, other):
        path.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 3600
    for path in (old, other):
        os.utime(path, (two_days_ago, two_days_ago))
    out = io.StringIO()

    call_command("clean_pending_files", stdout=out)

    assert (old.exists(), fresh.exists(), other.exists()) == (False, True, True)
    assert out.getvalue().strip().splitlines()[0] == "evidence/pending/: 1 expired files deleted."
