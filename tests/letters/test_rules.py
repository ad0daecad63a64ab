"""Who holds the letters' permissions (letters/rules.py): the secretariat everything; a region's team reads its
region's letters once signed or sent, with any role; nobody else anything."""

import pytest

from kotacerdas.letters.models import LetterStatus
from tests.factories import UserFactory
from tests.letters.test_views import World, draft, make_world, signed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def w(db) -> World:
    return make_world()


MOVES = ["letters.finalise_letter", "letters.sign_letter", "letters.send_letter", "letters.cancel_letter"]


def test_secretariat_holds_every_letters_permission(w):
    letter = draft(w, w.session_a)

    assert w.secretariat.has_perm("letters.manage_letters")
    assert w.secretariat.has_perm("letters.view_letter", letter)
    assert all(w.secretariat.has_perm(perm, letter) for perm in MOVES)


def test_inactive_secretariat_holds_none(w):
    letter = draft(w, w.session_a)
    w.secretariat.is_active = False

    assert not w.secretariat.has_perm("letters.manage_letters")
    assert not w.secretariat.has_perm("letters.view_letter", letter)


@pytest.mark.parametrize("who", ["editor_a", "viewer_a"])
def test_region_team_reads_its_signed_and_sent_letters_only(w, who):
    user = getattr(w, who)
    own = signed(w, w.session_a)
    other = signed(w, w.session_b)

    readable = {status: None for status in LetterStatus.values}
    for status in LetterStatus.values:
        own.status = status
        readable[status] = user.has_perm("letters.view_letter", own)

    assert readable == {"draft": False, "finalised": False, "signed": True, "sent": True, "cancelled": False}
    assert not user.has_perm("letters.view_letter", other)
    assert not user.has_perm("letters.manage_letters")
    own.status = LetterStatus.SIGNED
    assert not any(user.has_perm(perm, own) for perm in MOVES)


@pytest.mark.parametrize("who", ["mentor_a", "evaluator"])
def test_mentor_and_evaluator_hold_no_letters_permission(w, who):
    user = getattr(w, who)
    letter = signed(w, w.session_a)

    assert not user.has_perm("letters.manage_letters")
    assert not user.has_perm("letters.view_letter", letter)
    assert not any(user.has_perm(perm, letter) for perm in MOVES)


def test_anonymous_and_a_stranger_hold_nothing(w):
    from django.contrib.auth.models import AnonymousUser

    letter = signed(w, w.session_a)

    for user in (AnonymousUser(), UserFactory()):
        assert not user.has_perm("letters.view_letter", letter)
        assert not user.has_perm("letters.manage_letters")
