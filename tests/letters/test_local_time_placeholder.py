"""The invitation to the evaluation gives a region in WITA or WIT its own time beside the event's:
{jam_lokal} "10.00 WIB (11.00 WITA)", {waktu_lokal} "10.00–10.45 WIB (11.00–11.45 WITA)"; a region in the event's
zone gets the event's time alone. The seeded invitation prints {waktu_lokal}."""

import pytest
from django.utils import translation

from kotacerdas.letters import render, services
from kotacerdas.letters.models import LetterKind, LetterTemplate
from kotacerdas.letters.placeholders import PLACEHOLDERS, unknown_placeholders
from kotacerdas.letters.seed import TEMPLATES
from kotacerdas.regions.models import TimeZone

K = LetterKind


def _in_zone(region, zone):
    province = region.province
    province.timezone = zone
    province.save(update_fields=["timezone"])


def _invitation(world, session):
    return services.prepare_letter(
        K.EVALUATION_INVITATION, session=session, letter_date=world["date"], by=world["secretariat"]
    )


@pytest.mark.parametrize(
    ("zone", "start", "both"),
    [
        (TimeZone.WITA, "10.00 WIB (11.00 WITA)", "10.00–10.45 WIB (11.00–11.45 WITA)"),
        (TimeZone.WIT, "10.00 WIB (12.00 WIT)", "10.00–10.45 WIB (12.00–12.45 WIT)"),
        (TimeZone.WIB, "10.00 WIB", "10.00–10.45 WIB"),
    ],
)
def test_the_invitation_gives_the_regions_own_time_beside_the_events(world, zone, start, both):
    session = world["sessions"][1]  # Kota Mekarsari, 10.00–10.45 in a WIB event
    _in_zone(world["kota"], zone)

    letter = _invitation(world, session)

    assert (letter.values["jam_lokal"], letter.values["waktu_lokal"]) == (start, both)
    assert letter.values["zona"] == "WIB"  # the event's zone, as before


def test_the_values_are_indonesian_whatever_the_readers_language(world):
    _in_zone(world["kota"], TimeZone.WITA)

    with translation.override("en"):
        letter = _invitation(world, world["sessions"][1])

    assert letter.values["jam_lokal"] == "10.00 WIB (11.00 WITA)"
    assert "10:00" not in letter.values["waktu_lokal"]


def test_the_seeded_invitation_prints_the_local_time(world):
    _in_zone(world["kota"], TimeZone.WITA)

    html = render.letter_html(_invitation(world, world["sessions"][1]))

    assert "{waktu_lokal}" in TEMPLATES[K.EVALUATION_INVITATION]["body"]
    assert "{waktu_lokal}" in LetterTemplate.objects.get(kind=K.EVALUATION_INVITATION).body
    assert "10.00–10.45 WIB (11.00–11.45 WITA)" in html


def test_the_seeded_invitation_of_a_wib_region_reads_as_before(world):
    html = render.letter_html(_invitation(world, world["sessions"][0]))  # Kabupaten Sukamaju, WIB

    assert "09.00–09.45 WIB" in html
    assert "WITA" not in html and "(10.00" not in html


def test_the_placeholders_are_registered_for_the_invitation_only():
    assert {"jam_lokal", "waktu_lokal"} <= set(PLACEHOLDERS[K.EVALUATION_INVITATION])
    assert unknown_placeholders("{jam_lokal} {waktu_lokal}", K.EVALUATION_INVITATION) == []
    assert unknown_placeholders("{jam_lokal}", K.BIMTEK_INVITATION) == ["jam_lokal"]
