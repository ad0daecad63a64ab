"""Who sees which letter (Letter.objects.visible_to): the secretariat all; a region's team only its region's
letters once signed or sent; anybody else nothing."""

import pytest

from kotacerdas.letters import services
from kotacerdas.letters.models import Letter, LetterKind
from tests.factories import UserFactory
from tests.letters.conftest import scan_upload

K = LetterKind


@pytest.fixture
def letters(world):
    by = world["secretariat"]
    made = {}
    for index, name in ((0, "kabupaten"), (1, "kota")):
        draft = services.prepare_letter(K.EVALUATION_INVITATION, session=world["sessions"][index], by=by)
        made[f"{name}_draft"] = draft
    bimtek = {
        name: services.prepare_letter(K.BIMTEK_INVITATION, stage=world["stage"], participation=p, by=by)
        for name, p in zip(("kabupaten", "kota"), world["participations"], strict=True)
    }
    made["kabupaten_finalised"] = services.finalise_letter(bimtek["kabupaten"], by=by)
    kota = services.finalise_letter(bimtek["kota"], by=by)
    made["kota_signed"] = services.sign_letter(kota, scan_upload(), by=by)
    quick = services.prepare_letter(K.QUICK_WIN_COMMITMENT, participation=world["participations"][0], by=by)
    quick = services.sign_letter(services.finalise_letter(quick, by=by), scan_upload(), by=by)
    services.send_letter(quick, by=by)
    made["kabupaten_sent"] = Letter.objects.get(pk=quick.pk)
    made["decision"] = services.prepare_letter(K.SELECTION_DECISION, cohort=world["cohort"], by=by)
    return made


def test_the_secretariat_sees_every_letter(world, letters):
    assert Letter.objects.visible_to(world["secretariat"]).count() == len(letters)


def test_a_team_sees_only_its_regions_signed_and_sent_letters(world, letters):
    seen = set(Letter.objects.visible_to(world["team"]))

    assert seen == {letters["kabupaten_sent"]}


def test_another_regions_team_sees_nothing_of_this_region(world, letters):
    seen = set(Letter.objects.visible_to(world["other_team"]))

    assert seen == {letters["kota_signed"]}
    assert not seen & {letters["kabupaten_sent"], letters["kabupaten_finalised"], letters["kabupaten_draft"]}


@pytest.mark.parametrize("flags", [{}, {"is_mentor": True}, {"is_evaluator": True}, {"is_active": False}])
def test_people_outside_the_secretariat_and_the_team_see_nothing(world, letters, flags):
    assert Letter.objects.visible_to(UserFactory(**flags)).count() == 0


def test_an_anonymous_visitor_sees_nothing(world, letters):
    from django.contrib.auth.models import AnonymousUser

    assert Letter.objects.visible_to(AnonymousUser()).count() == 0
