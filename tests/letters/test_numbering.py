"""Letter numbers: a register per kind and year, taken at finalisation, never reused (letters/numbering.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kotacerdas.letters import numbering, services
from kotacerdas.letters.models import LetterKind, NumberRegister

pytestmark = pytest.mark.usefixtures("english")
K = LetterKind


@pytest.mark.parametrize(("month", "roman"), [(1, "I"), (4, "IV"), (9, "IX"), (12, "XII")])
def test_format_number_writes_the_month_in_roman(month, roman):
    day = datetime.date(2018, month, 3)

    text = numbering.format_number("{seq}/DJAI.3/AI.03.01/{month_roman}/{year}", 7, day)

    assert text == f"7/DJAI.3/AI.03.01/{roman}/2018"


def test_format_number_leaves_other_braces_as_typed():
    assert numbering.format_number("{seq}-{month}-{x}", 3, datetime.date(2018, 2, 1)) == "3-02-{x}"


@pytest.mark.django_db
def test_take_number_counts_up_per_kind_and_year():
    taken = [numbering.take_number(K.EVENT_REPORT, datetime.date(2031, 5, 2))[1:] for _ in range(3)]
    other_kind = numbering.take_number(K.AWARD_CERTIFICATE, datetime.date(2031, 5, 2))[1]
    next_year = numbering.take_number(K.EVENT_REPORT, datetime.date(2032, 1, 2))[1]

    assert [seq for seq, _text in taken] == [1, 2, 3]
    assert (other_kind, next_year) == (1, 1)


@pytest.mark.django_db
def test_a_new_years_register_takes_the_kinds_latest_pattern():
    NumberRegister.objects.create(kind=K.EVENT_REPORT, year=2030, pattern="BA-{seq}/{year}")

    register, seq, text = numbering.take_number(K.EVENT_REPORT, datetime.date(2031, 3, 1))

    assert (register.year, register.pattern, seq, text) == (2031, "BA-{seq}/{year}", 1, "BA-1/2031")


def _finalised(world, index):
    letter = services.prepare_letter(
        K.EVALUATION_INVITATION,
        session=world["sessions"][index],
        letter_date=world["date"],
        by=world["secretariat"],
    )
    return services.finalise_letter(letter, by=world["secretariat"])


def test_a_cancelled_letters_number_is_never_given_again(world):
    first = _finalised(world, 0)
    services.cancel_letter(first, reason="Salah tanggal.", by=world["secretariat"])

    again = _finalised(world, 0)  # a new letter about the same session
    other = _finalised(world, 1)

    assert [first.seq, again.seq, other.seq] == [1, 2, 3]
    assert len({first.number, again.number, other.number}) == 3


def test_a_given_number_is_kept_and_takes_nothing_from_the_register(world):
    letter = services.prepare_letter(
        K.EVALUATION_INVITATION, session=world["sessions"][0], by=world["secretariat"]
    )

    letter = services.finalise_letter(letter, by=world["secretariat"], given_number=" B-123/DJAI.3/2031 ")

    assert (letter.number, letter.number_given, letter.seq, letter.register) == (
        "B-123/DJAI.3/2031",
        True,
        None,
        None,
    )
    assert not NumberRegister.objects.filter(kind=K.EVALUATION_INVITATION, year=2031, last_seq__gt=0).exists()


def test_a_given_number_another_letter_has_is_refused(world):
    first = _finalised(world, 0)
    second = services.prepare_letter(
        K.EVALUATION_INVITATION, session=world["sessions"][1], by=world["secretariat"]
    )

    with pytest.raises(ValidationError, match="already used by another letter"):
        services.finalise_letter(second, by=world["secretariat"], given_number=first.number)
    second.refresh_from_db()
    assert (second.status, second.number) == ("draft", "")


def test_a_pattern_that_repeats_another_kinds_number_is_refused_and_takes_nothing(world):
    NumberRegister.objects.update_or_create(
        kind=K.BIMTEK_INVITATION,
        year=2031,
        defaults={"pattern": "{seq}/DJAI.3/AI.03.02/{month_roman}/{year}"},
    )
    _finalised(world, 0)
    letter = services.prepare_letter(
        K.BIMTEK_INVITATION,
        stage=world["stage"],
        participation=world["participations"][0],
        letter_date=world["date"],
        by=world["secretariat"],
    )

    with pytest.raises(ValidationError, match="another letter already has"):
        services.finalise_letter(letter, by=world["secretariat"])
    assert NumberRegister.objects.get(kind=K.BIMTEK_INVITATION, year=2031).last_seq == 0
