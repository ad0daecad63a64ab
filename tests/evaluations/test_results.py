"""Results: the arithmetic (property tests), the results page, the feedback reports and the XLSX of all scores."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from kotacerdas.evaluations import reports
from kotacerdas.evaluations.models import EvaluationKind, Score, ScoreSheet, SheetStatus
from kotacerdas.evaluations.results import (
    RegionResult,
    RubricStats,
    aggregate,
    compute_results,
    final_score,
    rank,
)
from kotacerdas.evaluations.scoring import QUANTUM, rounded, sheet_total
from tests.factories import AwardCategoryFactory
from tests.utils import docx_text, pdf_text

EVALUATOR_NAMES = [
    "Ratna Kusumawati",
    "Hendra Gunawan",
    "Yuliana Siregar",
    "Made Wiradana",
    "Fajar Nugroho",
    "Intan Permatasari",
]

# ------------------------------------------------------------------------------- arithmetic (no database)

weights = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100"), places=2)


ANY_NA = st.booleans()


@st.composite
def criterion_rows(draw, *, na=ANY_NA):
    """(weight, scale_min, scale_max, value, is_na) with the value on the scale (None when n/a)."""
    low = draw(st.integers(min_value=0, max_value=5))
    high = draw(st.integers(min_value=low + 1, max_value=low + 10))
    is_na = draw(na)
    value = None if is_na else draw(st.integers(min_value=low, max_value=high))
    return draw(weights), low, high, value, is_na


rows_lists = st.lists(criterion_rows(), min_size=1, max_size=12)


def as_sheet(rows) -> tuple[list, list]:
    """(criteria, scores) of a sheet with one criterion per (weight, scale_min, scale_max, value, is_na) row."""
    criteria = [
        SimpleNamespace(pk=i, weight=w, scale_min=lo, scale_max=hi)
        for i, (w, lo, hi, _v, _na) in enumerate(rows)
    ]
    scores = [
        SimpleNamespace(criterion_id=i, value=v, is_na=na) for i, (_w, _lo, _hi, v, na) in enumerate(rows)
    ]
    return criteria, scores


def weighted_total(rows):
    return sheet_total(*as_sheet(rows))


@given(rows_lists)
def test_weighted_total_lies_between_0_and_100(rows):
    total = weighted_total(rows)

    assert total is None or Decimal(0) <= total <= Decimal(100)
    assert (total is None) == all(na for *_r, na in rows)


@given(rows_lists, st.lists(criterion_rows(na=st.just(True)), min_size=1, max_size=5))
def test_weighted_total_na_criteria_drop_out(rows, na_rows):
    answered = [r for r in rows if not r[4]]

    mixed = weighted_total(rows + na_rows)

    assert mixed == weighted_total(answered) if answered else mixed is None


@given(st.lists(criterion_rows(na=st.just(False)), min_size=1, max_size=12))
def test_weighted_total_rescales_remaining_weights(rows):
    expected = sum(Fraction(w) * Fraction(v - lo, hi - lo) for w, lo, hi, v, _na in rows) / sum(
        Fraction(r[0]) for r in rows
    )

    assert weighted_total(rows) == expected * 100


@given(rows_lists)
def test_weighted_total_all_max_is_100_and_all_min_is_0(rows):
    tops = [(w, lo, hi, hi, False) for w, lo, hi, _v, _na in rows]
    bottoms = [(w, lo, hi, lo, False) for w, lo, hi, _v, _na in rows]

    assert (weighted_total(tops), weighted_total(bottoms)) == (Decimal(100), Decimal(0))


@given(rows_lists, st.data())
def test_weighted_total_unknown_while_a_criterion_is_missing(rows, data):
    index = data.draw(st.integers(min_value=0, max_value=len(rows) - 1))
    w, lo, hi, _v, _na = rows[index]
    rows = [*rows[:index], (w, lo, hi, None, False), *rows[index + 1 :]]

    assert weighted_total(rows) is None


totals = st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=2)


@given(st.lists(totals, min_size=1, max_size=15))
def test_aggregate_mean_median_spread(values):
    mean, median, spread = aggregate(values)

    assert min(values) <= mean <= max(values)
    assert min(values) <= median <= max(values)
    assert spread == max(values) - min(values)
    assert mean == (sum(values) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def test_aggregate_of_nothing_is_unknown():
    assert aggregate([]) == (None, None, None)


# One rounding, at the end: the figures are exact until they are shown, so no intermediate rounding moves a total,
# a final score or a rank.


def test_rounding_is_half_up_to_the_one_quantum():
    assert Decimal("0.01") == QUANTUM
    assert [rounded(Fraction(n, 8)) for n in (1, 3, -1)] == [
        Decimal("0.13"),
        Decimal("0.38"),
        Decimal("-0.13"),
    ]
    assert rounded(Fraction(200, 3)) == Decimal("66.67") and rounded(None) is None


@given(rows_lists)
def test_a_total_is_exact_and_rounded_once_as_decimal_rounding_would(rows):
    total = weighted_total(rows)

    if total is not None:
        assert isinstance(total, Fraction)
        # Rounding the exact value once agrees with Decimal's half-up rounding of a long division.
        assert rounded(total) == (Decimal(total.numerator) / Decimal(total.denominator)).quantize(
            QUANTUM, ROUND_HALF_UP
        )


scales = st.sampled_from([Decimal("0.5"), Decimal(3), Decimal("7.25"), Decimal(10)])


@given(rows_lists, scales)
def test_scaling_every_weight_leaves_the_total_unchanged(rows, factor):
    scaled = [(w * factor, lo, hi, v, na) for w, lo, hi, v, na in rows]

    assert weighted_total(scaled) == weighted_total(rows)


# A region: per rubric, its sheets (rows lists, all answered so each has a total).
answered_rows = st.lists(criterion_rows(na=st.just(False)), min_size=1, max_size=6)
regions = st.lists(st.lists(answered_rows, min_size=1, max_size=4), min_size=1, max_size=2)


def _ranked(all_regions, *, factor=Decimal(1)) -> dict:
    """region name -> (final, rank) of regions given as [rubric: [sheet rows]], weights scaled by ``factor``."""
    results = []
    for index, rubric_sheets in enumerate(all_regions):
        stats = []
        for sheets in rubric_sheets:
            totals = [
                (None, weighted_total([(w * factor, lo, hi, v, na) for w, lo, hi, v, na in rows]))
                for rows in sheets
            ]
            stats.append(RubricStats(rubric=None, totals=totals, missing=[]))
        results.append(_result(f"Kota {index:02d}", final_score(stats)))
    return {r.region.name: (r.final, r.rank) for r in rank(results)}


@given(st.lists(regions, min_size=1, max_size=5), scales)
def test_scaling_every_weight_leaves_final_scores_and_ranks_unchanged(all_regions, factor):
    assert _ranked(all_regions, factor=factor) == _ranked(all_regions)


@given(st.lists(regions, min_size=1, max_size=4), st.data(), scales)
def test_regions_with_the_same_true_scores_share_a_rank(all_regions, data, factor):
    """A region scored on a rubric whose weights are all scaled (the same true totals, other rounding errors
    along the way) ties with the original: same final score, same rank."""
    twin_of = data.draw(st.integers(min_value=0, max_value=len(all_regions) - 1))
    twin = [
        [[(w * factor, lo, hi, v, na) for w, lo, hi, v, na in rows] for rows in sheets]
        for sheets in all_regions[twin_of]
    ]

    ranked = _ranked([*all_regions, twin])

    assert ranked[f"Kota {twin_of:02d}"] == ranked[f"Kota {len(all_regions):02d}"]


def test_final_score_rounds_once_not_at_every_step():
    # Rubric means 80.005 and 80.004 (exact): rounding each first would give (80.01 + 80.00) / 2 = 80.005 -> 80.01;
    # the exact mean 80.0045 rounds to 80.00.
    stats = [
        RubricStats(rubric=None, totals=[(None, Fraction("80.005"))], missing=[]),
        RubricStats(rubric=None, totals=[(None, Fraction("80.004"))], missing=[]),
    ]

    assert final_score(stats) == Decimal("80.00")


def _result(name: str, final):
    session = SimpleNamespace(participation=SimpleNamespace(region=SimpleNamespace(name=name)))
    return RegionResult(session=session, stats=[], final=final)


@given(
    st.lists(
        st.one_of(
            st.none(), st.sampled_from([Decimal(v) for v in ("50.00", "62.50", "75.00", "90.25")]), totals
        )
    )
)
def test_rank_ties_share_rank_and_next_is_skipped(finals):
    results = [_result(f"Kota {i:02d}", f) for i, f in enumerate(finals)]

    ranked = rank(results)

    scored = [r for r in ranked if r.final is not None]
    for r in scored:
        # Competition ranking: one more than the number of regions scoring strictly higher (1, 2, 2, 4).
        assert r.rank == 1 + sum(1 for other in scored if other.final > r.final)
    assert [r.final for r in scored] == sorted((r.final for r in scored), reverse=True)
    assert all(r.rank is None for r in ranked[len(scored) :])


def test_rank_example_one_two_two_four():
    finals = [Decimal("80"), Decimal("70"), Decimal("70"), Decimal("60"), None]

    ranked = rank([_result(f"Kota {c}", f) for c, f in zip("ABCDE", finals, strict=True)])

    assert [(r.region.name, r.rank) for r in ranked] == [
        ("Kota A", 1),
        ("Kota B", 2),
        ("Kota C", 2),
        ("Kota D", 4),
        ("Kota E", None),
    ]


# ------------------------------------------------------------------------------------------ results page


def results_url(data) -> str:
    return reverse("evaluations:results", args=[data["event"].pk])


def publish(data):
    event = data["event"]
    event.results_published_at = timezone.now()
    event.save()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "evaluator", "editor.pemalang", "mentor"])
def test_results_hidden_until_published(demo_event, en, who):
    if who != "anonymous":
        en.force_login(demo_event[who])

    assert en.get(results_url(demo_event)).status_code == 404


@pytest.mark.django_db
def test_results_visible_to_secretariat_before_publication(demo_event, en):
    en.force_login(demo_event["sekretariat"])

    response = en.get(results_url(demo_event))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Not published: visible to the secretariat only" in html
    assert "Yuliana Siregar" in html  # missing evaluators are named for the secretariat
    assert reverse("evaluations:results_publish", args=[demo_event["event"].pk]) in html


@pytest.mark.django_db
def test_results_public_after_publication_with_ranks_and_rules(demo_event, en):
    publish(demo_event)

    response = en.get(results_url(demo_event))

    html = response.content.decode()
    results = response.context["results"]
    pemalang = next(r for r in results if r.region.code == "33.27")
    assert response.status_code == 200
    assert "Kabupaten Pemalang" in html
    assert pemalang.rank is not None
    assert [r.rank for r in results] == [r.rank for r in compute_results(demo_event["event"])]
    assert "share a rank and the next rank is skipped (1, 2, 2, 4)" in html
    assert [name for name in EVALUATOR_NAMES if name in html] == []  # the public sees no evaluator names
    assert reverse("evaluations:scores_xlsx", args=[demo_event["event"].pk]) not in html


@pytest.mark.django_db
def test_results_published_through_the_secretariat_page(demo_event, en):
    en.force_login(demo_event["sekretariat"])

    en.post(reverse("evaluations:results_publish", args=[demo_event["event"].pk]), {"confirm": "yes"})
    en.logout()
    response = en.get(results_url(demo_event))

    assert response.status_code == 200
    assert "Kabupaten Pemalang" in response.content.decode()


@pytest.mark.django_db
def test_results_ties_share_rank_on_the_page(demo_event, en):
    publish(demo_event)

    response = en.get(results_url(demo_event))

    ranks = [(r.final, r.rank) for r in response.context["results"] if r.rank is not None]
    for (final, rank_), (next_final, next_rank) in zip(ranks, ranks[1:], strict=False):
        assert next_rank == rank_ if next_final == final else next_rank > rank_


@pytest.mark.django_db
def test_results_award_categories_list_top_places_on_their_rubric(demo_event, en):
    event = demo_event["event"]
    AwardCategoryFactory(event=event, name="Masterplan terbaik", kind=EvaluationKind.MASTERPLAN, places=3)
    AwardCategoryFactory(event=event, name="Quick win terbaik", kind=EvaluationKind.QUICK_WIN, places=1)
    publish(demo_event)
    means = {
        r.region.name: next(s.mean for s in r.stats if s.rubric == event.masterplan_rubric)
        for r in compute_results(event)
    }

    response = en.get(results_url(demo_event))

    awards = {category.name: winners for category, winners in response.context["awards"]}
    masterplan = [(w.region.name, w.final) for w in awards["Masterplan terbaik"]]
    assert masterplan == sorted(means.items(), key=lambda item: (-item[1], item[0]))[: len(masterplan)]
    assert len(masterplan) >= 3
    assert [w.rank for w in awards["Quick win terbaik"]] == [1] * len(awards["Quick win terbaik"])
    assert "Masterplan terbaik" in response.content.decode()


# ---------------------------------------------------------------------------------------------- feedback

COMMENTS = ["Analisis SWOT perlu data terbaru.", "Visi sudah selaras dengan RPJMD."]
GENERAL = "Paparan jelas, peta jalan perlu diperinci."
DRAFT_ONLY = "Catatan draf yang belum diajukan."


@pytest.fixture
def commented(demo_event):
    """Comments on Pemalang's submitted masterplan sheets, and one on a draft (never shown)."""
    session = demo_event["pemalang"]
    rubric = demo_event["event"].masterplan_rubric
    first = rubric.criteria.first()
    for key, text in zip(["evaluator", "evaluator2"], COMMENTS, strict=True):
        sheet = ScoreSheet.objects.get(session=session, evaluator=demo_event[key], rubric=rubric)
        assert sheet.status == SheetStatus.SUBMITTED
        Score.objects.filter(sheet=sheet, criterion=first).update(comment=text)
    ScoreSheet.objects.filter(session=session, evaluator=demo_event["evaluator"], rubric=rubric).update(
        general_comment=GENERAL
    )
    draft = ScoreSheet.objects.get(session=session, evaluator=demo_event["evaluator3"], rubric=rubric)
    Score.objects.filter(sheet=draft, criterion=first).update(comment=DRAFT_ONLY)
    return demo_event


def feedback_url(data, kind, code="33.27") -> str:
    return reverse(f"evaluations:feedback_{kind}", args=[data["event"].pk, code])


@pytest.mark.django_db
def test_feedback_pdf_has_region_comments_and_no_evaluator_names(commented, en, tmp_path):
    en.force_login(commented["sekretariat"])

    response = en.get(feedback_url(commented, "pdf"))

    text = pdf_text(response.getvalue(), tmp_path)
    assert response["Content-Type"] == "application/pdf"
    assert "Kabupaten Pemalang" in text
    assert all(comment in text for comment in [*COMMENTS, GENERAL])
    assert DRAFT_ONLY not in text
    assert [name for name in EVALUATOR_NAMES if name in text] == []


@pytest.mark.django_db
def test_feedback_docx_has_region_comments_scores_and_no_evaluator_names(commented, en):
    en.force_login(commented["sekretariat"])

    response = en.get(feedback_url(commented, "docx"))

    text = docx_text(response.getvalue())
    feedback = reports.region_feedback(commented["event"], commented["pemalang"])
    assert "Kabupaten Pemalang" in text
    assert all(comment in text for comment in [*COMMENTS, GENERAL])
    assert DRAFT_ONLY not in text
    assert [name for name in EVALUATOR_NAMES if name in text] == []
    with translation.override("id"):  # the feedback is written in Indonesian: 77,19
        assert reports.format_score(feedback.final) in text
    assert feedback.rubrics[0].criteria[0].name in text


@pytest.mark.django_db
def test_feedback_criterion_means_over_submitted_sheets(commented):
    rubric = commented["event"].masterplan_rubric
    first = rubric.criteria.first()
    submitted = Score.objects.filter(
        sheet__session=commented["pemalang"], sheet__status=SheetStatus.SUBMITTED, criterion=first
    ).values_list("value", flat=True)

    feedback = reports.region_feedback(commented["event"], commented["pemalang"])

    row = feedback.rubrics[0].criteria[0]
    assert row.mean == (Decimal(sum(submitted)) / len(submitted)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert (row.count, sorted(row.comments)) == (2, sorted(COMMENTS))
    assert feedback.rank == next(
        r.rank for r in compute_results(commented["event"]) if r.region.code == "33.27"
    )


@pytest.mark.django_db
def test_feedback_prints_markup_in_comments_as_text_and_fetches_nothing(commented, tmp_path):
    sheet = ScoreSheet.objects.filter(session=commented["pemalang"], status=SheetStatus.SUBMITTED).first()
    Score.objects.filter(sheet=sheet).update(comment='<img src="http://example.invalid/x.png"> lihat tautan')

    feedback = reports.region_feedback(commented["event"], commented["pemalang"])
    text = pdf_text(reports.build_feedback_pdf(feedback), tmp_path)

    assert '<img src="http://example.invalid/x.png"> lihat tautan' in text
    from kotacerdas.core import pdf

    with pytest.raises(pdf.ExternalResourceRefused):
        pdf.refuse("http://example.invalid/x.png")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "before", "after"),
    [
        ("sekretariat", 200, 200),
        ("editor.pemalang", 404, 200),
        ("viewer.pemalang", 404, 200),
        ("editor.pekalongan", 404, 404),
        ("evaluator", 404, 404),
        ("mentor", 404, 404),
    ],
)
def test_feedback_access_by_role_before_and_after_publication(demo_event, en, who, before, after):
    en.force_login(demo_event[who])
    answers = []

    for kind in ["pdf", "docx"]:
        answers.append(en.get(feedback_url(demo_event, kind)).status_code)
    publish(demo_event)
    for kind in ["pdf", "docx"]:
        answers.append(en.get(feedback_url(demo_event, kind)).status_code)

    assert answers == [before, before, after, after]


@pytest.mark.django_db
def test_feedback_for_region_without_session_is_404(demo_event, en):
    en.force_login(demo_event["sekretariat"])

    assert en.get(feedback_url(demo_event, "pdf", code="11.01")).status_code == 404


@pytest.mark.django_db
def test_results_page_links_own_region_feedback_only(demo_event, en):
    publish(demo_event)
    en.force_login(demo_event["editor.pemalang"])

    html = en.get(results_url(demo_event)).content.decode()

    assert feedback_url(demo_event, "pdf") in html
    assert feedback_url(demo_event, "pdf", code="33.75") not in html


# -------------------------------------------------------------------------------------------------- XLSX


@pytest.mark.django_db
def test_scores_xlsx_has_every_score_row_and_neutralises_formulas(demo_event, en):
    sheet = ScoreSheet.objects.get(
        session=demo_event["pemalang"],
        evaluator=demo_event["evaluator"],
        rubric=demo_event["event"].masterplan_rubric,
    )
    Score.objects.filter(sheet=sheet, criterion=sheet.rubric.criteria.first()).update(
        comment='=HYPERLINK("http://example.invalid","klik")'
    )
    en.force_login(demo_event["sekretariat"])

    response = en.get(reverse("evaluations:scores_xlsx", args=[demo_event["event"].pk]))

    workbook = load_workbook(BytesIO(response.getvalue()))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header == (
        "Date",
        "Time",
        "Room",
        "Panel",
        "Region code",
        "Region",
        "Evaluator",
        "E-mail",
        "Rubric",
        "Criterion",
        "Weight",
        "Score",
        "n/a",
        "Comment",
        "Sheet status",
    )
    assert len(body) == Score.objects.filter(sheet__session__event=demo_event["event"]).count()
    pemalang = [r for r in body if r[4] == "33.27" and r[6] == "Ratna Kusumawati" and r[13]]
    assert [r[13] for r in pemalang] == ['\'=HYPERLINK("http://example.invalid","klik")']
    assert {r[14] for r in body} == {"Submitted", "Draft"}
    assert {r[1] for r in body if r[4] == "33.27"} == {"14:45–15:30 WIB"}
    totals = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert len(totals) - 1 == ScoreSheet.objects.filter(session__event=demo_event["event"]).count()


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "expected"), [("evaluator", 403), ("editor.pemalang", 403)])
def test_scores_xlsx_for_secretariat_only(demo_event, en, who, expected):
    en.force_login(demo_event[who])

    assert en.get(reverse("evaluations:scores_xlsx", args=[demo_event["event"].pk])).status_code == expected


@pytest.mark.django_db
def test_scores_xlsx_redirects_anonymous_to_login(demo_event, client):
    response = client.get(reverse("evaluations:scores_xlsx", args=[demo_event["event"].pk]))

    assert (response.status_code, "/accounts/login/" in response["Location"]) == (302, True)


def test_results_leave_out_sheets_of_evaluators_removed_from_the_panel(demo_event):
    from kotacerdas.evaluations.models import PanelMember
    from kotacerdas.evaluations.results import compute_results

    event = demo_event["event"]
    sibolga = event.sessions.get(participation__region__code="12.73")
    before = next(r for r in compute_results(event) if r.session.pk == sibolga.pk)
    PanelMember.objects.filter(panel=sibolga.panel, evaluator=demo_event["evaluator"]).delete()

    after = next(r for r in compute_results(event) if r.session.pk == sibolga.pk)

    assert [s.count for s in before.stats] == [3, 3]
    assert [s.count for s in after.stats] == [2, 2]
    assert all(e.pk != demo_event["evaluator"].pk for s in after.stats for e, _t in s.totals)
