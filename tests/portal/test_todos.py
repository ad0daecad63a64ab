"""The dashboard's "Perlu tindakan Anda": each role's to-dos with their counts and links, nothing of another
region, every link opens for its user, and a fixed number of queries whatever the amount of data."""

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from kotacerdas.evaluations.models import (
    EvaluationEvent,
    EventDay,
    Panel,
    Presents,
    Room,
    ScoreSheet,
    Session,
    SheetStatus,
)
from kotacerdas.implementation.models import (
    AssessmentStatus,
    ImplementationRound,
    RoundEntry,
    RoundStatus,
    ValidationSheet,
)
from kotacerdas.masterplans.models import Masterplan, MasterplanProgramme, MasterplanStatus
from kotacerdas.masterplans.services import create_masterplan
from kotacerdas.monitoring.models import Indicator, IndicatorValue, TrackedIndicator, ValueStatus
from kotacerdas.portal.todos import EVALUATOR, MENTOR, SECRETARIAT, TEAM, Todo, todos_for
from kotacerdas.programmes.models import ParticipationStatus, StageKind
from kotacerdas.regions.models import MembershipRole
from tests.factories import (
    AssessmentScoreFactory,
    DeclaredConflictFactory,
    EvaluationEventFactory,
    EventDayFactory,
    ImplementationRoundFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MasterplanCommentFactory,
    MasterplanProgrammeFactory,
    MilestoneFactory,
    PanelFactory,
    PanelMemberFactory,
    ParticipationFactory,
    PostCommentFactory,
    QuickWinFeedbackFactory,
    RegionMembershipFactory,
    RoomFactory,
    RoundEntryFactory,
    RubricFactory,
    ScoreSheetFactory,
    SessionFactory,
    StageFactory,
    TrackedIndicatorFactory,
    ValidationSheetFactory,
)
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@dataclass
class Desk:
    """Everything the to-dos read, for region A and (so a leak would show) region B."""

    today: datetime.date
    mp_a: Masterplan
    mp_b: Masterplan
    programme_a: MasterplanProgramme
    programme_b: MasterplanProgramme
    round_self: ImplementationRound
    round_validation: ImplementationRound
    entry_a: RoundEntry
    sheet_a: ValidationSheet
    event: EvaluationEvent
    empty_event: EvaluationEvent
    panel: Panel
    room: Room
    past_day: EventDay
    session_a: Session
    applicant_scored: object


def _value(tracked, year, *, by, status=ValueStatus.REPORTED, supersedes=None):
    return IndicatorValueFactory(
        tracked=tracked, year=year, reported_by=by, status=status, supersedes=supersedes
    )


@pytest.fixture
def desk(world, framework) -> Desk:
    w, today = world, timezone.localdate()
    # Masterplans: A in draft with two open comments (and a resolved one), B sent back with one.
    mp_a = create_masterplan(w.part_a, by=w.editor_a)
    mp_b = create_masterplan(w.part_b, by=w.editor_b)
    Masterplan.objects.filter(pk=mp_b.pk).update(status=MasterplanStatus.REVISION_REQUESTED)
    for resolved in (False, False, True):
        MasterplanCommentFactory(masterplan=mp_a, author=w.mentor_a, is_resolved=resolved)
    MasterplanCommentFactory(masterplan=mp_b, author=w.secretariat)
    # Programmes with milestones: two late in A (one done, one ahead), one late in B.
    dimension = framework.dimensions.first()
    programmes = []
    for mp, late in [(mp_a, 2), (mp_b, 1)]:
        programme = MasterplanProgrammeFactory(masterplan=mp, strategy__dimension=dimension)
        for i in range(late):
            MilestoneFactory(programme=programme, due_on=today - (3 + i) * DAY)
        MilestoneFactory(programme=programme, due_on=today - 9 * DAY, done_on=today - 10 * DAY)
        MilestoneFactory(programme=programme, due_on=today + 9 * DAY)
        programmes.append(programme)
    # Indicator values. A: three to verify (a corrected value counts once; the mentor's own does not), one
    # verified, one rejected. B: two to verify and one rejected, none of which region A's people may see.
    first, second = IndicatorFactory(code="UJI-01"), IndicatorFactory(code="UJI-02")
    a1, a2, b1 = (
        TrackedIndicatorFactory(participation=p, indicator=i)
        for p, i in [(w.part_a, first), (w.part_a, second), (w.part_b, first)]
    )
    _value(a1, 2021, by=w.editor_a)
    _value(a1, 2022, by=w.editor_a, supersedes=_value(a1, 2022, by=w.editor_a))
    _value(a2, 2021, by=w.editor_a)
    _value(a2, 2022, by=w.mentor_a)
    _value(a2, 2020, by=w.editor_a, status=ValueStatus.VERIFIED)
    _value(a2, 2019, by=w.editor_a, status=ValueStatus.REJECTED)
    _value(b1, 2021, by=w.editor_b)
    _value(b1, 2022, by=w.editor_b)
    _value(b1, 2019, by=w.editor_b, status=ValueStatus.REJECTED)
    # Implementation rounds: self-assessment past its due date (A open, B submitted); validation (A assigned to
    # the assessor, B without a validator).
    rounds = [
        ImplementationRoundFactory(
            year=year,
            name=name,
            framework_version=w.cohort.framework_version,
            status=status,
            self_assessment_due=today - DAY,
        )
        for year, name, status in [
            (2098, "Evaluasi Implementasi Uji", RoundStatus.SELF_ASSESSMENT),
            (2097, "Validasi Implementasi Uji", RoundStatus.VALIDATION),
        ]
    ]
    entry_a = RoundEntryFactory(round=rounds[0], participation=w.part_a)
    RoundEntryFactory(round=rounds[0], participation=w.part_b, self_status=AssessmentStatus.SUBMITTED)
    done = AssessmentStatus.SUBMITTED
    validated_a = RoundEntryFactory(round=rounds[1], participation=w.part_a, self_status=done)
    RoundEntryFactory(round=rounds[1], participation=w.part_b, self_status=done)
    sheet_a = ValidationSheetFactory(entry=validated_a, evaluator=w.assessor)
    # An evaluation event: A and B presented two days ago, the applicant presents in five days. The assessor sent
    # A's masterplan sheet, started A's quick-win sheet and the applicant's sheet, and is in conflict with B.
    masterplan_rubric = RubricFactory(kind="masterplan")
    quick_win_rubric = RubricFactory(kind="quick_win")
    event = EvaluationEventFactory(
        cohort=w.cohort,
        name="Evaluasi Uji",
        masterplan_rubric=masterplan_rubric,
        quick_win_rubric=quick_win_rubric,
    )
    past_day = EventDayFactory(event=event, date=today - 2 * DAY)
    next_day = EventDayFactory(event=event, date=today + 5 * DAY)
    room = RoomFactory(event=event)
    panel = PanelFactory(event=event)
    PanelMemberFactory(panel=panel, evaluator=w.assessor, is_chair=True)
    PanelMemberFactory(panel=panel, evaluator=w.evaluator_other)
    session_a, session_b, session_c = (
        SessionFactory(
            event=event,
            participation=p,
            day=day,
            room=room,
            starts=datetime.time(9 + i),
            ends=datetime.time(9 + i, 45),
            panel=panel,
            presents=presents,
        )
        for i, (p, day, presents) in enumerate(
            [
                (w.part_a, past_day, Presents.BOTH),
                (w.part_b, past_day, Presents.BOTH),
                (w.applicant, next_day, Presents.MASTERPLAN),
            ]
        )
    )
    sheet = ScoreSheetFactory
    sheet(session=session_a, evaluator=w.assessor, rubric=masterplan_rubric, status=SheetStatus.SUBMITTED)
    sheet(session=session_a, evaluator=w.assessor, rubric=quick_win_rubric)
    sheet(session=session_c, evaluator=w.assessor, rubric=masterplan_rubric)
    DeclaredConflictFactory(evaluator=w.assessor, region=w.region_b)
    empty_event = EvaluationEventFactory(cohort=w.cohort, name="Evaluasi Tanpa Jadwal")
    # Selection: the assessor has not scored the shortlisted applicant; a second applicant is fully scored.
    applicant_scored = ParticipationFactory(cohort=w.cohort, status=ParticipationStatus.APPLIED)
    AssessmentScoreFactory(
        participation=applicant_scored, criterion=w.cohort.criteria.get(), assessor=w.assessor, score=3
    )
    # Moderation: two comments and one quick-win feedback held; one comment already approved.
    PostCommentFactory.create_batch(2)
    PostCommentFactory(status="approved")
    QuickWinFeedbackFactory(programme=programmes[0])
    # A bimtek in three weeks (the world's own stage lies years ahead) and one that has passed.
    StageFactory(
        cohort=w.cohort, kind=StageKind.BIMTEK_2, starts_on=today + 20 * DAY, ends_on=today + 21 * DAY
    )
    StageFactory(
        cohort=w.cohort, kind=StageKind.BIMTEK_1, starts_on=today - 30 * DAY, ends_on=today - 29 * DAY
    )
    return Desk(
        today=today,
        mp_a=mp_a,
        mp_b=mp_b,
        programme_a=programmes[0],
        programme_b=programmes[1],
        round_self=rounds[0],
        round_validation=rounds[1],
        entry_a=entry_a,
        sheet_a=sheet_a,
        event=event,
        empty_event=empty_event,
        panel=panel,
        room=room,
        past_day=past_day,
        session_a=session_a,
        applicant_scored=applicant_scored,
    )


def _rows(items: list[Todo]) -> list[tuple]:
    return [(t.role, t.count, t.text, t.url, t.where) for t in items]


def test_region_team_todos_of_editor_a(world, desk):
    w, d = world, desk
    where = "Kabupaten Alfa · Angkatan Uji"

    items = todos_for(w.editor_a, today=d.today)

    assert _rows(items) == [
        (TEAM, 1, "masterplan masih draf: lengkapi, lalu Ajukan", reverse("masterplans:overview", args=[d.mp_a.pk]), where),
        (TEAM, 2, "komentar terbuka pada masterplan", reverse("masterplans:overview", args=[d.mp_a.pk]), where),
        (
            TEAM,
            1,
            "penilaian mandiri perlu dikirim",
            reverse("implementation:entry_detail", args=[2098, d.entry_a.pk]),
            "Kabupaten Alfa · Evaluasi Implementasi Uji",
        ),
        (TEAM, 1, "nilai indikator Ditolak perlu dikoreksi", reverse("monitoring:participation", args=[w.part_a.pk]), where),
        (TEAM, 2, "tonggak capaian Terlambat", reverse("monitoring:programmes", args=[w.part_a.pk]), where),
        (
            TEAM,
            1,
            "tahapan akan datang",
            reverse("programmes:participation_detail", args=[w.part_a.pk]),
            f"Kabupaten Alfa · {StageKind.BIMTEK_2.label}",
        ),
    ]  # fmt: skip
    assert [(t.due, t.is_late) for t in items if t.due] == [
        (d.today - DAY, True),
        (d.today + 20 * DAY, False),
    ]


def test_region_team_todos_of_editor_b_show_only_region_b(world, desk):
    w, d = world, desk
    where = "Kota Beta · Angkatan Uji"

    items = todos_for(w.editor_b, today=d.today)

    assert [(t.count, t.text, t.url, t.where) for t in items] == [
        (1, "masterplan dikembalikan untuk revisi: perbaiki, lalu Ajukan kembali", reverse("masterplans:overview", args=[d.mp_b.pk]), where),
        (1, "komentar terbuka pada masterplan", reverse("masterplans:overview", args=[d.mp_b.pk]), where),
        (1, "nilai indikator Ditolak perlu dikoreksi", reverse("monitoring:participation", args=[w.part_b.pk]), where),
        (1, "tonggak capaian Terlambat", reverse("monitoring:programmes", args=[w.part_b.pk]), where),
        (1, "tahapan akan datang", reverse("programmes:participation_detail", args=[w.part_b.pk]), f"Kota Beta · {StageKind.BIMTEK_2.label}"),
    ]  # fmt: skip


def test_region_team_viewer_has_nothing_to_do(world, desk):
    assert todos_for(world.viewer_a, today=desk.today) == []


def test_new_region_team_is_asked_to_start_its_masterplan(world):
    RegionMembershipFactory(user=world.editor_b, region=world.region_a, role=MembershipRole.APPROVER)

    items = todos_for(world.editor_b)

    assert _rows(items) == [
        (TEAM, 1, "masterplan perlu dimulai", reverse("masterplans:list"), "Kabupaten Alfa · Angkatan Uji"),
        (TEAM, 1, "masterplan perlu dimulai", reverse("masterplans:list"), "Kota Beta · Angkatan Uji"),
    ]


def test_mentor_todos_count_values_to_verify_of_their_regions_only(world, desk):
    items = todos_for(world.mentor_a, today=desk.today)

    assert _rows(items) == [
        (
            MENTOR,
            3,
            "nilai indikator menunggu verifikasi Anda",
            reverse("monitoring:participation", args=[world.part_a.pk]),
            "Kabupaten Alfa · Angkatan Uji",
        )
    ]


def test_mentor_todo_links_to_the_indicator_when_only_one_has_values(world, desk):
    IndicatorValue.objects.filter(tracked__indicator__code="UJI-02", status=ValueStatus.REPORTED).delete()

    (item,) = todos_for(world.mentor_a, today=desk.today)

    tracked = TrackedIndicator.objects.get(participation=world.part_a, indicator__code="UJI-01")
    assert (item.count, item.url) == (
        2,
        reverse("monitoring:tracked_detail", args=[world.part_a.pk, tracked.pk]),
    )


def test_masterplan_submitted_is_a_todo_of_its_mentor_and_of_the_secretariat(world, desk):
    Masterplan.objects.filter(pk=desk.mp_a.pk).update(status=MasterplanStatus.SUBMITTED)
    overview = reverse("masterplans:overview", args=[desk.mp_a.pk])

    mentor = [(t.text, t.url) for t in todos_for(world.mentor_a, today=desk.today) if "masterplan" in t.text]
    national = [(t.count, t.text, t.url) for t in todos_for(world.secretariat) if "masterplan" in t.text]
    team = [t.text for t in todos_for(world.editor_a, today=desk.today) if "masterplan" in t.text]

    assert mentor == [("masterplan diajukan: mulai reviu", overview)]
    assert national == [(1, "masterplan diajukan, reviu belum dimulai", overview)]
    assert team == []  # submitted: nothing for the team until it comes back


def test_evaluator_todos_of_the_assessor(world, desk):
    items = todos_for(world.assessor, today=desk.today)

    # Score sheets: A's quick-win sheet (A's masterplan sheet is sent) and the applicant's sheet started ahead of
    # its session; B is a conflict of interest. The validation of A in the 2097 round. The unscored applicant.
    assert _rows(items) == [
        (EVALUATOR, 2, "lembar nilai belum dikirim", reverse("evaluations:my_sessions"), "Evaluasi Uji"),
        (
            EVALUATOR,
            1,
            "validasi implementasi belum dikirim",
            reverse("implementation:sheet_detail", args=[2097, desk.sheet_a.pk]),
            "Validasi Implementasi Uji",
        ),
        (EVALUATOR, 1, "pendaftaran perlu dinilai", reverse("programmes:assess", args=[world.applicant.pk]), "Angkatan Uji"),
    ]  # fmt: skip


def test_evaluator_todos_count_only_their_own_sheets(world, desk):
    items = todos_for(world.evaluator_other, today=desk.today)

    # Both rubrics of A and of B; the applicant's session is in five days and not started.
    assert _rows(items) == [
        (EVALUATOR, 4, "lembar nilai belum dikirim", reverse("evaluations:my_sessions"), "Evaluasi Uji"),
    ]


def test_score_sheet_todo_links_to_the_session_when_only_one_is_open(world, desk):
    ScoreSheet.objects.filter(session__participation=world.applicant).delete()

    (item, *_rest) = todos_for(world.assessor, today=desk.today)

    assert (item.count, item.url) == (1, reverse("evaluations:score_session", args=[desk.session_a.pk]))


def test_score_sheets_leave_the_todos_once_sent_or_the_results_are_published(world, desk):
    ScoreSheet.objects.filter(evaluator=world.assessor).update(status=SheetStatus.SUBMITTED)
    EvaluationEvent.objects.filter(pk=desk.event.pk).update(results_published_at=timezone.now())

    texts = [t.text for t in todos_for(world.assessor, today=desk.today)]
    other = todos_for(world.evaluator_other, today=desk.today)

    assert "lembar nilai belum dikirim" not in texts
    assert other == []


def test_secretariat_todos(world, desk):
    w, d = world, desk

    items = todos_for(w.secretariat, today=d.today)

    assert _rows(items) == [
        (SECRETARIAT, 2, "komentar berita menunggu moderasi", reverse("news:moderation") + "?kind=comments", ""),
        (SECRETARIAT, 1, "tanggapan quick win menunggu moderasi", reverse("news:moderation") + "?kind=feedback", ""),
        (SECRETARIAT, 1, "acara evaluasi belum memiliki jadwal", reverse("scheduling:event", args=[d.empty_event.pk]), "Evaluasi Tanpa Jadwal"),
        (SECRETARIAT, 1, "acara evaluasi yang agendanya belum diterbitkan", reverse("evaluations:event_detail", args=[d.event.pk]) + "#agenda", "Evaluasi Uji"),
        (SECRETARIAT, 1, "daerah belum memiliki validator", reverse("implementation:round_detail", args=[2097]), "Validasi Implementasi Uji"),
        (SECRETARIAT, 1, "dari 2 penilaian mandiri dikirim: putaran dapat lanjut ke validasi", reverse("implementation:round_detail", args=[2098]), "Evaluasi Implementasi Uji"),
        (SECRETARIAT, 1, "daerah peserta belum memiliki mentor", reverse("programmes:cohort_detail", args=[w.cohort.pk]), "Angkatan Uji"),
        (SECRETARIAT, 2, "pendaftaran menunggu keputusan seleksi", reverse("programmes:selection", args=[w.cohort.pk]), "Angkatan Uji"),
    ]  # fmt: skip


def test_secretariat_rounds_ready_to_publish_and_events_ended(world, desk):
    d = desk
    ValidationSheetFactory(
        entry=RoundEntry.objects.get(round=d.round_validation, participation=world.part_b),
        evaluator=world.evaluator_other,
        status=AssessmentStatus.SUBMITTED,
    )
    ValidationSheet.objects.filter(pk=d.sheet_a.pk).update(status=AssessmentStatus.SUBMITTED)
    EvaluationEvent.objects.filter(pk=d.event.pk).update(agenda_release=1)
    EventDay.objects.filter(event=d.event, date__gt=d.today).update(date=d.today - 3 * DAY)

    rows = [(t.count, t.text, t.url) for t in todos_for(world.secretariat, today=d.today)]

    assert (
        2,
        "validasi dikirim: putaran dapat diterbitkan",
        reverse("implementation:round_detail", args=[2097]),
    ) in rows
    assert (
        1,
        "acara evaluasi selesai, hasil belum diterbitkan",
        reverse("evaluations:event_detail", args=[d.event.pk]) + "#results",
    ) in rows
    assert not any("agenda" in text for _n, text, _url in rows)


@pytest.mark.parametrize(
    "who", ["editor_a", "editor_b", "mentor_a", "assessor", "evaluator_other", "secretariat"]
)
def test_every_todo_link_opens_for_its_user(world, desk, client, who):
    user = getattr(world, who)
    client.force_login(user)
    items = todos_for(user, today=desk.today)

    answers = {t.url: client.get(t.url.split("#")[0]).status_code for t in items}

    assert items
    assert set(answers.values()) == {200}, answers


def test_dashboard_shows_the_todos_with_counts_and_links(world, desk, client):
    client.force_login(world.mentor_a)

    page = client.get(reverse("portal:dashboard")).content.decode()

    assert "Perlu tindakan Anda" in page
    link = reverse("monitoring:participation", args=[world.part_a.pk])
    assert (
        f'<a class="todo__link" href="{link}"><span class="todo__count">3</span> '
        '<span class="todo__text">nilai indikator menunggu verifikasi Anda</span></a>'
    ) in page
    assert "Kota Beta" not in page


def test_dashboard_groups_todos_by_role_for_a_person_with_several(world, desk, client):
    world.assessor.is_mentor = True
    world.assessor.save()
    world.part_b.mentors.add(world.assessor)
    client.force_login(world.assessor)

    page = client.get(reverse("portal:dashboard")).content.decode()

    assert '<h3 class="todos__role">Mentor</h3>' in page
    assert '<h3 class="todos__role">Evaluator</h3>' in page


def test_dashboard_without_todos_says_so(world, desk, client):
    client.force_login(world.viewer_a)

    page = client.get(reverse("portal:dashboard")).content.decode()

    assert '<p class="todos__empty">Tidak ada yang perlu Anda tindak lanjuti.</p>' in page
    assert "todo__link" not in page


def test_dashboard_shows_late_items_as_late(world, desk, client):
    client.force_login(world.editor_a)

    page = client.get(reverse("portal:dashboard")).content.decode()

    assert page.count('class="todo todo--late"') == 2  # the self-assessment past its due date, the milestones
    assert '<span class="badge badge--late">Terlambat</span>' in page


# --- a fixed number of queries -------------------------------------------------------------------------------


def _grow(world, desk, n):
    """n more regions in the cohort, each with what every role's to-dos read: a masterplan with a comment, a
    value to verify, a late milestone, entries in both rounds, a session, an application, held comments."""
    d = desk
    for i in range(n):
        p = ParticipationFactory(cohort=world.cohort, status=ParticipationStatus.MENTORING)
        p.mentors.add(world.mentor_a)
        RegionMembershipFactory(user=world.editor_a, region=p.region, role=MembershipRole.EDITOR)
        mp = create_masterplan(p, by=world.editor_a)
        MasterplanCommentFactory(masterplan=mp, author=world.mentor_a)
        programme = MasterplanProgrammeFactory(
            masterplan=mp, strategy__dimension=d.programme_a.strategy.dimension
        )
        MilestoneFactory(programme=programme, due_on=d.today - DAY)
        tracked = TrackedIndicatorFactory(participation=p, indicator=Indicator.objects.get(code="UJI-01"))
        _value(tracked, 2021, by=world.editor_a)
        _value(tracked, 2019, by=world.editor_a, status=ValueStatus.REJECTED)
        RoundEntryFactory(round=d.round_self, participation=p)
        ValidationSheetFactory(
            entry=RoundEntryFactory(round=d.round_validation, participation=p), evaluator=world.assessor
        )
        SessionFactory(
            event=d.event,
            participation=p,
            day=d.past_day,
            room=d.room,
            starts=datetime.time(13, i),
            ends=datetime.time(14, i),
            panel=d.panel,
        )
        ParticipationFactory(cohort=world.cohort, status=ParticipationStatus.APPLIED)
        PostCommentFactory()
        QuickWinFeedbackFactory(programme=programme)


@pytest.mark.parametrize("who", ["editor_a", "mentor_a", "assessor", "secretariat", "viewer_a"])
def test_dashboard_query_count_constant_when_todos_grow(world, desk, client, who):
    user = getattr(world, who)
    client.force_login(user)
    url = reverse("portal:dashboard")
    _grow(world, desk, 2)
    small = count_queries(client, url)
    small_items = sum(t.count for t in todos_for(user, today=desk.today))

    _grow(world, desk, 10)
    large = count_queries(client, url)

    assert large == small
    assert who == "viewer_a" or sum(t.count for t in todos_for(user, today=desk.today)) > small_items
