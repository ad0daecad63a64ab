"""The implementation evaluation moved out of monitoring into its own app: its migrations carry every row over.

Monitoring 0004 takes the models out of monitoring's state, implementation 0001 takes them over with the old
tables, 0002 renames the tables. The test goes back to the state before the move, writes one row of every model
with the historical models, migrates forward and reads them through the new app's models.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kotacerdas.evaluations.models import EvaluationKind, Rubric
from kotacerdas.evaluations.seed import load_default_rubrics
from kotacerdas.implementation.models import (
    ImplementationRound,
    IndexResult,
    IndexScheme,
    RoundEntry,
    SchemeWeight,
    SelfEvidence,
    SelfScore,
    ValidationScore,
    ValidationSheet,
)
from tests.factories import ParticipationFactory, UserFactory

BEFORE = [("monitoring", "0003_text_limits"), ("implementation", None)]
AFTER = [("monitoring", "0004_implementation_moves_out"), ("implementation", "0003_add_round_index_scale")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    applied = [target for target in targets if target[1] is not None]  # (app, None): none of the app's
    return MigrationExecutor(connection).loader.project_state(applied).apps


def _leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_moving_the_implementation_app_keeps_every_row(framework):
    load_default_rubrics()
    rubric = Rubric.objects.filter(kind=EvaluationKind.IMPLEMENTATION).first()
    criterion = rubric.criteria.first()
    dimension = framework.dimensions.first()
    participation = ParticipationFactory(cohort__framework_version=framework)
    evaluator = UserFactory(is_evaluator=True)

    try:
        old = _migrate(BEFORE)
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        assert "monitoring_roundentry" in tables and "implementation_roundentry" not in tables

        scheme = old.get_model("monitoring", "IndexScheme").objects.create(name="Bobot uji")
        old.get_model("monitoring", "SchemeWeight").objects.create(
            scheme=scheme, dimension="impact", weight=Decimal("30.00")
        )
        rnd = old.get_model("monitoring", "ImplementationRound").objects.create(
            year=2031,
            name="Evaluasi 2031",
            scheme=scheme,
            rubric_id=rubric.pk,
            framework_version_id=framework.pk,
        )
        entry = old.get_model("monitoring", "RoundEntry").objects.create(
            round=rnd, participation_id=participation.pk
        )
        old.get_model("monitoring", "SelfEvidence").objects.create(
            entry=entry, dimension="output", explanation="Bukti keluaran"
        )
        old.get_model("monitoring", "SelfScore").objects.create(
            entry=entry, criterion_id=criterion.pk, dimension_id=dimension.pk, value=3
        )
        sheet = old.get_model("monitoring", "ValidationSheet").objects.create(
            entry=entry, evaluator_id=evaluator.pk, general_comment="Temuan"
        )
        old.get_model("monitoring", "ValidationScore").objects.create(
            sheet=sheet, criterion_id=criterion.pk, dimension_id=dimension.pk, is_na=True
        )
        old.get_model("monitoring", "IndexResult").objects.create(
            entry=entry, index=Decimal("2.38"), rank=1, ranked_among=1, by_evaluation={"impact": "2.38"}
        )

        _migrate(AFTER)

        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        assert "implementation_roundentry" in tables and "monitoring_roundentry" not in tables
        moved = RoundEntry.objects.get(pk=entry.pk)
        assert moved.round.name == "Evaluasi 2031" and moved.round.scheme.name == "Bobot uji"
        assert moved.participation == participation
        assert SchemeWeight.objects.get(scheme__pk=scheme.pk).weight == Decimal("30.00")
        assert SelfEvidence.objects.get(entry=moved).explanation == "Bukti keluaran"
        assert SelfScore.objects.get(entry=moved).value == 3
        moved_sheet = ValidationSheet.objects.get(pk=sheet.pk)
        assert moved_sheet.evaluator == evaluator and moved_sheet.general_comment == "Temuan"
        assert ValidationScore.objects.get(sheet=moved_sheet).is_na
        result = IndexResult.objects.get(entry=moved)
        assert (result.index, result.by_evaluation) == (Decimal("2.38"), {"impact": "2.38"})
        assert [m.objects.count() for m in (IndexScheme, ImplementationRound)] == [1, 1]
        # New rows continue after the moved ones (the ids' sequences came along).
        assert (
            ImplementationRound.objects.create(
                year=2032,
                name="Evaluasi 2032",
                scheme=moved.round.scheme,
                rubric=rubric,
                framework_version=framework,
            ).pk
            > rnd.pk
        )
    finally:
        _migrate(_leaves())
