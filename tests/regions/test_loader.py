import io

import pytest
from django.core.management import call_command

from kotacerdas.regions.loader import LoadResult, load_regions
from kotacerdas.regions.models import Province, Region, RegionKind, TimeZone
from kotacerdas.regions.timezones import timezone_for_province

pytestmark = pytest.mark.django_db


def region_facts(code: str) -> tuple:
    region = Region.objects.select_related("province").get(code=code)
    return (region.name, region.kind, region.province.code, region.province.name, region.timezone)


def test_load_regions_creates_every_province_and_region(wilayah):
    provinces, regions = wilayah

    result = load_regions(provinces, regions)

    assert result == LoadResult(
        provinces_created=38, provinces_updated=0, regions_created=514, regions_updated=0
    )
    assert (Province.objects.count(), Region.objects.count()) == (38, 514)


def test_load_regions_counts_kabupaten_and_kota(regions_loaded):
    counts = {
        kind: Region.objects.filter(kind=kind).count() for kind in (RegionKind.KABUPATEN, RegionKind.KOTA)
    }

    assert counts == {"kabupaten": 416, "kota": 98}


def test_load_regions_pemalang_is_a_kabupaten_in_central_java_on_wib(regions_loaded):
    facts = region_facts("33.27")

    assert facts == ("Kabupaten Pemalang", "kabupaten", "33", "Jawa Tengah", "Asia/Jakarta")


def test_load_regions_wita_regions_use_asia_makassar(regions_loaded):
    facts = [region_facts("73.71"), region_facts("51.71")]

    assert facts == [
        ("Kota Makassar", "kota", "73", "Sulawesi Selatan", "Asia/Makassar"),
        ("Kota Denpasar", "kota", "51", "Bali", "Asia/Makassar"),
    ]


def test_load_regions_wit_region_uses_asia_jayapura(regions_loaded):
    region = Region.objects.get(code="91.71")

    assert (region.name, region.timezone, region.timezone_abbreviation) == (
        "Kota Jayapura",
        "Asia/Jayapura",
        "WIT",
    )


def test_load_regions_every_province_has_a_known_time_zone(regions_loaded):
    zones = set(Province.objects.values_list("timezone", flat=True))

    assert zones == {TimeZone.WIB, TimeZone.WITA, TimeZone.WIT}


def test_load_regions_second_run_changes_nothing(regions_loaded, wilayah):
    provinces, regions = wilayah
    before = (Province.objects.count(), Region.objects.count())

    result = load_regions(provinces, regions)

    assert result == LoadResult()
    assert (Province.objects.count(), Region.objects.count()) == before


def test_load_regions_restores_a_renamed_region(regions_loaded, wilayah):
    provinces, regions = wilayah
    Region.objects.filter(code="33.27").update(name="Kab. Pemalang (salah ketik)")

    result = load_regions(provinces, regions)

    assert result == LoadResult(regions_updated=1)
    assert Region.objects.get(code="33.27").name == "Kabupaten Pemalang"


def test_load_regions_restores_a_province_time_zone(regions_loaded, wilayah):
    provinces, regions = wilayah
    Province.objects.filter(code="73").update(timezone=TimeZone.WIB)

    result = load_regions(provinces, regions)

    assert result == LoadResult(provinces_updated=1)
    assert Province.objects.get(code="73").timezone == "Asia/Makassar"


def test_load_regions_unknown_kind_raises_value_error():
    with pytest.raises(ValueError) as excinfo:
        load_regions([("33", "Jawa Tengah")], [("33.99", "Desa Uji", "desa", "33")])

    assert str(excinfo.value) == "Region 33.99 has unknown kind 'desa'."


@pytest.mark.parametrize(
    ("code", "zone"),
    [("11", "Asia/Jakarta"), ("36", "Asia/Jakarta"), ("61", "Asia/Jakarta"), ("62", "Asia/Jakarta")]
    + [("51", "Asia/Makassar"), ("64", "Asia/Makassar"), ("76", "Asia/Makassar")]
    + [("81", "Asia/Jayapura"), ("91", "Asia/Jayapura"), ("96", "Asia/Jayapura")],
)
def test_timezone_for_province_known_code_gives_zone(code, zone):
    result = timezone_for_province(code)

    assert result == zone


@pytest.mark.parametrize("code", ["99", "10", "37", "", "ab"])
def test_timezone_for_province_unknown_code_raises_value_error(code):
    with pytest.raises(ValueError) as excinfo:
        timezone_for_province(code)

    assert str(excinfo.value) == f"No time zone is known for province code {code!r}."


def test_load_regions_command_prints_counts():
    out = io.StringIO()

    call_command("load_regions", stdout=out)

    assert out.getvalue() == "Provinces: 38 created, 0 updated. Kabupaten/kota: 514 created, 0 updated.\n"
    assert (Province.objects.count(), Region.objects.count()) == (38, 514)


def test_load_regions_command_second_run_is_idempotent():
    call_command("load_regions", stdout=io.StringIO())
    out = io.StringIO()

    call_command("load_regions", stdout=out)

    assert out.getvalue() == "Provinces: 0 created, 0 updated. Kabupaten/kota: 0 created, 0 updated.\n"
    assert (Province.objects.count(), Region.objects.count()) == (38, 514)
