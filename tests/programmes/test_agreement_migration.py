"""Participation.mou_number / mou_date move into the agreement register without loss (programmes 0004–0006).

The test goes back to 0003 (before agreements), writes participations with only an MoU number, only a date, both,
and neither, migrates forward and reads the agreements; then migrates back to 0003 and reads the fields again."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kotacerdas.programmes.models import Agreement, AgreementKind
from tests.factories import CohortFactory, RegionFactory

BEFORE = [("programmes", "0003_text_limits")]
AFTER = [("programmes", "0006_remove_participation_mou")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_mou_fields_become_agreements_and_come_back(framework):
    cohort = CohortFactory(year=2018, framework_version=framework)
    regions = [RegionFactory(name=f"Kabupaten Migrasi {i}") for i in range(4)]
    june = datetime.date(2018, 6, 20)
    try:
        old = _migrate(BEFORE)
        Participation = old.get_model("programmes", "Participation")
        number_only = Participation.objects.create(
            cohort_id=cohort.pk, region_id=regions[0].pk, mou_number="N/1"
        )
        date_only = Participation.objects.create(cohort_id=cohort.pk, region_id=regions[1].pk, mou_date=june)
        both = Participation.objects.create(
            cohort_id=cohort.pk, region_id=regions[2].pk, mou_number="B/2", mou_date=june, is_demo=True
        )
        neither = Participation.objects.create(cohort_id=cohort.pk, region_id=regions[3].pk)

        _migrate(AFTER)

        moved = {
            a.participation_id: (
                a.region_id,
                a.kind,
                a.our_number,
                a.signed_on,
                a.valid_from,
                a.valid_until,
                a.is_demo,
            )
            for a in Agreement.objects.all()
        }
        assert moved == {
            number_only.pk: (regions[0].pk, AgreementKind.MOU, "N/1", None, None, None, False),
            date_only.pk: (regions[1].pk, AgreementKind.MOU, "", june, june, None, False),
            both.pk: (regions[2].pk, AgreementKind.MOU, "B/2", june, june, None, True),
        }
        # Two more MoUs of the same participation, added later: going back keeps the earliest signed.
        for number, signed in (("B/3", datetime.date(2019, 1, 5)), ("B/0", datetime.date(2018, 3, 1))):
            Agreement.objects.create(
                region_id=regions[2].pk,
                participation_id=both.pk,
                kind=AgreementKind.MOU,
                our_number=number,
                signed_on=signed,
            )

        back = _migrate(BEFORE)

        restored = {
            p.pk: (p.mou_number, p.mou_date)
            for p in back.get_model("programmes", "Participation").objects.filter(cohort_id=cohort.pk)
        }
        assert restored[number_only.pk] == ("N/1", None)
        assert restored[date_only.pk] == ("", june)
        assert restored[both.pk] == ("B/0", datetime.date(2018, 3, 1))
        assert restored[neither.pk] == ("", None)
    finally:
        _migrate(_leaves())
