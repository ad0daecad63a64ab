"""The indicator catalogue: the seed and its loader, the pages, who may add and edit, and leaks between regions."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kotacerdas.core.models import AuditEntry
from kotacerdas.framework.models import Dimension, Element
from kotacerdas.masterplans.demo import GOALS, STRATEGIES
from kotacerdas.monitoring.catalogue import (
    DEMO_PROGRAMME_CODES,
    demo_programme_code,
    load_indicators,
    seed_entries,
    u4ssc_path,
    u4ssc_structure,
)
from kotacerdas.monitoring.models import Direction, Indicator, IndicatorSource
from tests.factories import (
    CohortFactory,
    IndicatorFactory,
    ParticipationFactory,
    TrackedIndicatorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("monitoring:indicator_list")
CREATE = reverse("monitoring:indicator_create")
U4SSC_CODE = re.compile(r"^(EC|EN|SC):[A-Z]+:[A-Z]+:\d+[CA]$")


def _own(region, **fields):
    """An indicator of ``region``'s own."""
    return IndicatorFactory(source=IndicatorSource.REGION, region=region, **fields)


def _codes(response):
    return [i.code for i in response.context["page"]]


def _form_data(**fields):
    return {
        "code": "PML-TEST-01",
        "name_id": "Indikator uji",
        "name_en": "Test indicator",
        "definition": "",
        "unit": "%",
        "direction": Direction.HIGHER,
        "numerator": "",
        "denominator": "",
        "dimension_code": "",
        "element_code": "",
        "source": IndicatorSource.SNI_ISO_37122,
        "reference": "SNI ISO 37122:2019",
        **fields,
    }


def _errors(response, field):
    with translation.override("en"):
        return list(response.context["form"].errors[field])


# The seed and its loader


def test_load_indicators_twice_keeps_the_same_catalogue():
    first = load_indicators()
    count = Indicator.objects.count()

    second = load_indicators()

    assert Indicator.objects.count() == count == first.created == len(seed_entries())
    assert (second.created, second.updated, second.unchanged) == (0, 0, count)


def test_every_seeded_entry_names_its_source_and_reference():
    load_indicators()

    entries = list(Indicator.objects.values_list("code", "source", "reference", "region"))

    assert all(source in {IndicatorSource.U4SSC, IndicatorSource.PROGRAMME} for _c, source, _r, _g in entries)
    assert all(reference for _c, _s, reference, _g in entries)
    assert all(region is None for _c, _s, _r, region in entries)
    u4ssc = [(code, ref) for code, source, ref, _g in entries if source == IndicatorSource.U4SSC]
    assert [ref for _code, ref in u4ssc] == [f"ITU-T U4SSC KPIs (2017), {code}" for code, _ref in u4ssc]


def test_u4ssc_seed_codes_are_unique_well_formed_and_cover_the_three_dimensions():
    codes = [e["code"] for e in seed_entries() if e["source"] == IndicatorSource.U4SSC]

    assert len(codes) == len(set(codes))
    assert len(codes) >= 24
    assert [c for c in codes if not U4SSC_CODE.match(c) or u4ssc_path(c) is None] == []
    assert {c.split(":")[0] for c in codes} == {"EC", "EN", "SC"}


def test_u4ssc_structure_has_three_dimensions_seven_sub_dimensions_and_22_categories():
    structure = u4ssc_structure()

    subs = [s for d in structure for s in d["sub_dimensions"]]
    categories = {c["name_en"] for s in subs for c in s["categories"]}

    assert [d["name_en"] for d in structure] == ["Economy", "Environment", "Society and Culture"]
    assert len(subs) == 7
    assert len(categories) == 22


def test_u4ssc_path_names_dimension_sub_dimension_and_category():
    path = u4ssc_path("EN:EN:AQ:1C")

    assert [level["name_en"] for level in path] == ["Environment", "Environment", "Air Quality"]
    assert u4ssc_path("EN:XX:AQ:1C") is None
    assert u4ssc_path("PML-GOV-01") is None


def test_seeded_dimensions_and_elements_exist_in_the_current_framework(framework):
    dimensions = set(Dimension.objects.filter(version=framework).values_list("code", flat=True))
    elements = set(
        Element.objects.filter(dimension__version=framework).values_list("dimension__code", "code")
    )

    entries = seed_entries()

    assert [e["code"] for e in entries if e["dimension_code"] and e["dimension_code"] not in dimensions] == []
    assert [
        e["code"]
        for e in entries
        if e["element_code"] and (e["dimension_code"], e["element_code"]) not in elements
    ] == []


def test_every_indicator_of_the_demo_masterplan_has_a_catalogue_entry():
    load_indicators()
    demo_names = [name for _text, (name, *_rest) in GOALS.values()] + [
        f"Capaian {name.lower()}"
        for strategies in STRATEGIES.values()
        for _title, _element, programmes in strategies
        for name, *_rest, quick_win in programmes
        if quick_win
    ]

    codes = [DEMO_PROGRAMME_CODES.get(name) for name in demo_names]

    assert None not in codes
    assert sorted(codes) == sorted(DEMO_PROGRAMME_CODES.values())
    assert [demo_programme_code(name.upper()) for name in demo_names] == codes
    for name, code in zip(demo_names, codes, strict=True):
        indicator = Indicator.objects.get(code=code)
        assert (indicator.name_id.casefold(), indicator.source) == (
            name.casefold(),
            IndicatorSource.PROGRAMME,
        )


def test_load_indicators_puts_an_edited_seed_entry_back():
    load_indicators()
    Indicator.objects.filter(code="EC:P:EM:1C").update(name_id="Diubah", direction=Direction.HIGHER)

    result = load_indicators()

    indicator = Indicator.objects.get(code="EC:P:EM:1C")
    assert (result.updated, indicator.name_id, indicator.direction) == (1, "Tingkat pengangguran", "lower")


def test_load_indicators_leaves_a_regions_own_indicator_with_a_seeded_code_alone(teams):
    own = _own(teams.region_a, code="EC:P:EM:1C", name_id="Milik Alfa")

    result = load_indicators()

    own.refresh_from_db()
    assert result.conflicts == ("EC:P:EM:1C",)
    assert (own.region, own.source, own.name_id) == (teams.region_a, IndicatorSource.REGION, "Milik Alfa")


def test_load_indicators_command_reports_the_counts():
    out = io.StringIO()

    call_command("load_indicators", stdout=out)
    call_command("load_indicators", stdout=out)

    n = len(seed_entries())
    assert out.getvalue().splitlines() == [
        f"Indicators: {n} created, 0 updated, 0 unchanged.",
        f"Indicators: 0 created, 0 updated, {n} unchanged.",
    ]


# The list


@pytest.fixture
def listed(teams):
    IndicatorFactory(code="EC:ICT:ICT:1C", name_id="Akses internet rumah tangga", dimension_code="SOC")
    IndicatorFactory(
        code="EN:EN:AQ:1C", name_id="Pencemaran udara", dimension_code="ENV", direction=Direction.LOWER
    )
    IndicatorFactory(
        code="PML-GOV-01",
        name_id="Layanan perizinan daring",
        source=IndicatorSource.PROGRAMME,
        dimension_code="GOV",
    )
    _own(teams.region_a, code="ALFA-01", name_id="Internet desa Alfa", dimension_code="SOC")
    _own(teams.region_b, code="BETA-01", name_id="Internet desa Beta", dimension_code="SOC")
    return teams


def test_list_for_anonymous_shows_the_shared_catalogue_only(client, listed):
    response = client.get(LIST)

    assert response.status_code == 200
    assert _codes(response) == ["EC:ICT:ICT:1C", "EN:EN:AQ:1C", "PML-GOV-01"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"source": "programme"}, ["PML-GOV-01"]),
        ({"source": "region"}, ["ALFA-01"]),
        ({"dimension": "SOC"}, ["ALFA-01", "EC:ICT:ICT:1C"]),
        ({"q": "internet"}, ["ALFA-01", "EC:ICT:ICT:1C"]),
        ({"q": "en:en"}, ["EN:EN:AQ:1C"]),
        ({"q": "internet", "source": "u4ssc"}, ["EC:ICT:ICT:1C"]),
        ({"source": "nonsense"}, ["ALFA-01", "EC:ICT:ICT:1C", "EN:EN:AQ:1C", "PML-GOV-01"]),
    ],
)
def test_list_filters_for_region_a_editor(login, listed, query, expected):
    response = login(listed.editor_a).get(LIST, query)

    assert _codes(response) == expected


def test_list_htmx_request_returns_only_the_results(login, listed):
    response = login(listed.editor_a).get(LIST, {"q": "udara"}, HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert _codes(response) == ["EN:EN:AQ:1C"]
    assert content.lstrip().startswith('<div id="results">')
    assert "<form" not in content


def test_list_never_shows_another_regions_own_indicator(login, listed):
    response = login(listed.editor_b).get(LIST, {"source": "region"})

    assert _codes(response) == ["BETA-01"]
    assert "ALFA-01" not in response.content.decode()


def test_list_shows_the_secretariat_every_regions_own_indicator(login, listed):
    response = login(listed.secretariat).get(LIST, {"source": "region"})

    assert _codes(response) == ["ALFA-01", "BETA-01"]


def _add_indicators(teams, participation, numbers):
    """A tracked shared indicator and an own indicator of region A per number."""
    for _k in numbers:
        shared = IndicatorFactory(dimension_code="GOV")
        TrackedIndicatorFactory(participation=participation, indicator=shared)
        _own(teams.region_a)


@pytest.mark.parametrize("who", ["secretariat", "editor_a", "editor_b"])
def test_list_queries_do_not_grow_with_the_catalogue(login, teams, framework, who):
    client = login(getattr(teams, who))
    participation = ParticipationFactory(region=teams.region_a)
    _add_indicators(teams, participation, range(3))
    client.get(LIST)
    with CaptureQueriesContext(connection) as small:
        client.get(LIST)
    _add_indicators(teams, participation, range(3, 30))

    with CaptureQueriesContext(connection) as large:
        response = client.get(LIST)

    assert len(response.context["page"]) >= 30
    assert len(large.captured_queries) == len(small.captured_queries)


# The detail page


def test_detail_shows_definition_formula_unit_direction_source_and_framework_labels(client, teams, framework):
    indicator = IndicatorFactory(
        code="PML-LIV-01",
        name_id="Puskesmas dengan rekam medis elektronik",
        name_en="Community health centres with electronic medical records",
        definition="Persentase puskesmas yang memakai rekam medis elektronik.",
        numerator="Jumlah puskesmas dengan rekam medis elektronik",
        denominator="Jumlah seluruh puskesmas",
        source=IndicatorSource.PROGRAMME,
        reference="Masterplan Smart City Kabupaten Pemalang 2019–2028 (demo)",
        dimension_code="LIV",
        element_code="LIV-2",
    )
    first, later = CohortFactory(), CohortFactory()
    for participation in (
        ParticipationFactory(cohort=first, region=teams.region_a),
        ParticipationFactory(cohort=later, region=teams.region_a),
        ParticipationFactory(cohort=first, region=teams.region_b),
    ):
        TrackedIndicatorFactory(participation=participation, indicator=indicator)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("monitoring:indicator_detail", args=["PML-LIV-01"]))

    content = response.content.decode()
    assert response.status_code == 200
    assert (response.context["dimension"].code, response.context["element"].code) == ("LIV", "LIV-2")
    assert response.context["n_regions"] == 2
    assert response.context["may_edit"] is False
    for text in [
        "Persentase puskesmas yang memakai rekam medis elektronik.",
        "Jumlah puskesmas dengan rekam medis elektronik",
        "Jumlah seluruh puskesmas",
        "Higher is better",
        "Programme-specific",
        "Masterplan Smart City Kabupaten Pemalang 2019–2028 (demo)",
        "Smart Living",
        "Health",
    ]:
        assert text in content


def test_detail_of_a_seeded_u4ssc_kpi_names_its_u4ssc_category(client, framework):
    load_indicators()

    response = client.get(reverse("monitoring:indicator_detail", args=["EC:ICT:ICT:1C"]))

    assert [level["code"] for level in response.context["u4ssc_path"]] == ["EC", "ICT", "ICT"]
    assert response.context["u4ssc_core"] is True
    assert response.context["indicator"].numerator == "Jumlah rumah tangga dengan akses internet"


def test_detail_of_a_regions_own_indicator_is_404_outside_its_circle(client, login, teams):
    own = _own(teams.region_a)
    url = reverse("monitoring:indicator_detail", args=[own.code])

    anonymous = client.get(url).status_code
    other_team = login(teams.editor_b).get(url).status_code
    own_team = login(teams.viewer_a).get(url).status_code
    secretariat = login(teams.secretariat).get(url).status_code

    assert (anonymous, other_team, own_team, secretariat) == (404, 404, 200, 200)


def test_detail_of_a_regions_own_indicator_is_open_to_its_mentor(login, teams):
    own = _own(teams.region_a)
    mentor = UserFactory(is_mentor=True)
    ParticipationFactory(region=teams.region_a).mentors.add(mentor)

    response = login(mentor).get(reverse("monitoring:indicator_detail", args=[own.code]))

    assert response.status_code == 200


# Adding and editing


def test_secretariat_adds_a_shared_indicator(login, teams, framework):
    client = login(teams.secretariat)

    response = client.post(CREATE, _form_data(code=" sni-4.1 ", dimension_code="", element_code="GOV-1"))

    indicator = Indicator.objects.get(code="SNI-4.1")
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:indicator_detail", args=["SNI-4.1"])
    assert (indicator.source, indicator.region, indicator.created_by) == (
        IndicatorSource.SNI_ISO_37122,
        None,
        teams.secretariat,
    )
    assert (indicator.dimension_code, indicator.element_code) == ("GOV", "GOV-1")
    assert list(AuditEntry.objects.values_list("action", "new_value")) == [
        ("monitoring.indicator_created", "SNI-4.1")
    ]


def test_secretariat_form_offers_no_region_defined_source(login, teams, framework):
    response = login(teams.secretariat).get(CREATE)

    form = response.context["form"]
    assert "region" not in form.fields
    assert IndicatorSource.REGION not in [value for value, _label in form.fields["source"].choices]


def test_region_editor_adds_an_indicator_of_their_region(login, teams, framework):
    client = login(teams.editor_a)

    response = client.post(
        CREATE, _form_data(code="ALFA-02", source=IndicatorSource.U4SSC, region=teams.region_a.pk)
    )

    indicator = Indicator.objects.get(code="ALFA-02")
    assert response.status_code == 302
    assert (indicator.source, indicator.region, indicator.created_by) == (
        IndicatorSource.REGION,
        teams.region_a,
        teams.editor_a,
    )
    assert AuditEntry.objects.get().region_code == teams.region_a.code


def test_region_editor_cannot_add_an_indicator_for_another_region(login, teams, framework):
    response = login(teams.editor_a).post(CREATE, _form_data(code="BETA-02", region=teams.region_b.pk))

    assert response.status_code == 200
    assert list(response.context["form"].fields["region"].queryset) == [teams.region_a]
    assert "region" in response.context["form"].errors
    assert not Indicator.objects.filter(code="BETA-02").exists()


def test_viewer_and_mentor_may_not_add(login, teams):
    mentor = UserFactory(is_mentor=True)

    viewer = login(teams.viewer_a).get(CREATE).status_code
    mentoring = login(mentor).post(CREATE, _form_data()).status_code

    assert (viewer, mentoring) == (403, 403)
    assert not Indicator.objects.exists()


def test_anonymous_add_goes_to_login(client):
    response = client.get(CREATE)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("whose", "who", "expected"),
    [
        ("shared", "secretariat", 200),
        ("shared", "editor_a", 403),
        ("shared", "viewer_a", 403),
        ("own_a", "editor_a", 200),
        ("own_a", "viewer_a", 403),
        ("own_a", "secretariat", 403),
        ("own_a", "editor_b", 404),
    ],
)
def test_edit_rights(login, teams, framework, whose, who, expected):
    indicator = IndicatorFactory(code="EC:P:EM:1C") if whose == "shared" else _own(teams.region_a)

    response = login(getattr(teams, who)).get(reverse("monitoring:indicator_edit", args=[indicator.code]))

    assert response.status_code == expected


def test_other_regions_editor_cannot_post_an_edit(login, teams, framework):
    own = _own(teams.region_a, name_id="Asli")

    response = login(teams.editor_b).post(
        reverse("monitoring:indicator_edit", args=[own.code]),
        _form_data(name_id="Diubah", region=teams.region_b.pk),
    )

    own.refresh_from_db()
    assert response.status_code == 404
    assert (own.name_id, own.region) == ("Asli", teams.region_a)


def test_region_editor_edits_their_own_indicator_and_keeps_its_code(login, teams, framework):
    own = _own(teams.region_a, code="ALFA-01", name_id="Asli", unit="%")  # the form below keeps the unit

    response = login(teams.editor_a).post(
        reverse("monitoring:indicator_edit", args=[own.code]),
        _form_data(code="CHANGED", name_id="Diubah", region=teams.region_a.pk, dimension_code="SOC"),
    )

    own.refresh_from_db()
    assert response.status_code == 302
    assert (own.code, own.name_id, own.source, own.dimension_code) == (
        "ALFA-01",
        "Diubah",
        IndicatorSource.REGION,
        "SOC",
    )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.field) == (
        "monitoring.indicator_changed",
        "name_id, name_en, dimension_code, reference",
    )


# Form errors


def test_unknown_dimension_code_is_a_field_error(login, teams, framework):
    response = login(teams.secretariat).post(CREATE, _form_data(dimension_code="XYZ"))

    assert response.status_code == 200
    assert _errors(response, "dimension_code") == [
        "“XYZ” is not a dimension of the current framework version."
    ]
    assert not Indicator.objects.exists()


def test_element_of_another_dimension_is_a_field_error(login, teams, framework):
    response = login(teams.secretariat).post(CREATE, _form_data(dimension_code="GOV", element_code="ENV-2"))

    assert _errors(response, "element_code") == ["This element belongs to another dimension."]


def test_duplicate_code_is_a_field_error_whatever_the_case(login, teams, framework):
    IndicatorFactory(code="PML-TEST-01")

    response = login(teams.secretariat).post(CREATE, _form_data(code="pml-test-01"))

    assert _errors(response, "code") == ["Another indicator already uses this code."]
    assert Indicator.objects.count() == 1


def test_code_with_other_signs_is_a_field_error(login, teams, framework):
    response = login(teams.secretariat).post(CREATE, _form_data(code="PML/01"))

    assert _errors(response, "code") == [
        "Use capital letters, digits and the signs : . _ - only, e.g. “PML-GOV-01”."
    ]
