from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from kotacerdas.core.models import AuditEntry
from kotacerdas.programmes.models import (
    AssessmentScore,
    Participation,
    ParticipationStatus,
    SelectionCriterion,
)
from kotacerdas.programmes.services import (
    allowed_statuses,
    change_status,
    rank_applications,
    record_assessment,
    select_top_applications,
    weighted_score,
)
from kotacerdas.regions.models import MembershipRole
from tests.factories import (
    AssessmentScoreFactory,
    CohortFactory,
    ParticipationFactory,
    RegionFactory,
    RegionMembershipFactory,
    SelectionCriterionFactory,
    UserFactory,
)

S = ParticipationStatus


def audit_rows() -> list[tuple]:
    return list(
        AuditEntry.objects.order_by("pk").values_list(
            "action", "target_id", "field", "old_value", "new_value", "actor", "note", "region_code"
        )
    )


def ranking(cohort) -> list[tuple]:
    return [
        (row.participation.region.code, row.rank, row.score, row.assessor_count)
        for row in rank_applications(cohort)
    ]


def assess(participation, assessor, *scores: int) -> None:
    """Record one complete assessment, scores in the order of the cohort's criteria."""
    criteria = list(participation.cohort.criteria.all())
    participation.cohort.assessors.add(assessor)
    record_assessment(
        participation,
        assessor=assessor,
        scores={c.pk: s for c, s in zip(criteria, scores, strict=True)},
        comments={},
    )


@pytest.fixture
def secretariat(db):
    return UserFactory(is_secretariat=True, full_name="Sari Sekretariat")


@pytest.fixture
def two_criteria_cohort(db):
    """A cohort with criteria weighted 25 and 75, each scored out of 5."""
    cohort = CohortFactory(target_size=2)
    SelectionCriterionFactory(
        cohort=cohort, name="Kapasitas fiskal", weight=Decimal("25"), max_score=5, order=1
    )
    SelectionCriterionFactory(cohort=cohort, name="Kesiapan", weight=Decimal("75"), max_score=5, order=2)
    return cohort


# change_status ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_change_status_allowed_move_writes_one_audit_entry(secretariat):
    participation = ParticipationFactory(status=S.APPLIED)

    result = change_status(participation, S.SHORTLISTED, by=secretariat, note="Lolos seleksi administrasi")

    participation.refresh_from_db()
    assert (result.status, participation.status) == (S.SHORTLISTED, S.SHORTLISTED)
    assert audit_rows() == [
        (
            "participation.status",
            str(participation.pk),
            "status",
            "applied",
            "shortlisted",
            secretariat.pk,
            "Lolos seleksi administrasi",
            participation.region.code,
        )
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new"),
    [
        (S.APPLIED, S.GRADUATED),
        (S.APPLIED, S.SELECTED),
        (S.SHORTLISTED, S.MENTORING),
        (S.GRADUATED, S.WITHDRAWN),
        (S.WITHDRAWN, S.APPLIED),
        (S.SELECTED, S.SELECTED),
        (S.APPLIED, "no_such_status"),
    ],
)
def test_change_status_disallowed_move_raises_and_writes_nothing(secretariat, old, new):
    participation = ParticipationFactory(status=old)

    with pytest.raises(ValidationError):
        change_status(participation, new, by=secretariat)

    participation.refresh_from_db()
    assert participation.status == old
    assert audit_rows() == []


@pytest.mark.django_db
def test_change_status_disallowed_move_message_names_both_statuses(secretariat):
    participation = ParticipationFactory(status=S.APPLIED)

    with pytest.raises(ValidationError) as excinfo:
        change_status(participation, S.GRADUATED, by=secretariat)

    assert excinfo.value.messages == ["A participation cannot move from “Applied” to “Graduated”."]


@pytest.mark.django_db
def test_change_status_select_into_full_cohort_raises(secretariat):
    cohort = CohortFactory(target_size=2)
    ParticipationFactory(cohort=cohort, status=S.SELECTED)
    ParticipationFactory(cohort=cohort, status=S.MENTORING)
    waiting = ParticipationFactory(cohort=cohort, status=S.SHORTLISTED)

    with pytest.raises(ValidationError) as excinfo:
        change_status(waiting, S.SELECTED, by=secretariat)

    assert excinfo.value.messages == ["The cohort is full: 2 of 2 places are taken."]
    waiting.refresh_from_db()
    assert waiting.status == S.SHORTLISTED
    assert audit_rows() == []


@pytest.mark.django_db
def test_change_status_select_with_free_place_succeeds(secretariat):
    cohort = CohortFactory(target_size=2)
    ParticipationFactory(cohort=cohort, status=S.SELECTED)
    ParticipationFactory(cohort=cohort, status=S.NOT_SELECTED)
    waiting = ParticipationFactory(cohort=cohort, status=S.SHORTLISTED)

    change_status(waiting, S.SELECTED, by=secretariat)

    waiting.refresh_from_db()
    assert waiting.status == S.SELECTED


@pytest.mark.django_db
def test_change_status_mails_region_members_and_mentors(secretariat, django_capture_on_commit_callbacks):
    participation = ParticipationFactory(status=S.APPLIED)
    other_region = RegionFactory()
    RegionMembershipFactory(region=participation.region, user__email="editor@region.test")
    RegionMembershipFactory(
        region=participation.region, user__email="approver@region.test", role=MembershipRole.APPROVER
    )
    RegionMembershipFactory(
        region=participation.region, user__email="gone@region.test", user__is_active=False
    )
    RegionMembershipFactory(region=other_region, user__email="editor@other.test")
    participation.mentors.add(
        UserFactory(email="mentor@national.test", is_mentor=True),
        UserFactory(email="retired-mentor@national.test", is_mentor=True, is_active=False),
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        change_status(participation, S.SHORTLISTED, by=secretariat, note="Silakan siapkan dokumen")

    assert len(callbacks) == 1
    assert sorted(message.to for message in mail.outbox) == [
        ["approver@region.test"],
        ["editor@region.test"],
        ["mentor@national.test"],
    ]
    assert all(participation.region.name in message.subject for message in mail.outbox)
    assert all("Silakan siapkan dokumen" in message.body for message in mail.outbox)


@pytest.mark.django_db
def test_change_status_without_commit_sends_no_mail(secretariat):
    participation = ParticipationFactory(status=S.APPLIED)
    RegionMembershipFactory(region=participation.region)

    change_status(participation, S.SHORTLISTED, by=secretariat)

    assert mail.outbox == []


@pytest.mark.django_db
def test_change_status_refused_move_sends_no_mail(secretariat, django_capture_on_commit_callbacks):
    participation = ParticipationFactory(status=S.APPLIED)
    RegionMembershipFactory(region=participation.region)

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        change_status(participation, S.GRADUATED, by=secretariat)

    assert (callbacks, mail.outbox) == ([], [])


@pytest.mark.django_db
def test_allowed_statuses_from_shortlisted_lists_next_moves():
    participation = ParticipationFactory(status=S.SHORTLISTED)

    result = allowed_statuses(participation)

    assert result == [S.SELECTED, S.NOT_SELECTED, S.WITHDRAWN]


# record_assessment ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_record_assessment_stores_each_criterion_score(two_criteria_cohort):
    participation = ParticipationFactory(cohort=two_criteria_cohort)
    assessor = UserFactory(is_evaluator=True)
    participation.cohort.assessors.add(assessor)
    fiscal, readiness = two_criteria_cohort.criteria.all()

    record_assessment(
        participation, assessor=assessor, scores={fiscal.pk: 4, readiness.pk: 2}, comments={fiscal.pk: "Baik"}
    )

    assert list(
        AssessmentScore.objects.order_by("criterion__order").values_list(
            "criterion__name", "score", "comment"
        )
    ) == [("Kapasitas fiskal", 4, "Baik"), ("Kesiapan", 2, "")]
    assert list(AuditEntry.objects.values_list("action", "actor", "new_value", "region_code")) == [
        ("selection.assessed", assessor.pk, "Kapasitas fiskal=4, Kesiapan=2", participation.region.code)
    ]


@pytest.mark.django_db
def test_record_assessment_second_time_replaces_scores(two_criteria_cohort):
    participation = ParticipationFactory(cohort=two_criteria_cohort)
    assessor = UserFactory(is_evaluator=True)
    participation.cohort.assessors.add(assessor)
    assess(participation, assessor, 1, 1)

    assess(participation, assessor, 5, 3)

    assert list(AssessmentScore.objects.order_by("criterion__order").values_list("score", flat=True)) == [
        5,
        3,
    ]


@pytest.mark.django_db
def test_record_assessment_score_above_max_raises_and_stores_nothing(two_criteria_cohort):
    participation = ParticipationFactory(cohort=two_criteria_cohort)
    assessor = UserFactory(is_evaluator=True)
    participation.cohort.assessors.add(assessor)
    fiscal, readiness = two_criteria_cohort.criteria.all()

    with pytest.raises(ValidationError) as excinfo:
        record_assessment(
            participation, assessor=assessor, scores={fiscal.pk: 6, readiness.pk: 3}, comments={}
        )

    assert excinfo.value.message_dict == {f"score_{fiscal.pk}": ["Give a score from 0 to 5."]}
    assert AssessmentScore.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_record_assessment_missing_criterion_raises_and_stores_nothing(two_criteria_cohort):
    participation = ParticipationFactory(cohort=two_criteria_cohort)
    assessor = UserFactory(is_evaluator=True)
    participation.cohort.assessors.add(assessor)
    fiscal, readiness = two_criteria_cohort.criteria.all()

    with pytest.raises(ValidationError) as excinfo:
        record_assessment(participation, assessor=assessor, scores={fiscal.pk: 3}, comments={})

    assert excinfo.value.message_dict == {f"score_{readiness.pk}": ["Give a score from 0 to 5."]}
    assert AssessmentScore.objects.count() == 0


@pytest.mark.django_db
def test_record_assessment_criterion_of_other_cohort_raises(two_criteria_cohort):
    participation = ParticipationFactory(cohort=two_criteria_cohort)
    foreign = SelectionCriterionFactory()
    fiscal, readiness = two_criteria_cohort.criteria.all()
    assessor = UserFactory(is_evaluator=True)
    two_criteria_cohort.assessors.add(assessor)

    with pytest.raises(ValidationError) as excinfo:
        record_assessment(
            participation,
            assessor=assessor,
            scores={fiscal.pk: 3, readiness.pk: 3, foreign.pk: 1},
            comments={},
        )

    assert excinfo.value.message_dict == {"__all__": ["A score was given for a criterion of another cohort."]}
    assert AssessmentScore.objects.count() == 0


# rank_applications ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rank_applications_weighted_score_computed_by_hand(two_criteria_cohort):
    participation = ParticipationFactory(cohort=two_criteria_cohort, region__code="97.01")

    assess(participation, UserFactory(is_evaluator=True), 5, 1)

    # (25 × 5/5 + 75 × 1/5) / (25 + 75) × 100 = (25 + 15) / 100 × 100 = 40.00
    assert ranking(two_criteria_cohort) == [("97.01", 1, Decimal("40.00"), 1)]


@pytest.mark.django_db
def test_rank_applications_means_complete_assessments(two_criteria_cohort):
    participation = ParticipationFactory(cohort=two_criteria_cohort, region__code="97.01")
    assess(participation, UserFactory(is_evaluator=True), 5, 1)  # 40
    assess(participation, UserFactory(is_evaluator=True), 4, 2)  # 25 × 0.8 + 75 × 0.4 = 50

    result = ranking(two_criteria_cohort)

    assert result == [("97.01", 1, Decimal("45.00"), 2)]


@pytest.mark.django_db
def test_rank_applications_rounds_mean_half_up(two_criteria_cohort):
    participation = ParticipationFactory(cohort=two_criteria_cohort, region__code="97.01")
    assess(participation, UserFactory(is_evaluator=True), 5, 1)  # 40
    assess(participation, UserFactory(is_evaluator=True), 1, 1)  # 20
    assess(participation, UserFactory(is_evaluator=True), 0, 1)  # 15

    result = ranking(two_criteria_cohort)

    # (40 + 20 + 15) / 3 = 25
    assert result == [("97.01", 1, Decimal("25.00"), 3)]


@pytest.mark.django_db
def test_rank_applications_ignores_incomplete_assessment(two_criteria_cohort):
    participation = ParticipationFactory(cohort=two_criteria_cohort, region__code="97.01")
    fiscal = two_criteria_cohort.criteria.get(name="Kapasitas fiskal")
    assess(participation, UserFactory(is_evaluator=True), 5, 1)
    AssessmentScoreFactory(participation=participation, criterion=fiscal, score=0)

    result = ranking(two_criteria_cohort)

    assert result == [("97.01", 1, Decimal("40.00"), 1)]


@pytest.mark.django_db
def test_rank_applications_only_incomplete_assessment_leaves_unranked(two_criteria_cohort):
    participation = ParticipationFactory(cohort=two_criteria_cohort, region__code="97.01")
    fiscal = two_criteria_cohort.criteria.get(name="Kapasitas fiskal")
    AssessmentScoreFactory(participation=participation, criterion=fiscal, score=5)

    result = ranking(two_criteria_cohort)

    assert result == [("97.01", None, None, 0)]


@pytest.mark.django_db
def test_rank_applications_unscored_last_and_ties_share_rank(two_criteria_cohort):
    codes = ["97.01", "97.02", "97.03", "97.04", "97.05"]
    _unscored, tie_b, best, tie_a, low = (
        ParticipationFactory(cohort=two_criteria_cohort, region__code=code) for code in codes
    )
    assessor = UserFactory(is_evaluator=True)
    assess(best, assessor, 5, 5)  # 100
    assess(tie_a, assessor, 4, 4)  # 80
    assess(tie_b, assessor, 4, 4)  # 80
    assess(low, assessor, 0, 0)  # 0

    result = ranking(two_criteria_cohort)

    assert result == [
        ("97.03", 1, Decimal("100.00"), 1),
        ("97.02", 2, Decimal("80.00"), 1),
        ("97.04", 2, Decimal("80.00"), 1),
        ("97.05", 4, Decimal("0.00"), 1),
        ("97.01", None, None, 0),
    ]


@pytest.mark.django_db
def test_rank_applications_cohort_without_criteria_ranks_nobody():
    cohort = CohortFactory()
    ParticipationFactory(cohort=cohort, region__code="97.01")

    result = ranking(cohort)

    assert result == [("97.01", None, None, 0)]


@pytest.mark.django_db
def test_rank_applications_ignores_other_cohorts_scores(two_criteria_cohort):
    ours = ParticipationFactory(cohort=two_criteria_cohort, region__code="97.01")
    other_cohort = CohortFactory()
    SelectionCriterionFactory(cohort=other_cohort)
    theirs = ParticipationFactory(cohort=other_cohort, region__code="97.02")
    assess(ours, UserFactory(is_evaluator=True), 5, 1)
    assess(theirs, UserFactory(is_evaluator=True), 5)

    result = ranking(two_criteria_cohort)

    assert result == [("97.01", 1, Decimal("40.00"), 1)]


# select_top_applications ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_select_top_applications_selects_best_shortlisted_up_to_target(secretariat, two_criteria_cohort):
    assessor = UserFactory(is_evaluator=True)
    scored = {
        "97.01": (S.SHORTLISTED, (3, 3)),  # 60
        "97.02": (S.APPLIED, (5, 5)),  # 100 but not shortlisted
        "97.03": (S.SHORTLISTED, (5, 4)),  # 85
        "97.04": (S.SHORTLISTED, (1, 1)),  # 20
        "97.05": (S.NOT_SELECTED, (5, 5)),  # 100 but turned down
    }
    for code, (status, scores) in scored.items():
        # Assessed while under selection; a decision may have moved it on since.
        participation = ParticipationFactory(
            cohort=two_criteria_cohort, region__code=code, status=S.SHORTLISTED
        )
        assess(participation, assessor, *scores)
        Participation.objects.filter(pk=participation.pk).update(status=status)
    ParticipationFactory(cohort=two_criteria_cohort, region__code="97.06", status=S.SHORTLISTED)  # unscored

    chosen = select_top_applications(
        two_criteria_cohort,
        by=secretariat,
        note="Rapat seleksi",
        acknowledge_incomplete=True,  # 97.06 is shortlisted but unscored
        reason="97.06 tidak hadir wawancara.",
    )

    assert [p.region.code for p in chosen] == ["97.03", "97.01"]
    assert dict(two_criteria_cohort.participations.values_list("region__code", "status")) == {
        "97.01": S.SELECTED,
        "97.02": S.APPLIED,
        "97.03": S.SELECTED,
        "97.04": S.SHORTLISTED,
        "97.05": S.NOT_SELECTED,
        "97.06": S.SHORTLISTED,
    }
    assert list(
        AuditEntry.objects.filter(action="participation.status")
        .order_by("pk")
        .values_list("region_code", "old_value", "new_value", "actor", "note")
    ) == [
        ("97.03", "shortlisted", "selected", secretariat.pk, "Rapat seleksi"),
        ("97.01", "shortlisted", "selected", secretariat.pk, "Rapat seleksi"),
    ]


@pytest.mark.django_db
def test_select_top_applications_counts_places_already_taken(secretariat, two_criteria_cohort):
    assessor = UserFactory(is_evaluator=True)
    ParticipationFactory(cohort=two_criteria_cohort, region__code="97.09", status=S.SELECTED)
    for code, scores in {"97.01": (5, 5), "97.02": (4, 4), "97.03": (3, 3)}.items():
        assess(
            ParticipationFactory(cohort=two_criteria_cohort, region__code=code, status=S.SHORTLISTED),
            assessor,
            *scores,
        )

    chosen = select_top_applications(two_criteria_cohort, by=secretariat)

    assert [p.region.code for p in chosen] == ["97.01"]
    assert two_criteria_cohort.participations.filter(status=S.SELECTED).count() == 2
    assert list(AuditEntry.objects.filter(action="participation.status").values_list("note", flat=True)) == [
        "Selected by rank."
    ]


@pytest.mark.django_db
def test_select_top_applications_full_cohort_selects_nobody(secretariat, two_criteria_cohort):
    ParticipationFactory.create_batch(2, cohort=two_criteria_cohort, status=S.MENTORING)
    waiting = ParticipationFactory(cohort=two_criteria_cohort, status=S.SHORTLISTED)
    assess(waiting, UserFactory(is_evaluator=True), 5, 5)

    chosen = select_top_applications(two_criteria_cohort, by=secretariat)

    assert chosen == []
    assert AuditEntry.objects.filter(action="participation.status").count() == 0


# weighted_score (property) ----------------------------------------------------------------------------------


@st.composite
def criteria_and_scores(draw):
    count = draw(st.integers(min_value=1, max_value=8))
    criteria, scores = [], {}
    for pk in range(1, count + 1):
        weight = draw(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=2))
        max_score = draw(st.integers(min_value=1, max_value=100))
        criteria.append(SelectionCriterion(pk=pk, name=f"K{pk}", weight=weight, max_score=max_score))
        scores[pk] = draw(st.integers(min_value=0, max_value=max_score))
    return criteria, scores


@given(criteria_and_scores())
def test_weighted_score_any_scores_lie_between_0_and_100(case):
    criteria, scores = case

    result = weighted_score(criteria, scores)

    assert Decimal(0) <= result <= Decimal(100)


@given(criteria_and_scores())
def test_weighted_score_all_maximum_scores_give_100(case):
    criteria, _scores = case
    top = {c.pk: c.max_score for c in criteria}

    result = weighted_score(criteria, top)

    assert result == Decimal(100)


@given(criteria_and_scores())
def test_weighted_score_all_zero_scores_give_0(case):
    criteria, _scores = case
    zero = {c.pk: 0 for c in criteria}

    result = weighted_score(criteria, zero)

    assert result == Decimal(0)


@pytest.mark.django_db
def test_record_assessment_by_non_assessor_refused(two_criteria_cohort):
    participation = ParticipationFactory(cohort=two_criteria_cohort)
    fiscal, readiness = two_criteria_cohort.criteria.all()

    with pytest.raises(ValidationError) as excinfo:
        record_assessment(
            participation,
            assessor=UserFactory(is_evaluator=True),
            scores={fiscal.pk: 3, readiness.pk: 3},
            comments={},
        )

    assert excinfo.value.messages == ["Only the cohort's assessors can assess its applications."]
    assert AssessmentScore.objects.count() == 0


@pytest.mark.django_db
def test_rank_applications_ignores_scores_of_removed_assessor(two_criteria_cohort):
    participation = ParticipationFactory(cohort=two_criteria_cohort)
    assessor = UserFactory(is_evaluator=True)
    assess(participation, assessor, 5, 5)

    two_criteria_cohort.assessors.remove(assessor)

    assert ranking(two_criteria_cohort) == [(participation.region.code, None, None, 0)]
