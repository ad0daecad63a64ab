import pytest
from django.template import Context, Engine, Template, TemplateSyntaxError, engines
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory


def _template(source: str) -> Template:
    return engines["django"].from_string("{% load i18n kotacerdas %}" + source)


def test_a_part_is_rendered_once_per_state_and_extra_values():
    part = _template('{% statepart state "name" extra %}{{ shown }}{% endstatepart %}')

    assert part.render({"state": "v1", "extra": 1, "shown": "first"}) == "first"
    assert part.render({"state": "v1", "extra": 1, "shown": "second"}) == "first"  # kept
    assert part.render({"state": "v2", "extra": 1, "shown": "second"}) == "second"  # a new state
    assert part.render({"state": "v2", "extra": 2, "shown": "third"}) == "third"  # another extra value


def test_without_a_state_the_part_is_rendered_every_time():
    part = _template("{% statepart state %}{{ shown }}{% endstatepart %}")

    assert part.render({"state": "", "shown": "a"}) == "a"
    assert part.render({"state": "", "shown": "b"}) == "b"


def test_each_language_keeps_its_own_rendering():
    part = _template('{% statepart "s" %}{% translate "Log in" %}{% endstatepart %}')

    with translation.override("id"):
        indonesian = part.render({})
    with translation.override("en"):
        english = part.render({})

    assert (indonesian, english) == ("Masuk", "Log in")


def test_a_csrf_token_in_a_part_is_refused():
    with pytest.raises(TemplateSyntaxError, match="csrf_token"):
        _template("{% statepart 's' %}<form>{% csrf_token %}</form>{% endstatepart %}")


def test_a_csrf_token_from_an_included_template_is_refused_when_rendered():
    engine = Engine(
        libraries={"kotacerdas": "kotacerdas.core.templatetags.kotacerdas"},
        loaders=[("django.template.loaders.locmem.Loader", {"form.html": "<form>{% csrf_token %}</form>"})],
    )
    part = engine.from_string(
        "{% load kotacerdas %}{% statepart 's' %}{% include 'form.html' %}{% endstatepart %}"
    )

    with pytest.raises(TemplateSyntaxError, match="csrf_token"):
        part.render(Context({"csrf_token": "secret-token-of-one-user"}))


def _menu(response) -> str:
    return response.content.decode().split('<nav class="main-nav"')[1].split("</nav>")[0]


@pytest.mark.django_db
def test_each_menu_is_kept_apart(client):
    """The menu is kept per role: the secretariat's entries never reach the public or an evaluator."""
    audit_trail = f'href="{reverse("portal:audit_log")}"'
    public_news = f'href="{reverse("news:post_list")}"'

    client.force_login(UserFactory(is_secretariat=True))
    secretariat = _menu(client.get(reverse("portal:home")))
    client.logout()
    public = _menu(client.get(reverse("portal:home")))
    client.force_login(UserFactory(is_evaluator=True))
    evaluator = _menu(client.get(reverse("portal:home")))

    assert audit_trail in secretariat and public_news not in secretariat
    assert audit_trail not in public and public_news in public
    assert audit_trail not in evaluator and f'href="{reverse("evaluations:my_sessions")}"' in evaluator


@pytest.mark.django_db
def test_the_current_menu_entry_is_marked_per_page(client):
    client.force_login(UserFactory(is_secretariat=True))

    monitoring = _menu(client.get(reverse("monitoring:indicator_list")))
    home = _menu(client.get(reverse("portal:home")))

    assert f'href="{reverse("monitoring:home")}" aria-current="page">' in monitoring
    assert "aria-current" not in home
