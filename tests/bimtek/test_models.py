"""The rules of the bimtek models and the walk-in form: NIP, OPD of the same region, dates inside the stage,
the stage's cohort, one receipt per deliverable and region; who sees which attendance rows."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from kotacerdas.bimtek.forms import WalkInForm
from kotacerdas.bimtek.models import Attendee, stage_label
from tests.bimtek.conftest import FRIDAY, THURSDAY
from tests.factories import (
    AttendeeFactory,
    DeliverableExpectationFactory,
    DeliverableReceiptFactory,
    ParticipationFactory,
    StageFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


def _errors(attendee) -> dict:
    with pytest.raises(ValidationError) as caught:
        attendee.full_clean()
    return caught.value.message_dict


def test_a_valid_attendee_passes(w):
    attendee = AttendeeFactory.build(
        stage=w.stage, participation=w.part_a, nip="197001012000031001", opd=w.opd_a, attended_on=FRIDAY
    )
    attendee.full_clean()


@pytest.mark.parametrize(
    "nip", ["19700101200003100", "1970010120000310011", "19700101 200003100", "abcdefghijklmnopqr"]
)
def test_a_nip_has_eighteen_digits(w, nip):
    attendee = AttendeeFactory.build(stage=w.stage, participation=w.part_a, nip=nip)
    assert list(_errors(attendee)) == ["nip"]


def test_an_opd_of_another_region_is_refused(w):
    attendee = AttendeeFactory.build(stage=w.stage, participation=w.part_a, opd=w.opd_b)
    assert _errors(attendee) == {"opd": ["Pilih perangkat daerah (OPD) dari daerah peserta sendiri."]}


@pytest.mark.parametrize("day", [THURSDAY - datetime.timedelta(days=1), FRIDAY + datetime.timedelta(days=1)])
def test_attendance_outside_the_stage_is_refused(w, day):
    attendee = AttendeeFactory.build(stage=w.stage, participation=w.part_a, attended_on=day)
    assert list(_errors(attendee)) == ["attended_on"]
    assert _errors(attendee)["attended_on"] == [
        "Tanggal harus antara 13 Desember 2018 dan 14 Desember 2018 (tanggal pelaksanaan tahapan)."
    ]


def test_a_region_of_another_cohort_is_refused(w):
    other = ParticipationFactory(region=w.region_a)
    attendee = AttendeeFactory.build(stage=w.stage, participation=other)
    assert list(_errors(attendee)) == ["participation"]


def test_a_working_group_of_another_stage_is_refused(w):
    other_stage = StageFactory(cohort=w.cohort, kind="bimtek_3", starts_on=FRIDAY, ends_on=FRIDAY)
    group = WorkingGroupFactory(stage=other_stage, dimension=w.gov)
    attendee = AttendeeFactory.build(stage=w.stage, participation=w.part_a, working_group=group)
    assert list(_errors(attendee)) == ["working_group"]


def test_one_working_group_per_dimension_and_stage(w):
    WorkingGroupFactory(stage=w.stage, dimension=w.gov)
    with pytest.raises(IntegrityError):
        WorkingGroupFactory(stage=w.stage, dimension=w.gov)


def test_one_receipt_per_deliverable_and_region(w):
    expectation = DeliverableExpectationFactory(stage=w.stage, title="Draf Buku 1")
    DeliverableReceiptFactory(expectation=expectation, participation=w.part_a)
    with pytest.raises(IntegrityError):
        DeliverableReceiptFactory(expectation=expectation, participation=w.part_a)


def test_a_receipt_before_the_stage_is_refused(w):
    expectation = DeliverableExpectationFactory(stage=w.stage)
    receipt = DeliverableReceiptFactory.build(
        expectation=expectation, participation=w.part_a, received_on=THURSDAY - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as caught:
        receipt.full_clean()
    assert list(caught.value.message_dict) == ["received_on"]


def test_walk_in_form_refuses_an_opd_of_another_region(w):
    form = WalkInForm(
        {"participation": w.part_a.pk, "name": "Tamu Uji", "nip": "", "position": "", "opd": w.opd_b.pk},
        stage=w.stage,
        day=THURSDAY,
    )
    assert not form.is_valid()
    assert form.errors["opd"] == ["Pilih perangkat daerah (OPD) dari daerah peserta sendiri."]


def test_walk_in_form_refuses_a_short_nip(w):
    form = WalkInForm(
        {"participation": w.part_a.pk, "name": "Tamu Uji", "nip": "12345"}, stage=w.stage, day=THURSDAY
    )
    assert not form.is_valid()
    assert list(form.errors) == ["nip"]


def test_stage_label_uses_roman_numerals(w):
    assert stage_label(w.stage) == "Bimtek Tahap II"


def test_who_sees_which_rows(w):
    a = AttendeeFactory(stage=w.stage, participation=w.part_a, name="Orang Alfa")
    b = AttendeeFactory(stage=w.stage, participation=w.part_b, name="Orang Beta")
    visible = {
        user: set(Attendee.objects.visible_to(user).values_list("name", flat=True))
        for user in (w.secretariat, w.editor_a, w.viewer_a, w.editor_b, w.mentor_a, w.assessor, w.outsider)
    }
    assert visible[w.secretariat] == {a.name, b.name}
    assert visible[w.editor_a] == {a.name}
    assert visible[w.viewer_a] == {a.name}
    assert visible[w.editor_b] == {b.name}
    # The check-in desk: a mentor of the cohort sees its list.
    assert visible[w.mentor_a] == {a.name, b.name}
    assert visible[w.assessor] == set()
    assert visible[w.outsider] == set()
    assert not Attendee.objects.visible_to(AnonymousUser()).exists()
