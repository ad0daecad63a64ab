"""The yearly implementation evaluation: rounds, self-assessment, validation, publication, results and leaks."""

import io
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kotacerdas.core.concurrency import StaleEditError
from kotacerdas.evaluations.models import EvaluationKind, Rubric
from kotacerdas.evaluations.seed import load_default_rubrics
from kotacerdas.implementation import services as services_index
from kotacerdas.implementation.models import (
    AssessmentStatus,
    ImplementationRound,
    IndexScheme,
    RoundEntry,
    RoundStatus,
    SelfScore,
    ValidationSheet,
)
from kotacerdas.programmes.models import ParticipationStatus
from kotacerdas.regions.models import MembershipRole
from tests.factories import (
    CohortFactory,
    DeclaredConflictFactory,
    ParticipationFactory,
    RegionFactory,
    RegionMembershipFactory,
    RoundEntryFactory,
    UserFactory,
    ValidationSheetFactory,
)

pytestmark = pytest.mark.usefixtures("english")


@dataclass
class World:
    rubric: Rubric
    w2021: IndexScheme
    w_later: IndexScheme
    secretariat: object
    editor_a: object
    approver_a: object
    viewer_a: object
    editor_b: object
    mentor_a: object
    evaluator: object
    evaluator2: object
    part_a: object
    part_b: object
    framework: object


@pytest.fixture
def world(framework) -> World:
    load_default_rubrics()
    w2021, w_later = services_index.load_index_schemes()
    cohort = CohortFactory(year=2018, framework_version=framework)
    region_a, region_b = RegionFactory(name="Kabupaten Alfa"), RegionFactory(name="Kota Beta")
    part_a = ParticipationFactory(cohort=cohort, region=region_a, status=ParticipationStatus.EVALUATED)
    part_b = ParticipationFactory(cohort=cohort, region=region_b, status=ParticipationStatus.GRADUATED)
    editor_a, approver_a, viewer_a, editor_b = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    RegionMembershipFactory(user=editor_a, region=region_a, role=MembershipRole.EDITOR)
    RegionMembershipFactory(user=approver_a, region=region_a, role=MembershipRole.APPROVER)
    RegionMembershipFactory(user=viewer_a, region=region_a, role=MembershipRole.VIEWER)
    RegionMembershipFactory(user=editor_b, region=region_b, role=MembershipRole.EDITOR)
    mentor_a = UserFactory(is_mentor=True, is_evaluator=True)
    part_a.mentors.add(mentor_a)
    return World(
        rubric=Rubric.objects.get(kind=EvaluationKind.IMPLEMENTATION),
        w2021=w2021,
        w_later=w_later,
        secretariat=UserFactory(is_secretariat=True),
        editor_a=editor_a,
        approver_a=approver_a,
        viewer_a=viewer_a,
        editor_b=editor_b,
        mentor_a=mentor_a,
        evaluator=UserFactory(is_evaluator=True, full_name="Evaluator Satu"),
        evaluator2=UserFactory(is_evaluator=True, full_name="Evaluator Dua"),
        part_a=part_a,
        part_b=part_b,
        framework=framework,
    )


def _round(world, year=2024, scheme=None) -> ImplementationRound:
    return services_index.create_round(
        year=year,
        name=f"Evaluasi {year}",
        scheme=scheme or world.w2021,
        rubric=world.rubric,
        by=world.secretariat,
    )


def _cells(rnd, per_evaluation: dict[str, int | None]) -> dict:
    """Every cell of the round's grid, the same score in every smart city dimension (None = n/a)."""
    cells = {}
    for c in rnd.rubric.criteria.all():
        for d in rnd.framework_version.dimensions.all():
            value = per_evaluation[c.implementation_dimension]
            cells[(c.pk, d.pk)] = (None, True) if value is None else (value, False)
    return cells


def _entry(rnd, participation) -> RoundEntry:
    return RoundEntry.objects.get(round=rnd, participation=participation)


def _validate(rnd, participation, evaluator, scores, *, by_secretariat):
    entry = _entry(rnd, participation)
    sheet = services_index.assign_validator(entry, evaluator, by=by_secretariat)
    return services_index.save_validation(
        sheet,
        cells=_cells(rnd, scores),
        comment="Kunjungan lapangan",
        by=evaluator,
        expected_revision=1,
        submit=True,
    )


def _published(world, year, scores_a, scores_b=None, scheme=None) -> ImplementationRound:
    rnd = _round(world, year, scheme)
    services_index.change_round_status(rnd, RoundStatus.VALIDATION, by=world.secretariat)
    _validate(rnd, world.part_a, world.evaluator, scores_a, by_secretariat=world.secretariat)
    if scores_b:
        _validate(rnd, world.part_b, world.evaluator, scores_b, by_secretariat=world.secretariat)
    return services_index.change_round_status(rnd, RoundStatus.PUBLISHED, by=world.secretariat)


ALL = ["baseline", "output", "outcome", "impact", "quick_win"]


def _same(score):
    return dict.fromkeys(ALL, score)


# --- rounds ------------------------------------------------------------------------------------------------------


def test_round_enrols_regions_evaluated_in_earlier_years_once_each(world):
    later = ParticipationFactory(
        cohort=CohortFactory(year=2024, framework_version=world.framework),
        status=ParticipationStatus.EVALUATED,
    )
    applied = ParticipationFactory(cohort=world.part_a.cohort, status=ParticipationStatus.APPLIED)
    again = ParticipationFactory(
        cohort=CohortFactory(year=2020, framework_version=world.framework),
        region=world.part_a.region,
        status=ParticipationStatus.EVALUATED,
    )

    rnd = _round(world, 2024)

    enrolled = set(rnd.entries.values_list("participation_id", flat=True))
    assert enrolled == {
        again.pk,
        world.part_b.pk,
    }  # region A on its latest participation; not 2024's nor applied
    assert later.pk not in enrolled and applied.pk not in enrolled
    assert services_index.enrol_regions(rnd, by=world.secretariat) == 0


def test_round_refuses_a_rubric_of_another_kind_and_a_second_round_for_the_year(world):
    masterplan_rubric = Rubric.objects.get(kind=EvaluationKind.MASTERPLAN)

    with pytest.raises(ValidationError, match="not an implementation rubric"):
        services_index.create_round(
            year=2024, name="x", scheme=world.w2021, rubric=masterplan_rubric, by=world.secretariat
        )
    _round(world, 2024)
    with pytest.raises(ValidationError, match="already a round"):
        _round(world, 2024)


def test_implementation_rubric_is_frozen_once_a_round_uses_it(world):
    assert not world.rubric.has_scores

    _round(world)

    assert world.rubric.has_scores


def test_scheme_weights_must_add_up_to_100(world):
    with pytest.raises(ValidationError, match="100"):
        services_index.create_scheme(
            name="Salah",
            description="",
            weights=dict(zip(ALL, map(Decimal, [10, 20, 30, 20, 10]), strict=True)),
            by=world.secretariat,
        )


def test_publish_needs_a_submitted_validation_and_moves_only_forward(world):
    rnd = _round(world)

    with pytest.raises(ValidationError):
        services_index.change_round_status(rnd, RoundStatus.PUBLISHED, by=world.secretariat)
    services_index.change_round_status(rnd, RoundStatus.VALIDATION, by=world.secretariat)
    with pytest.raises(ValidationError, match="no index to publish"):
        services_index.change_round_status(rnd, RoundStatus.PUBLISHED, by=world.secretariat)
    _validate(rnd, world.part_a, world.evaluator, _same(3), by_secretariat=world.secretariat)
    rnd = services_index.change_round_status(rnd, RoundStatus.PUBLISHED, by=world.secretariat)
    assert rnd.published_at is not None
    with pytest.raises(ValidationError):
        services_index.change_round_status(rnd, RoundStatus.VALIDATION, by=world.secretariat)


# --- self-assessment -------------------------------------------------------------------------------------------


def test_self_assessment_draft_then_submit_locks_it(world):
    rnd = _round(world)
    entry = _entry(rnd, world.part_a)
    partial = dict(list(_cells(rnd, _same(3)).items())[:4])

    services_index.save_self_assessment(
        entry,
        cells=partial,
        evidence={"output": {"explanation": "Perbup 2021"}},
        by=world.editor_a,
        expected_revision=1,
    )
    with pytest.raises(ValidationError, match="Score every cell"):
        services_index.save_self_assessment(
            entry, cells=partial, evidence={}, by=world.approver_a, expected_revision=2, submit=True
        )
    services_index.save_self_assessment(
        entry, cells=_cells(rnd, _same(3)), evidence={}, by=world.approver_a, expected_revision=2, submit=True
    )

    entry.refresh_from_db()
    assert entry.self_status == AssessmentStatus.SUBMITTED
    assert SelfScore.objects.filter(entry=entry).count() == 5 * 6
    assert entry.evidence.get(dimension="output").explanation == "Perbup 2021"
    with pytest.raises(ValidationError, match="can no longer change"):
        services_index.save_self_assessment(
            entry, cells={}, evidence={}, by=world.editor_a, expected_revision=3
        )


def test_self_assessment_stale_revision_is_refused_and_nothing_is_written(world):
    rnd = _round(world)
    entry = _entry(rnd, world.part_a)
    services_index.save_self_assessment(
        entry, cells=_cells(rnd, _same(2)), evidence={}, by=world.editor_a, expected_revision=1
    )

    with pytest.raises(StaleEditError):
        services_index.save_self_assessment(
            entry, cells=_cells(rnd, _same(4)), evidence={}, by=world.editor_a, expected_revision=1
        )

    assert set(SelfScore.objects.filter(entry=entry).values_list("value", flat=True)) == {2}


def test_self_assessment_refuses_scores_outside_the_scale(world):
    rnd = _round(world)
    cells = _cells(rnd, _same(3))
    first = next(iter(cells))
    cells[first] = (9, False)

    with pytest.raises(ValidationError, match="from 1 to 4"):
        services_index.save_self_assessment(
            _entry(rnd, world.part_a), cells=cells, evidence={}, by=world.editor_a, expected_revision=1
        )


def test_self_assessment_page_saves_and_submits_through_the_form(client, world):
    rnd = _round(world)
    entry = _entry(rnd, world.part_a)
    client.force_login(world.approver_a)
    url = reverse("implementation:entry_detail", args=[rnd.year, entry.pk])
    data = {f"c{c}_d{d}": str(v) for (c, d), (v, _na) in _cells(rnd, _same(3)).items()}
    data |= {"revision": "1", "submit": "1", "ev_impact_explanation": "Survei kepuasan 82,4"}

    response = client.post(url, data)

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.self_status == AssessmentStatus.SUBMITTED
    assert entry.evidence.get(dimension="impact").explanation == "Survei kepuasan 82,4"
    page = client.get(url).content.decode()
    assert "Survei kepuasan 82,4" in page
    assert 'name="submit"' not in page  # locked


def test_self_assessment_page_incomplete_submit_is_an_error_and_keeps_the_input(client, world):
    rnd = _round(world)
    entry = _entry(rnd, world.part_a)
    client.force_login(world.approver_a)
    criterion = rnd.rubric.criteria.first()
    dimension = rnd.framework_version.dimensions.first()

    response = client.post(
        reverse("implementation:entry_detail", args=[rnd.year, entry.pk]),
        {f"c{criterion.pk}_d{dimension.pk}": "4", "revision": "1", "submit": "1"},
    )

    assert response.status_code == 400
    assert "Beri nilai pada setiap sel (atau tandai n/a) sebelum mengirim." in response.content.decode()
    assert not SelfScore.objects.filter(entry=entry).exists()


def test_editor_fills_the_self_assessment_but_only_an_approver_submits_it(client, world):
    """Issue 20: editors write, approvers submit (regions/rules.py REGION_RIGHTS)."""
    rnd = _round(world)
    entry = _entry(rnd, world.part_a)
    client.force_login(world.editor_a)
    url = reverse("implementation:entry_detail", args=[rnd.year, entry.pk])
    data = {f"c{c}_d{d}": str(v) for (c, d), (v, _na) in _cells(rnd, _same(3)).items()} | {"revision": "1"}

    page = client.get(url).content.decode()
    submitted = client.post(url, data | {"submit": "1"})
    entry.refresh_from_db()
    after_submit = (entry.self_status, entry.revision)
    saved = client.post(url, data | {"save": "1"})
    entry.refresh_from_db()

    assert ('name="save"' in page, 'name="submit"' in page) == (True, False)
    assert submitted.status_code == 403
    assert after_submit == (AssessmentStatus.DRAFT, 1)
    assert (saved.status_code, entry.self_status, entry.revision) == (302, AssessmentStatus.DRAFT, 2)
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="Your role does not allow this step."),
    ):
        services_index.save_self_assessment(
            entry,
            cells=_cells(rnd, _same(3)),
            evidence={},
            by=world.editor_a,
            expected_revision=2,
            submit=True,
        )


def test_viewer_sees_the_self_assessment_but_cannot_post_it(client, world):
    rnd = _round(world)
    entry = _entry(rnd, world.part_a)
    client.force_login(world.viewer_a)
    url = reverse("implementation:entry_detail", args=[rnd.year, entry.pk])

    assert client.get(url).status_code == 200
    assert client.post(url, {"revision": "1", "save": "1"}).status_code == 403


@pytest.mark.parametrize("who", ["editor_b", "evaluator", "anonymous"])
def test_another_regions_team_and_unassigned_evaluators_get_404_on_the_self_assessment(client, world, who):
    rnd = _round(world)
    entry = _entry(rnd, world.part_a)
    if who != "anonymous":
        client.force_login(getattr(world, who))

    response = client.get(reverse("implementation:entry_detail", args=[rnd.year, entry.pk]))

    assert response.status_code in ((302,) if who == "anonymous" else (404,))


# --- validation --------------------------------------------------------------------------------------------------


def test_mentor_and_declared_conflicts_cannot_validate(world):
    rnd = _round(world)
    entry = _entry(rnd, world.part_a)
    DeclaredConflictFactory(evaluator=world.evaluator2, region=world.part_a.region)

    with pytest.raises(ValidationError, match="mentors"):
        services_index.assign_validator(entry, world.mentor_a, by=world.secretariat)
    with pytest.raises(ValidationError, match="conflict"):
        services_index.assign_validator(entry, world.evaluator2, by=world.secretariat)
    assert (
        services_index.assign_validator(entry, world.evaluator, by=world.secretariat).evaluator
        == world.evaluator
    )


def test_only_the_assigned_evaluator_validates_and_only_during_validation(world):
    rnd = _round(world)
    sheet = services_index.assign_validator(_entry(rnd, world.part_a), world.evaluator, by=world.secretariat)
    cells = _cells(rnd, _same(3))

    with pytest.raises(ValidationError, match="not in validation"):
        services_index.save_validation(
            sheet, cells=cells, comment="", by=world.evaluator, expected_revision=1
        )
    services_index.change_round_status(rnd, RoundStatus.VALIDATION, by=world.secretariat)
    with pytest.raises(ValidationError, match="assigned evaluator"):
        services_index.save_validation(
            sheet, cells=cells, comment="", by=world.evaluator2, expected_revision=1
        )
    services_index.save_validation(
        sheet, cells=cells, comment="", by=world.evaluator, expected_revision=1, submit=True
    )
    with pytest.raises(ValidationError):
        services_index.unassign_validator(ValidationSheet.objects.get(pk=sheet.pk), by=world.secretariat)


def test_validation_page_shows_the_regions_own_scores_and_monitoring_figures(client, world):
    rnd = _round(world)
    entry = _entry(rnd, world.part_a)
    services_index.save_self_assessment(
        entry, cells=_cells(rnd, _same(4)), evidence={}, by=world.approver_a, expected_revision=1, submit=True
    )
    sheet = services_index.assign_validator(entry, world.evaluator, by=world.secretariat)
    services_index.change_round_status(rnd, RoundStatus.VALIDATION, by=world.secretariat)
    client.force_login(world.evaluator)

    page = client.get(reverse("implementation:sheet_detail", args=[rnd.year, sheet.pk])).content.decode()

    assert page.count(": 4</span>") == 5 * 6  # the region's score under every cell
    assert 'id="monitoring-figures"' in page
    client.force_login(world.evaluator2)
    assert client.get(reverse("implementation:sheet_detail", args=[rnd.year, sheet.pk])).status_code == 404


# --- results -----------------------------------------------------------------------------------------------------


def test_results_average_the_evaluators_and_rank_with_change_from_last_year(world):
    _published(world, 2023, _same(2), _same(3))
    rnd = _round(world, 2024)
    services_index.change_round_status(rnd, RoundStatus.VALIDATION, by=world.secretariat)
    _validate(
        rnd, world.part_a, world.evaluator, {**_same(3), "quick_win": 4}, by_secretariat=world.secretariat
    )
    _validate(
        rnd, world.part_a, world.evaluator2, {**_same(3), "quick_win": 2}, by_secretariat=world.secretariat
    )
    _validate(rnd, world.part_b, world.evaluator, _same(3), by_secretariat=world.secretariat)

    rows = {r.region: r for r in services_index.round_results(rnd)}

    a, b = rows[world.part_a.region], rows[world.part_b.region]
    assert (a.index, a.rank, a.previous, a.change) == (Decimal("3.00"), 1, Decimal("2.00"), Decimal("1.00"))
    assert (b.index, b.rank, b.previous, b.change) == (Decimal("3.00"), 1, Decimal("3.00"), Decimal("0.00"))
    assert a.sheets_submitted == 2
    assert dict((code, v) for _label, code, v in a.by_evaluation)["quick_win"] == Decimal("3.00")
    assert {v for _d, v in a.by_dimension} == {Decimal("3.00")}


def test_results_use_the_rounds_weights(world):
    rnd = _published(
        world, 2024, {"baseline": 1, "output": 2, "outcome": 3, "impact": 4, "quick_win": 1}, scheme=None
    )
    later = _published(
        world,
        2025,
        {"baseline": 1, "output": 2, "outcome": 3, "impact": 4, "quick_win": 1},
        scheme=world.w_later,
    )

    first = services_index.round_results(rnd)[0]
    second = services_index.round_results(later)[0]

    assert first.index == Decimal("2.40")  # (10 + 40 + 90 + 80 + 20) / 100
    assert second.index == Decimal("2.70")  # (10 + 40 + 90 + 120 + 10) / 100
    assert second.change == Decimal("0.30")


def test_draft_validations_do_not_count(world):
    rnd = _round(world)
    services_index.change_round_status(rnd, RoundStatus.VALIDATION, by=world.secretariat)
    _validate(rnd, world.part_a, world.evaluator, _same(4), by_secretariat=world.secretariat)
    draft = services_index.assign_validator(_entry(rnd, world.part_a), world.evaluator2, by=world.secretariat)
    services_index.save_validation(
        draft, cells=_cells(rnd, _same(1)), comment="", by=world.evaluator2, expected_revision=1
    )

    row = next(r for r in services_index.round_results(rnd) if r.region == world.part_a.region)

    assert (row.index, row.sheets_submitted, row.sheets_assigned) == (Decimal("4.00"), 1, 2)


@pytest.mark.parametrize("who", ["anonymous", "editor_a", "evaluator"])
def test_unpublished_results_are_404_outside_the_secretariat(client, world, who):
    rnd = _round(world)
    if who != "anonymous":
        client.force_login(getattr(world, who))

    assert client.get(reverse("implementation:round_results", args=[rnd.year])).status_code == 404
    assert (
        client.get(reverse("implementation:round_results_export", args=[rnd.year, "csv"])).status_code == 404
    )
    client.force_login(world.secretariat)
    assert client.get(reverse("implementation:round_results", args=[rnd.year])).status_code == 200


def test_published_results_are_public_with_the_index(client, world):
    rnd = _published(world, 2024, _same(3), {**_same(2), "outcome": 4})

    page = client.get(reverse("implementation:round_results", args=[rnd.year])).content.decode()

    assert 'id="region-' + world.part_a.region.code + '"' in page
    assert "3,00" in page
    assert "2,60" in page  # (10·2 + 20·2 + 30·4 + 20·2 + 20·2) / 100


def test_results_export_xlsx_reads_back(client, world):
    rnd = _published(world, 2024, _same(3), _same(2))

    response = client.get(reverse("implementation:round_results_export", args=[rnd.year, "xlsx"]))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == (1, world.part_a.region.code, world.part_a.region.name)
    assert Decimal(str(rows[1][4])) == Decimal("3.00")
    assert rows[2][0] == 2


def test_results_page_queries_do_not_grow_with_regions(client, world):
    rnd = _published(world, 2024, _same(3), _same(2))
    url = reverse("implementation:round_results", args=[rnd.year])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _n in range(6):
        part = ParticipationFactory(cohort=world.part_a.cohort, status=ParticipationStatus.EVALUATED)
        ValidationSheetFactory(
            entry=RoundEntryFactory(round=rnd, participation=part),
            evaluator=world.evaluator,
            status=AssessmentStatus.SUBMITTED,
        )

    with CaptureQueriesContext(connection) as large:
        response = client.get(url)

    assert response.status_code == 200
    assert len(large) == len(small)


def test_round_desk_queries_do_not_grow_with_regions(client, world):
    rnd = _round(world)
    services_index.assign_validator(_entry(rnd, world.part_a), world.evaluator, by=world.secretariat)
    client.force_login(world.secretariat)
    url = reverse("implementation:round_detail", args=[rnd.year])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _n in range(5):
        part = ParticipationFactory(cohort=world.part_a.cohort, status=ParticipationStatus.EVALUATED)
        entry = RoundEntryFactory(round=rnd, participation=part)
        services_index.assign_validator(entry, world.evaluator, by=world.secretariat)

    with CaptureQueriesContext(connection) as large:
        client.get(url)

    assert len(large) == len(small)


def test_round_create_page_opens_a_round(client, world):
    client.force_login(world.secretariat)

    response = client.post(
        reverse("implementation:round_create"),
        {
            "year": "2024",
            "name": "Evaluasi Implementasi 2024",
            "scheme": world.w2021.pk,
            "rubric": world.rubric.pk,
        },
    )

    assert response.status_code == 302
    assert ImplementationRound.objects.get(year=2024).entries.count() == 2


def test_scheme_form_refuses_weights_not_adding_up(client, world):
    client.force_login(world.secretariat)
    data = {"name": "Uji", "description": ""} | {f"weight_{d}": "10" for d in ALL}

    response = client.post(reverse("implementation:scheme_create"), data)

    assert response.status_code == 400
    assert not IndexScheme.objects.filter(name="Uji").exists()


def test_publishing_stores_the_results_as_computed(world):
    _published(world, 2023, _same(2), _same(3))
    rnd = _published(world, 2024, {**_same(3), "impact": 4}, _same(2))

    _round, stored = services_index.published_results()

    live = {r.entry.pk: r for r in services_index.round_results(rnd)}
    assert _round == rnd
    assert [(s.entry.participation.region, s.index, s.rank, s.ranked_among, s.change) for s in stored] == [
        (world.part_a.region, Decimal("3.20"), 1, 2, Decimal("1.20")),
        (world.part_b.region, Decimal("2.00"), 2, 2, Decimal("-1.00")),
    ]
    for s in stored:
        row = live[s.entry.pk]
        assert (s.index, s.rank, s.change, s.self_index) == (row.index, row.rank, row.change, row.self_index)
        assert s.by_dimension == {d.code: str(v) for d, v in row.by_dimension}
    assert [r.entry.round.year for r in services_index.region_index_history(world.part_a.region)] == [
        2023,
        2024,
    ]


def test_unpublished_rounds_are_not_in_the_published_results(world):
    _published(world, 2023, _same(2))
    rnd = _round(world, 2024)
    services_index.change_round_status(rnd, RoundStatus.VALIDATION, by=world.secretariat)
    _validate(rnd, world.part_a, world.evaluator, _same(4), by_secretariat=world.secretariat)

    published_round, results = services_index.published_results()

    assert published_round.year == 2023
    assert [r.index for r in results] == [Decimal("2.00"), None]  # region B was not validated in 2023
    assert [r.entry.round.year for r in services_index.region_index_history(world.part_a.region)] == [2023]


def test_index_histogram_counts_each_value_once_and_keeps_four_in_the_top_bin():
    values = [Decimal("1.00"), Decimal("2.49"), Decimal("2.50"), Decimal("3.99"), Decimal("4.00"), None]

    bins = services_index.index_histogram(values, step=Decimal("0.5"))

    assert [(str(lo), str(hi), n) for lo, hi, n in bins] == [
        ("1", "1.5", 1),
        ("1.5", "2.0", 0),
        ("2.0", "2.5", 1),
        ("2.5", "3.0", 1),
        ("3.0", "3.5", 0),
        ("3.5", "4.0", 2),
    ]


def test_self_assessment_post_with_a_garbled_revision_is_refused_as_stale(client, world):
    rnd = _round(world)
    entry = _entry(rnd, world.part_a)
    client.force_login(world.editor_a)
    data = {f"c{c}_d{d}": str(v) for (c, d), (v, _na) in _cells(rnd, _same(2)).items()}

    response = client.post(
        reverse("implementation:entry_detail", args=[rnd.year, entry.pk]), data | {"revision": "x"}
    )

    assert response.status_code == 400
    assert not SelfScore.objects.filter(entry=entry).exists()


def test_validation_page_stale_revision_keeps_the_earlier_scores(client, world):
    rnd = _round(world)
    sheet = services_index.assign_validator(_entry(rnd, world.part_a), world.evaluator, by=world.secretariat)
    services_index.change_round_status(rnd, RoundStatus.VALIDATION, by=world.secretariat)
    services_index.save_validation(
        sheet, cells=_cells(rnd, _same(3)), comment="pertama", by=world.evaluator, expected_revision=1
    )
    client.force_login(world.evaluator)
    data = {f"c{c}_d{d}": str(v) for (c, d), (v, _na) in _cells(rnd, _same(1)).items()}

    response = client.post(
        reverse("implementation:sheet_detail", args=[rnd.year, sheet.pk]),
        data | {"revision": "1", "comment": "kedua"},
    )

    assert response.status_code == 400
    sheet.refresh_from_db()
    assert sheet.general_comment == "pertama"
    assert set(sheet.scores.values_list("value", flat=True)) == {3}


def test_demo_loads_rounds_with_published_indices_once(regions_loaded, framework):
    from django.core.management import call_command

    from kotacerdas.masterplans.demo import load_demo_masterplan
    from kotacerdas.masterplans.models import MasterplanStatus
    from kotacerdas.programmes.demo import load_demo

    load_demo()
    masterplan = load_demo_masterplan()
    for command in ("load_indicators", "load_rubrics", "load_index_weights"):
        call_command(command, stdout=io.StringIO())
    call_command("load_demo_event", "--allow-without-debug", stdout=io.StringIO())
    for _twice in range(2):
        call_command("load_demo_monitoring", "--allow-without-debug", stdout=io.StringIO())
        call_command("load_demo_implementation", "--allow-without-debug", stdout=io.StringIO())

    rounds = {r.year: r for r in ImplementationRound.objects.all()}
    assert sorted(rounds) == [2023, 2024, 2025]
    assert [rounds[y].status for y in (2023, 2024, 2025)] == ["published", "published", "self_assessment"]
    published = rounds[2024].entries.filter(result__index__isnull=False)
    assert published.count() == rounds[2024].entries.count() > 10
    indices = [e.result.index for e in published.select_related("result")]
    assert Decimal("1.5") < min(indices) and max(indices) < Decimal("4")
    masterplan.refresh_from_db()
    assert masterplan.status == MasterplanStatus.PUBLISHED
