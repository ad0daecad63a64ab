"""The one confirmation mechanism (core/confirm.py, core/confirm.html): a page that states the consequences and
changes nothing, a red "Ya, …" button that sends the same request again with confirm=yes, a "Batal" link back."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils.translation import gettext

from kotacerdas.core import confirm
from kotacerdas.programmes.models import Participation
from kotacerdas.regions.models import Opd
from tests.factories import OpdFactory, ParticipationFactory, RegionFactory, UserFactory


def _request(method="get", data=None):
    request = getattr(RequestFactory(), method)("/tindakan/", data or {})
    request.user = AnonymousUser()
    return request


@pytest.mark.parametrize(
    ("method", "data", "expected"),
    [
        ("get", {"confirm": "yes"}, False),  # a GET never acts, whatever it carries
        ("post", {}, False),
        ("post", {"confirm": "no"}, False),
        ("post", {"confirm": "yes"}, True),
    ],
)
def test_is_confirmed_only_for_a_post_with_confirm_yes(method, data, expected):
    assert confirm.is_confirmed(_request(method, data)) is expected


@pytest.mark.django_db
def test_ask_shows_title_consequences_red_button_and_cancel_link():
    response = confirm.ask(
        _request(),
        title="Terbitkan hasil Evaluasi 2018?",
        action="terbitkan hasil",
        consequences=["60 lembar nilai terkirim dihitung.", "", "12 dari 12 daerah mendapat peringkat."],
        warnings=["12 lembar nilai belum dikirim."],
        cancel_url="/evaluations/1/#results",
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="confirm-title" class="confirm__title">Terbitkan hasil Evaluasi 2018?</h1>' in html
    assert (
        '<ul class="confirm__list" id="confirm-consequences"><li>60 lembar nilai terkirim dihitung.</li>'
        "<li>12 dari 12 daerah mendapat peringkat.</li></ul>"
    ) in html
    assert '<p class="message message--error"><strong>12 lembar nilai belum dikirim.</strong></p>' in html
    assert (
        '<button type="submit" name="confirm" value="yes" class="button button--danger" id="confirm-yes">'
        "Ya, terbitkan hasil</button>"
    ) in html
    assert (
        '<a class="button button--secondary" href="/evaluations/1/#results" id="confirm-cancel">Batal</a>'
        in html
    )
    assert '<form method="post" action="/tindakan/" class="confirm__actions">' in html
    assert "Tindakan ini tidak dapat dibatalkan." in html


@pytest.mark.django_db
def test_ask_carries_the_fields_of_the_request_it_confirms():
    request = _request("post", {"status": "published", "note": "Siap <terbit>", "confirm": "no"})
    request.POST = request.POST.copy()
    request.POST["csrfmiddlewaretoken"] = "rahasia"

    response = confirm.ask(request, title="?", action="ubah", consequences=["x"], cancel_url="/")

    html = response.content.decode()
    assert '<input type="hidden" name="status" value="published">' in html
    assert '<input type="hidden" name="note" value="Siap &lt;terbit&gt;">' in html
    assert 'value="rahasia"' not in html
    assert 'name="confirm" value="no"' not in html


@pytest.mark.django_db
def test_ask_with_a_refusal_has_no_button_and_says_why():
    response = confirm.ask(
        _request(),
        title="Hapus ruang?",
        action="hapus",
        consequences=["tidak tampil"],
        refusal="6 sesi dijadwalkan di ruang ini.",
        cancel_url="/",
        irreversible=False,
    )

    html = response.content.decode()
    assert 'id="confirm-yes"' not in html
    assert (
        '<p class="message message--error" role="alert" id="confirm-refusal">6 sesi dijadwalkan di ruang ini.</p>'
        in html
    )
    assert "tidak tampil" not in html
    assert ">Kembali</a>" in html


@pytest.mark.django_db
def test_deletion_summary_names_the_rows_that_protect_the_object():
    region = RegionFactory()
    ParticipationFactory(region=region)

    summary = confirm.deletion_summary(region)

    assert summary.protected == [(Participation, 1)]
    assert confirm.deletion_refusal(summary) == (
        f"Tidak dapat dihapus: masih dipakai oleh 1 {gettext('participation')}. Ubah atau hapus dahulu."
    )


@pytest.mark.django_db
def test_deletion_summary_counts_cascades_and_unlinked_lists():
    mentor = UserFactory(is_mentor=True)
    participation = ParticipationFactory()
    participation.mentors.add(mentor)
    region = RegionFactory()
    OpdFactory(region=region)
    OpdFactory(region=region)

    unlinked = confirm.deletion_summary(mentor)
    cascaded = confirm.deletion_summary(region)

    assert [(f.name, n) for f, n in unlinked.unlinked] == [("mentors", 1)]
    assert confirm.deletion_consequences(unlinked) == [
        f"Dikeluarkan dari “{gettext('mentors')}” pada 1 {gettext('participations')}."
    ]
    assert (Opd, 2) in cascaded.cascaded
    assert f"Ikut terhapus: 2 {gettext('regional agencies (OPD)')}." in confirm.deletion_consequences(
        cascaded
    )
    assert cascaded.protected == []
