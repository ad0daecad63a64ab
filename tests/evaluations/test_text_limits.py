"""A score sheet's comments have a limit that the sheet states; an over-long comment is refused beside its
criterion, in Indonesian, with nothing stored and everything typed kept (issue 16 §4)."""

import pytest

from kotacerdas.evaluations.models import ScoreSheet
from tests.evaluations.test_scoring import all_values, form_data, masterplan_rubric, score_url, sheet_data

pytestmark = pytest.mark.django_db


def test_score_sheet_states_the_comment_limits(blank, client):
    client.force_login(blank["evaluator3"])

    html = client.get(score_url(blank["pemalang"])).content.decode()

    event = blank["event"]
    criteria = event.masterplan_rubric.criteria.count() + event.quick_win_rubric.criteria.count()
    assert html.count('<p class="help help--limit">Maks. 4.000 karakter</p>') == criteria + 2  # + 2 general


def test_over_long_comment_is_refused_beside_its_criterion_and_kept(blank, client):
    mp = masterplan_rubric(blank)
    first = mp.criteria.first()
    client.force_login(blank["evaluator3"])
    comment = "Catatan " + "x" * 4000

    response = client.post(
        score_url(blank["pemalang"]), sheet_data(form_data(mp, all_values(mp, 4), comments={first: comment}))
    )

    html = response.content.decode()
    fieldset = html.split(f'id="criterion-{first.pk}"')[1].split("</fieldset>")[0]
    assert (
        '<p class="error" role="alert">Pastikan nilai ini mengandung paling banyak 4000 karakter (sekarang 4008 karakter).</p>'
        in fieldset
    )
    assert f"\n{comment}</textarea>" in html
    assert ScoreSheet.objects.filter(session=blank["pemalang"], evaluator=blank["evaluator3"]).count() == 0
