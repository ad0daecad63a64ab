from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kotacerdas.accounts.models import User
from kotacerdas.evaluations.models import Session
from kotacerdas.evaluations.overlap import (
    MasterplanText,
    Passage,
    Segment,
    compare_all,
    compare_masterplans,
    gather_masterplan_texts,
    gather_version_texts,
    normalise,
    shingles,
    tokenise,
    words,
)
from kotacerdas.masterplans.models import Masterplan, Section, Strategy
from kotacerdas.masterplans.services import create_masterplan, freeze_version
from kotacerdas.programmes.models import Participation
from tests.factories import MasterplanProgrammeFactory, StrategyFactory

COPIED = (
    "Kabupaten Pemalang terletak di pantai utara Jawa Tengah, di antara Kabupaten Tegal dan Kabupaten "
    "Pekalongan. Wilayahnya membentang dari pesisir Laut Jawa hingga lereng Gunung Slamet, sehingga memiliki "
    "potensi perikanan, pertanian, dan wisata alam."
)
UNRELATED = (
    "Kota ini berkembang sebagai pusat perdagangan rempah sejak abad keenam belas dan kini menjadi simpul "
    "logistik kawasan timur dengan pelabuhan peti kemas yang terus diperluas."
)


def mp(pk, region, *texts):
    return MasterplanText(
        pk=pk,
        region=region,
        cohort="Angkatan 2018",
        passages=[
            Passage(key=f"p:{i}", label=f"P{i}", part="profile", text=t) for i, t in enumerate(texts, 1)
        ],
    )


def marked(segments):
    return [s.text for s in segments if s.common]


# --- words and shingles -----------------------------------------------------------------------------------


def test_normalise_lowercases_strips_punctuation_and_collapses_spaces():
    text = "  Pemalang,  JAWA\tTengah!  (2019–2028) “cerdas”… "

    result = normalise(text)

    assert result == "pemalang jawa tengah 2019 2028 cerdas"


def test_tokenise_keeps_where_each_word_stands():
    text = "Ayo, Pemalang!"

    word_list, spans = tokenise(text)

    assert (word_list, [text[a:b] for a, b in spans]) == (["ayo", "pemalang"], ["Ayo", "Pemalang"])


def test_shingles_are_runs_of_five_words():
    six = words("satu dua tiga empat lima enam")

    result = shingles(six)

    assert len(result) == 2
    assert result == shingles(words("satu dua tiga empat lima")) | shingles(words("dua tiga empat lima enam"))


def test_shingles_ignore_case_and_punctuation_and_need_five_words():
    assert shingles(words("Satu, DUA tiga. Empat lima")) == shingles(words("satu dua tiga empat lima"))
    assert shingles(words("satu dua tiga empat")) == set()


# --- comparison on plain data -----------------------------------------------------------------------------


def test_compare_finds_copied_paragraph_and_marks_it():
    target = mp(1, "Alfa", "Pendahuluan singkat tentang wilayah kami yang indah.", COPIED)
    other = mp(2, "Beta", UNRELATED, "Kalimat pembuka milik Beta. " + COPIED + " Penutup milik Beta sendiri.")

    report = compare_masterplans(target, [other])

    [overlap] = report.overlaps
    [match] = overlap.matches
    assert (overlap.masterplan.region, match.target.key, match.other.key) == ("Beta", "p:2", "p:2")
    assert marked(match.target_segments) == [COPIED[:-1]]  # the final full stop lies outside the common words
    assert marked(match.other_segments) == [COPIED[:-1]]
    assert "".join(s.text for s in match.other_segments) == other.passages[1].text
    assert overlap.matched_words == len(words(COPIED))
    assert overlap.share == 33 / (33 + 7)  # seven words of the first passage are the target's own
    assert report.share == overlap.share > 0


def test_compare_does_not_report_unrelated_text():
    target = mp(1, "Alfa", COPIED)
    other = mp(2, "Beta", UNRELATED)

    report = compare_masterplans(target, [other])

    assert (report.overlaps, report.matched_words, report.compared) == ([], 0, 1)


def test_compare_does_not_report_short_common_phrase():
    phrase = "meningkatkan kualitas pelayanan publik berbasis elektronik"  # six words, one 5-gram in common
    target = mp(1, "Alfa", f"Program ini {phrase}.")  # 8 words: containment 1.0, but only 6 common
    other = mp(2, "Beta", f"Tujuan kami adalah {phrase} yang terpadu di seluruh kecamatan.")

    report = compare_masterplans(target, [other])

    assert report.overlaps == []


def test_compare_does_not_report_common_phrase_in_long_passages():
    phrase = "meningkatkan kualitas pelayanan publik berbasis elektronik di daerah"
    target = mp(1, "Alfa", f"{UNRELATED} Kami ingin {phrase}.")
    other = mp(2, "Beta", f"{COPIED} Kami ingin {phrase}.")

    report = compare_masterplans(target, [other])

    assert report.overlaps == []


def test_compare_keeps_best_passage_per_other_masterplan_and_sorts_by_share():
    half = " ".join(COPIED.split()[:15])
    target = mp(1, "Alfa", COPIED)
    beta = mp(2, "Beta", half, COPIED)
    gamma = mp(3, "Gamma", half + " dan seterusnya.")

    report = compare_masterplans(target, [gamma, beta])

    assert [(o.masterplan.region, [m.other.key for m in o.matches]) for o in report.overlaps] == [
        ("Beta", ["p:2"]),
        ("Gamma", ["p:1"]),
    ]
    assert report.overlaps[0].share == 1.0


def test_compare_all_compares_each_masterplan_with_the_others():
    alfa, beta, gamma = mp(1, "Alfa", COPIED), mp(2, "Beta", COPIED), mp(3, "Gamma", UNRELATED)

    reports = compare_all([alfa, beta, gamma])

    assert {pk: [o.masterplan.pk for o in r.overlaps] for pk, r in reports.items()} == {1: [2], 2: [1], 3: []}


def test_compare_all_agrees_with_compare_masterplans():
    half = " ".join(COPIED.split()[:15])
    plans = [
        mp(1, "Alfa", COPIED, UNRELATED),
        mp(2, "Beta", half, COPIED),
        mp(3, "Gamma", UNRELATED + " " + half),
    ]

    shared_index = compare_all(plans)
    one_by_one = {p.pk: compare_masterplans(p, plans) for p in plans}

    assert shared_index == one_by_one


def test_segments_leave_markup_as_plain_text():
    target = mp(1, "Alfa", "<b>" + COPIED)
    other = mp(2, "Beta", COPIED)

    [match] = compare_masterplans(target, [other]).overlaps[0].matches

    assert match.target_segments[0] == Segment("<b>", False)


# --- database ---------------------------------------------------------------------------------------------


def submit(masterplan, by=None, status="submitted"):
    """What a submission leaves behind: a frozen version of the text as it is now, and the status."""
    freeze_version(masterplan, by=by)
    Masterplan.objects.filter(pk=masterplan.pk).update(status=status)


@pytest.fixture
def copied(demo_event):
    """A second 2018 masterplan (Kota Denpasar, Panel 1 like Pemalang) that copies Pemalang's profile."""
    pemalang = Masterplan.objects.get(participation__region__code="33.27")
    participation = Participation.objects.get(cohort__year=2018, region__code="51.71")
    denpasar = create_masterplan(participation, by=demo_event["sekretariat"])
    Section.objects.filter(masterplan=denpasar, key="profile").update(
        body="Denpasar adalah ibu kota Provinsi Bali.\n\n" + pemalang.sections.get(key="profile").body
    )
    Section.objects.filter(masterplan=denpasar, key="introduction").update(body=UNRELATED)
    # The aid compares submitted versions only; drafts and unsubmitted revisions stay private to their region.
    submit(denpasar)
    submit(pemalang)
    session = demo_event["event"].sessions.get(participation=participation)
    return SimpleNamespace(**demo_event, target=pemalang, denpasar=denpasar, denpasar_session=session)


def overlap_url(session, **query):
    url = reverse("evaluations:session_overlap", args=[session.pk])
    return url + ("?scope=" + query["scope"] if query else "")


def test_gather_reads_each_kind_of_passage_with_its_label(copied):
    texts = {t.region: t for t in gather_masterplan_texts(list(Masterplan.objects.all()))}

    with translation.override("en"):
        pemalang = gather_masterplan_texts([copied.target])[0]

    labels = [p.label for p in pemalang.passages]
    assert labels[:3] == [
        "Introduction, paragraph 1",
        "Introduction, paragraph 2",
        "Regional profile, paragraph 1",
    ]
    assert any(label.startswith("SWOT, ") for label in labels)
    assert any(label.startswith("Gap analysis, ") for label in labels)
    assert any(label.startswith("Strategy 1, ") for label in labels)
    assert any(label.startswith("Programme 1, ") or label.startswith("Quick win 1, ") for label in labels)
    assert any(label == "Mission 1" for label in labels)
    assert any(label.startswith("Goal, ") for label in labels)
    assert labels[-1] == "Closing"
    strategy = Strategy.objects.filter(masterplan=copied.target).first()
    assert strategy.title in next(p.text for p in pemalang.passages if p.key == "strategy:1")
    assert [p.text for p in texts["Kota Denpasar"].passages] == [
        UNRELATED,
        "Denpasar adalah ibu kota Provinsi Bali.",
        *copied.target.sections.get(key="profile").body.split("\n\n"),
    ]


def test_session_overlap_shows_copied_paragraph_to_panel_evaluator(copied, client):
    client.force_login(copied.evaluator)
    paragraph = copied.target.sections.get(key="profile").body.split("\n\n")[0]

    response = client.get(overlap_url(copied.pemalang))

    assert response.status_code == 200
    report = response.context["report"]
    [row] = response.context["rows"]
    assert row["masterplan"] == copied.denpasar
    assert row["overlap"].share > 0
    assert [m.target.key for m in row["overlap"].matches] == ["section:profile:1", "section:profile:2"]
    assert report.matched_words == row["overlap"].matched_words
    content = response.content.decode()
    assert f"<mark>{paragraph[:-1]}</mark>" in content
    assert "Kota Denpasar" in content


def test_session_overlap_links_masterplans_only_for_users_who_may_open_them(copied, client):
    target_url = reverse("masterplans:overview", args=[copied.target.pk])
    other_url = reverse("masterplans:overview", args=[copied.denpasar.pk])
    client.force_login(copied.evaluator)

    as_evaluator = client.get(overlap_url(copied.pemalang)).content.decode()
    client.force_login(copied.sekretariat)
    as_secretariat = client.get(overlap_url(copied.pemalang)).content.decode()

    assert (target_url in as_evaluator, other_url in as_evaluator) == (False, False)
    assert overlap_url(copied.denpasar_session) in as_evaluator  # the other region's session on their panel
    # ... and both masterplans read-only through the sessions of their panel
    assert reverse("evaluations:session_masterplan", args=[copied.pemalang.pk]) in as_evaluator
    assert reverse("evaluations:session_masterplan", args=[copied.denpasar_session.pk]) in as_evaluator
    assert (target_url in as_secretariat, other_url in as_secretariat) == (True, True)


def test_session_overlap_escapes_script_in_masterplan_text(copied, client):
    Section.objects.filter(masterplan=copied.denpasar, key="profile").update(
        body="<script>alert('x')</script> " + copied.target.sections.get(key="profile").body
    )
    submit(copied.denpasar)
    client.force_login(copied.evaluator)

    response = client.get(overlap_url(copied.denpasar_session))

    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["rows"][0]["masterplan"] == copied.target
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content


def test_session_overlap_without_masterplan_says_so(demo_event, client):
    session = demo_event["event"].sessions.get(participation__region__code="12.71")
    client.force_login(demo_event["evaluator4"])

    response = client.get(overlap_url(session))

    assert (response.status_code, response.context["report"]) == (200, None)
    assert "belum memiliki masterplan" in response.content.decode()


@pytest.mark.parametrize("user", ["evaluator4", "editor.pemalang", "viewer.pemalang", "mentor"])
def test_session_overlap_other_users_get_404(copied, client, user):
    client.force_login(getattr(copied, user))

    response = client.get(overlap_url(copied.pemalang))

    assert response.status_code == 404


def test_session_overlap_secretariat_gets_200(copied, client):
    client.force_login(copied.sekretariat)

    response = client.get(overlap_url(copied.pemalang))

    assert response.status_code == 200
    assert response.context["rows"][0]["masterplan"] == copied.denpasar


def test_session_overlap_anonymous_is_sent_to_login(copied, client):
    response = client.get(overlap_url(copied.pemalang))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_session_overlap_scope_all_includes_other_cohorts(copied, client):
    later = Participation.objects.filter(cohort__year=2027).first()
    copier = create_masterplan(later, by=copied.sekretariat)
    Section.objects.filter(masterplan=copier, key="profile").update(body=COPIED)
    submit(copier)
    client.force_login(copied.evaluator)

    same_cohort = client.get(overlap_url(copied.pemalang))
    every_cohort = client.get(overlap_url(copied.pemalang, scope="all"))

    assert [r["masterplan"] for r in same_cohort.context["rows"]] == [copied.denpasar]
    assert {r["masterplan"] for r in every_cohort.context["rows"]} == {copied.denpasar, copier}


def test_masterplan_overlap_secretariat_gets_200(copied, client):
    client.force_login(copied.sekretariat)

    response = client.get(reverse("evaluations:masterplan_overlap", args=[copied.denpasar.pk]))

    assert response.status_code == 200
    assert [r["masterplan"] for r in response.context["rows"]] == [copied.target]


@pytest.mark.parametrize("user", ["editor.pemalang", "evaluator", "mentor"])
def test_masterplan_overlap_others_get_404(copied, client, user):
    client.force_login(getattr(copied, user))

    response = client.get(reverse("evaluations:masterplan_overlap", args=[copied.target.pk]))

    assert response.status_code == 404


def test_session_overlap_queries_do_not_grow_with_passages(copied, client):
    client.force_login(copied.evaluator)
    url = overlap_url(copied.pemalang)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        small_response = client.get(url)
    strategy = copied.target.strategies.first()
    for mp in (copied.target, copied.denpasar):
        copy = StrategyFactory(masterplan=mp, dimension=strategy.dimension, description=COPIED)
        for i in range(15):
            MasterplanProgrammeFactory(masterplan=mp, strategy=copy, description=f"{UNRELATED} Tahap {i}.")
        submit(mp)

    with CaptureQueriesContext(connection) as large:
        large_response = client.get(url)

    assert large_response.context["report"].match_count > small_response.context["report"].match_count + 15
    assert len(large) == len(small)


def test_session_overlap_hides_other_regions_drafts_from_evaluators(copied, client):
    copied.denpasar.versions.all().delete()  # never submitted
    Masterplan.objects.filter(pk=copied.denpasar.pk).update(status="draft")
    client.force_login(copied.evaluator)

    response = client.get(overlap_url(copied.pemalang))

    assert response.status_code == 200
    assert "Kota Denpasar" not in response.content.decode()


def test_a_frozen_version_reads_as_the_live_text_it_froze(copied):
    """gather_version_texts gives the same passages (keys, labels, parts, texts) as the live text at submission."""
    version = copied.target.versions.get()

    with translation.override("en"):
        frozen = gather_version_texts([version])[0]
        live = gather_masterplan_texts([Masterplan.objects.select_related(
            "participation__region", "participation__cohort").get(pk=copied.target.pk)])[0]  # fmt: skip

    assert (frozen.pk, frozen.region, frozen.cohort) == (live.pk, live.region, live.cohort)
    assert frozen.passages == live.passages
    assert len(frozen.passages) > 50


LEAK = "PENANDA-BOCOR-REVISI-4417"


def test_overlap_never_shows_the_live_text_of_a_masterplan_in_revision(copied, client):
    """Issue 20 #4: Denpasar was sent back for revision and its team wrote new text (with a marker) that matches
    passages of Pemalang and of a Panel 2 region. No evaluator of either panel, and not the secretariat, sees it:
    only Denpasar's submitted version is compared."""
    intro = max(copied.target.sections.get(key="introduction").body.split("\n\n"), key=len)
    panel_2 = (
        Session.objects.for_evaluator(copied.evaluator4).filter(participation__cohort__year=2018).first()
    )
    other = create_masterplan(panel_2.participation, by=copied.sekretariat)
    Section.objects.filter(masterplan=other, key="closing").update(body=intro)
    submit(other)
    Masterplan.objects.filter(pk=copied.denpasar.pk).update(status="revision_requested")
    Section.objects.filter(masterplan=copied.denpasar, key="closing").update(body=f"{LEAK} {intro}")
    users = [copied.sekretariat, *User.objects.filter(panels__event=copied.event).distinct().order_by("pk")]

    pages = {}
    for user in users:
        client.force_login(user)
        sessions = copied.event.sessions.all() if user.is_secretariat else Session.objects.for_evaluator(user)
        for session in sessions:
            for scope in ("cohort", "all"):
                response = client.get(overlap_url(session, scope=scope))
                if response.status_code == 200:
                    pages[(user.email, session.pk, scope)] = response.content.decode()

    assert len(users) == 7  # the secretariat and the six evaluators of both panels
    assert {email for email, _s, _scope in pages} == {u.email for u in users}
    assert [key for key, html in pages.items() if LEAK in html] == []
    # Denpasar's submitted profile (a copy of Pemalang's) is still compared, for Panel 1 and the secretariat.
    as_panel_1 = pages[(copied.evaluator.email, copied.pemalang.pk, "cohort")]
    assert "Kota Denpasar" in as_panel_1
    assert f"{LEAK}" not in as_panel_1
