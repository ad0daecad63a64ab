"""What the API answers. Identifiers are stable: Kemendagri codes for provinces and regions, cohort years,
indicator codes, framework codes; database ids only where nothing else names a row (programmes, events).
Decimals are strings so no digit is lost."""

import datetime

from ninja import Field, Schema

from kotacerdas.api.output import DecimalText


def bounded(model, field_name: str, default=..., **kwargs):
    """A schema field with the bounds of ``model.field_name`` (``core.fields.BoundedDecimalField``): the API
    accepts exactly what the forms and the database accept, from one definition."""
    bounds = model._meta.get_field(field_name).bounds
    return Field(
        default,
        ge=bounds.min_value,
        le=bounds.max_value,
        decimal_places=bounds.decimal_places,
        allow_inf_nan=False,
        **kwargs,
    )


class ProvinceOut(Schema):
    code: str
    name: str


class RegionRef(Schema):
    code: str = Field(description="Kemendagri code, e.g. 33.27")
    name: str


class RegionOut(Schema):
    code: str = Field(description="Kemendagri code, e.g. 33.27")
    name: str
    kind: str = Field(description="kabupaten or kota")
    province: ProvinceOut
    timezone: str
    participating: bool = Field(description="Selected into at least one cohort.")
    cohorts: list[int] = Field(description="Years of the cohorts the region takes part in.")


class CohortOut(Schema):
    year: int
    name: str
    programme: str
    target_size: int
    framework_version: str
    participants: int = Field(description="Regions selected into the cohort.")


class ParticipationOut(Schema):
    region: RegionRef
    province: str = Field(description="Province code")
    cohort: int = Field(description="Cohort year")
    status: str
    is_demo: bool = Field(description="Details invented for the demonstration.")


class ProgressOut(Schema):
    reported_on: datetime.date | None = Field(description="Date of the newest progress report, if any.")
    status: str = Field(description="planned, running, done, delayed or cancelled")
    percent_complete: int
    budget_realised: DecimalText | None


class DeliveryOut(Schema):
    deadline: datetime.date
    delivered_on: datetime.date | None
    state: str = Field(description="on_time, late, open or overdue")


class ProgrammeOut(Schema):
    id: int
    region: RegionRef
    cohort: int
    dimension: str = Field(description="Smart city dimension code, e.g. GOV")
    element: str | None = Field(description="Element code")
    strategy: str
    name: str
    description: str
    owner_opd: str | None
    funding_source: str
    budget: DecimalText | None = Field(description="Estimated budget in rupiah")
    start_year: int | None
    end_year: int | None
    horizon: str
    output: str
    outcome: str
    is_quick_win: bool
    delivery_months: int | None
    expected_benefit: str
    beneficiaries: str
    progress: ProgressOut
    delivery: DeliveryOut | None = Field(description="Quick wins only: deadline and delivery.")


class MasterplanOut(Schema):
    region: RegionRef
    cohort: int
    title: str
    start_year: int
    end_year: int
    framework_version: str
    programme_count: int
    quick_win_count: int
    is_demo: bool


class IndicatorTargetOut(Schema):
    name: str
    unit: str
    baseline_year: int | None
    baseline_value: DecimalText | None
    target_year: int | None
    target_value: DecimalText | None


class VisionKeywordOut(Schema):
    word: str
    explanation: str


class ObjectiveOut(Schema):
    mission: int = Field(
        description="The number of the mission (misi) it serves, counted from 1 in `missions`."
    )
    text: str
    indicators: list[IndicatorTargetOut]


class GoalOut(Schema):
    dimension: str
    objective: str | None = Field(
        description="The text of the objective (tujuan) the goal (sasaran) serves; null for a goal written "
        "before masterplans had objectives."
    )
    text: str
    indicators: list[IndicatorTargetOut]


class StrategyOut(Schema):
    dimension: str
    element: str | None
    goal: str | None = Field(description="The text of the goal (sasaran) the strategy serves, when named.")
    title: str
    description: str


class MasterplanDetailOut(MasterplanOut):
    vision: str
    vision_keywords: list[VisionKeywordOut]
    strategic_issues: list[str]
    missions: list[str]
    objectives: list[ObjectiveOut]
    goals: list[GoalOut]
    strategies: list[StrategyOut]
    programmes: list[ProgrammeOut] = Field(description="The programmes, quick wins included.")


class IndicatorOut(Schema):
    code: str
    name_id: str
    name_en: str
    definition: str
    unit: str
    direction: str = Field(description="higher or lower is better")
    numerator: str
    denominator: str
    dimension: str = Field(description="Smart city dimension code, if any")
    element: str = Field(description="Element code, if any")
    source: str
    reference: str


class IndicatorValueOut(Schema):
    id: int
    region: RegionRef
    cohort: int
    indicator: str = Field(description="Indicator code")
    unit: str
    year: int
    value: DecimalText
    source: str
    method: str
    quality: int = Field(description="U4SSC data quality, 1 (measured) to 6 (unknown method)")
    verified_at: datetime.datetime | None
    is_demo: bool


class EventOut(Schema):
    id: int
    name: str
    cohort: int
    venue: str
    address: str
    timezone: str
    days: list[datetime.date]
    agenda_release: int = Field(description="Number of the latest published agenda; 0 when none.")
    results_published_at: datetime.datetime | None
    is_demo: bool


class AgendaSessionOut(Schema):
    day: int = Field(description="Day of the event, from 1")
    date: datetime.date
    starts: datetime.datetime = Field(description="Start, with the event's UTC offset")
    ends: datetime.datetime
    room: str
    region: RegionRef
    presenter: str
    presenter_position: str
    presents: str = Field(description="masterplan, quick_wins or both")


class AgendaOut(Schema):
    event: int
    release: int
    published_at: datetime.datetime
    sessions: list[AgendaSessionOut]


class RubricResultOut(Schema):
    kind: str = Field(description="masterplan or quick_win")
    rubric: str
    mean: DecimalText | None
    median: DecimalText | None
    evaluators: int


class ResultOut(Schema):
    rank: int | None
    region: RegionRef
    final: DecimalText | None = Field(description="Mean of the rubric means, 0–100")
    rubrics: list[RubricResultOut]


class ResultRowOut(Schema):
    """A region's result as one CSV row."""

    rank: int | None
    region: RegionRef
    final: DecimalText | None
    masterplan_mean: DecimalText | None = None
    quick_win_mean: DecimalText | None = None


class ResultsOut(Schema):
    event: int
    published_at: datetime.datetime
    results: list[ResultOut]


class WeightOut(Schema):
    dimension: str
    weight: DecimalText


class IndexRoundOut(Schema):
    year: int
    name: str
    weights: list[WeightOut] = Field(description="Weight (%) of each evaluation dimension")
    published_at: datetime.datetime | None
    regions: int = Field(description="Regions with a published index")


class IndexResultOut(Schema):
    year: int
    region: RegionRef
    cohort: int
    index: DecimalText | None
    rank: int | None
    ranked_among: int
    previous: DecimalText | None
    change: DecimalText | None
    self_index: DecimalText | None = Field(description="The region's self-assessed index")
    by_evaluation: dict[str, str | None] = Field(description="Index per evaluation dimension")
    by_dimension: dict[str, str | None] = Field(description="Index per smart city dimension")
