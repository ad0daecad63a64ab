"""Years and dates of a masterplan's parts lie in its period: programmes, targets of its indicators, action steps
and commitments; the same rule reaches the forms and the spreadsheet import."""

import datetime
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from kotacerdas.masterplans import spreadsheets
from kotacerdas.masterplans.forms import (
    ActionStepForm,
    GoalIndicatorForm,
    ProgrammeForm,
    ProgrammeIndicatorForm,
)
from kotacerdas.masterplans.models import MasterplanProgramme
from kotacerdas.programmes.models import ParticipationStatus
from tests.factories import (
    CohortFactory,
    GoalFactory,
    MasterplanFactory,
    MasterplanProgrammeFactory,
    ParticipationFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db

OUTSIDE_PLAN = "The year must be between 2019 and 2028 (the masterplan's period)."
OUTSIDE_PREPARATION = (
    "The date must be between 1 January 2018 and 31 December 2028 "
    "(from the cohort's year to the end of the masterplan)."
)


@pytest.fixture
def plan(framework):
    """A 2018 participation with its 2019–2028 masterplan, one strategy, goal and programme."""
    participation = ParticipationFactory(
        cohort=CohortFactory(year=2018, framework_version=framework), status=ParticipationStatus.MENTORING
    )
    masterplan = MasterplanFactory(participation=participation, start_year=2019, end_year=2028)
    dimension = framework.dimensions.get(code="GOV")
    strategy = StrategyFactory(masterplan=masterplan, dimension=dimension)
    goal = GoalFactory(masterplan=masterplan, dimension=dimension)
    programme = MasterplanProgrammeFactory(
        masterplan=masterplan, strategy=strategy, start_year=2019, end_year=2020
    )
    return {"masterplan": masterplan, "strategy": strategy, "goal": goal, "programme": programme}


def _programme_form(plan, **changes):
    data = {"strategy": plan["strategy"].pk, "name": "Satu data", "start_year": "2020", "end_year": "2022"}
    return ProgrammeForm(data | changes, masterplan=plan["masterplan"])


def test_programme_starting_after_the_plan_is_refused(plan):
    form = _programme_form(plan, start_year="2035", end_year="2036")

    assert form.errors == {"start_year": [OUTSIDE_PLAN], "end_year": [OUTSIDE_PLAN]}


def test_programme_ending_before_it_starts_is_refused(plan):
    form = _programme_form(plan, start_year="2024", end_year="2022")

    assert form.errors == {"end_year": ["The end year cannot come before the start year."]}


def test_programme_inside_the_plan_is_saved(plan):
    form = _programme_form(plan, start_year="2019", end_year="2028")

    assert form.errors == {}
    assert (form.save().start_year, form.instance.end_year) == (2019, 2028)


def test_programme_year_message_is_indonesian_in_the_indonesian_interface(plan):
    with translation.override("id"):
        form = _programme_form(plan, start_year="2035", end_year="2035")

        errors = form.errors["start_year"]

    assert errors == ["Tahun harus antara 2019 dan 2028 (masa berlaku masterplan)."]


@pytest.mark.parametrize(("signed_on", "errors"), [
    ("2017-12-31", {"commitment_signed_on": [OUTSIDE_PREPARATION]}),
    ("2018-10-24", {}),
    ("2029-01-01", {"commitment_signed_on": [OUTSIDE_PREPARATION]}),
])  # fmt: skip
def test_quick_win_commitment_lies_between_the_cohort_year_and_the_plans_end(plan, signed_on, errors):
    form = _programme_form(plan, commitment_signed_on=signed_on)

    assert form.errors == errors


def test_goal_indicator_target_after_the_plan_is_refused(plan):
    data = {
        "goal": plan["goal"].pk,
        "name": "Layanan daring",
        "unit": "%",
        "baseline_year": "2018",
        "baseline_value": "10",
        "target_year": "2035",
        "target_value": "80",
    }

    form = GoalIndicatorForm(data, masterplan=plan["masterplan"])

    assert form.errors == {"target_year": [OUTSIDE_PLAN]}


def test_programme_indicator_target_before_the_baseline_is_refused(plan):
    data = {
        "programme": plan["programme"].pk,
        "name": "Izin daring",
        "unit": "%",
        "baseline_year": "2022",
        "baseline_value": "10",
        "target_year": "2020",
        "target_value": "80",
    }

    form = ProgrammeIndicatorForm(data, masterplan=plan["masterplan"])

    assert form.errors == {"target_year": ["The target year cannot come before the baseline year."]}


def test_action_step_due_after_the_plan_is_refused(plan):
    data = {"category": "policy", "description": "Perbup satu data", "due_date": "2029-03-01"}

    form = ActionStepForm(data, masterplan=plan["masterplan"])

    assert form.errors == {"due_date": [OUTSIDE_PREPARATION]}


def test_action_step_in_the_cohort_year_is_accepted(plan):
    data = {"category": "policy", "description": "Perbup satu data", "due_date": "2018-11-30"}

    form = ActionStepForm(data, masterplan=plan["masterplan"])

    assert form.errors == {}
    assert form.save().due_date == datetime.date(2018, 11, 30)


def test_imported_programme_outside_the_plan_names_its_row_and_column(plan):
    workbook = load_workbook(
        io.BytesIO(spreadsheets.workbook_bytes(spreadsheets.build_workbook(plan["masterplan"])))
    )
    sheet = workbook[spreadsheets.DATA_SHEET]
    titles = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=titles.index("Tahun mulai") + 1).value = 2035
    sheet.cell(row=2, column=titles.index("Tahun selesai") + 1).value = 2036
    buffer = io.BytesIO()
    workbook.save(buffer)

    preview = spreadsheets.build_preview(plan["masterplan"], buffer.getvalue())

    assert [
        (r["row"], [(e["column"], e["message"]) for e in r.get("errors", [])]) for r in preview["rows"]
    ] == [(2, [("Tahun mulai", OUTSIDE_PLAN), ("Tahun selesai", OUTSIDE_PLAN)])]
    assert MasterplanProgramme.objects.get().start_year == 2019
