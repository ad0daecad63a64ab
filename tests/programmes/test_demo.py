import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kotacerdas.accounts.models import User
from kotacerdas.programmes.demo import load_demo
from kotacerdas.programmes.models import (
    Agreement,
    AgreementKind,
    AssessmentScore,
    Cohort,
    Participation,
    ParticipationStatus,
    Programme,
    SelectionCriterion,
    Stage,
)
from kotacerdas.regions.models import Opd, RegionMembership

pytestmark = pytest.mark.django_db

# The 25 regions of the 2017 cohort as published (docs/domain.md).
COHORT_2017_NAMES = {
    "Kota Jambi", "Kabupaten Pelalawan", "Kabupaten Siak", "Kabupaten Banyuasin", "Kota Tangerang",
    "Kota Tangerang Selatan", "Kabupaten Purwakarta", "Kota Bandung", "Kota Bekasi", "Kota Bogor",
    "Kota Cirebon", "Kota Sukabumi", "Kabupaten Sleman", "Kota Semarang", "Kabupaten Banyuwangi",
    "Kabupaten Bojonegoro", "Kabupaten Gresik", "Kabupaten Sidoarjo", "Kabupaten Badung", "Kota Singkawang",
    "Kabupaten Kutai Kartanegara", "Kota Samarinda", "Kota Makassar", "Kota Tomohon", "Kabupaten Mimika",
}  # fmt: skip

DEMO_EMAILS = {
    "sekretariat@demo.kotacerdas.id",
    "mentor@demo.kotacerdas.id",
    "evaluator@demo.kotacerdas.id",
    "evaluator2@demo.kotacerdas.id",
    "editor.pemalang@demo.kotacerdas.id",
    "approver.pemalang@demo.kotacerdas.id",
    "viewer.pemalang@demo.kotacerdas.id",
    "editor.pekalongan@demo.kotacerdas.id",
}


@pytest.fixture
def demo(regions_loaded, framework):
    return load_demo()


def row_counts() -> dict[str, int]:
    models = [
        User,
        RegionMembership,
        Opd,
        Programme,
        Cohort,
        Participation,
        Stage,
        SelectionCriterion,
        AssessmentScore,
        Agreement,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_load_demo_2017_cohort_has_the_25_published_regions(demo):
    cohort = Cohort.objects.get(year=2017)

    names = list(cohort.participations.values_list("region__name", flat=True))

    assert len(names) == 25
    assert set(names) == COHORT_2017_NAMES
    assert set(cohort.participations.values_list("status", flat=True)) == {ParticipationStatus.GRADUATED}
    assert (cohort.name, cohort.target_size) == ("Angkatan 2017", 25)


def test_load_demo_2018_cohort_includes_pemalang(demo):
    cohort = Cohort.objects.get(year=2018)

    pemalang = cohort.participations.get(region__code="33.27")

    assert (pemalang.region.name, pemalang.status) == ("Kabupaten Pemalang", ParticipationStatus.EVALUATED)
    mou, pks = pemalang.agreements.order_by("signed_on")
    assert (mou.kind, mou.our_number, mou.signed_on, mou.is_demo) == (
        AgreementKind.MOU,
        "DEMO/2018/PML-001",
        date(2018, 6, 20),
        True,
    )
    assert (pks.kind, pks.follows_from) == (AgreementKind.PKS, mou)
    assert list(pemalang.mentors.values_list("email", flat=True)) == ["mentor@demo.kotacerdas.id"]


def test_load_demo_has_an_agreement_ending_within_90_days(demo):
    ending = Agreement.objects.ending_within(timezone.localdate())

    assert [(a.region.code, a.our_number, a.is_demo) for a in ending] == [
        ("35.23", "DEMO/2024/TBN-002", True)
    ]


def test_load_demo_uses_the_current_framework(demo, framework):
    versions = set(Cohort.objects.values_list("framework_version", flat=True))

    assert versions == {framework.pk}


def test_load_demo_second_run_changes_no_counts(demo):
    before = row_counts()

    second = load_demo()

    assert row_counts() == before
    assert second == demo


def test_load_demo_creates_demo_users(demo):
    emails = set(User.objects.filter(is_demo=True).values_list("email", flat=True))

    assert emails == DEMO_EMAILS


def test_load_demo_demo_users_can_log_in_with_demo_password(demo):
    user = User.objects.get(email="editor.pemalang@demo.kotacerdas.id")

    result = user.check_password("demo-kotacerdas-2026")

    assert result is True


def test_load_demo_pemalang_editor_is_editor_of_33_27(demo):
    memberships = RegionMembership.objects.filter(user__email="editor.pemalang@demo.kotacerdas.id")

    result = list(memberships.values_list("region__code", "role"))

    assert result == [("33.27", "editor")]


def test_load_demo_without_reference_data_raises_runtime_error():
    with pytest.raises(RuntimeError) as excinfo:
        load_demo()

    assert str(excinfo.value) == "Load regions and the framework first (load_regions, load_framework)."
    assert User.objects.count() == 0


def test_load_demo_command_without_reference_data_raises_command_error():
    with pytest.raises(CommandError) as excinfo:
        call_command("load_demo", allow_without_debug=True, stdout=io.StringIO())

    assert str(excinfo.value) == "Load regions and the framework first (load_regions, load_framework)."


def test_load_demo_command_prints_counts(regions_loaded, framework):
    out = io.StringIO()

    call_command("load_demo", allow_without_debug=True, stdout=out)

    counts = row_counts()
    assert out.getvalue() == (
        f"Demo data ready: 8 demo users, {counts['Cohort']} cohorts, "
        f"{counts['Participation']} participations.\n"
    )
    # Seven real cohorts (2017–2024, from cohorts.csv: 25 + 45 + 25 + 22 + 24 + 26 + 10) and the invented 2027 round.
    assert (counts["Cohort"], counts["Participation"]) == (8, 25 + 45 + 25 + 22 + 24 + 26 + 10 + 10)


def test_load_demo_command_refused_without_debug(regions_loaded, framework):
    with pytest.raises(CommandError) as excinfo:
        call_command("load_demo", stdout=io.StringIO())

    assert "Refusing to load demo data with DEBUG off" in str(excinfo.value)
    assert User.objects.count() == 0
