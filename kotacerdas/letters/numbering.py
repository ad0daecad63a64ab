"""Letter numbers: one register per kind and year, a running number taken only at finalisation.

``take_number`` is safe under concurrent finalisations on both databases: the first statement on the register's
row is an ``UPDATE … SET last_seq = last_seq + 1``, which takes PostgreSQL's row lock (a second transaction waits
for the first to commit and then reads its value) and SQLite's database write lock, before anything is read. The
value is read back after the update, inside the same transaction, so two finalisations never see the same number,
and a number once taken is never given again (a cancelled letter keeps it; a rolled-back transaction gives it
back with everything else it did).
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from kotacerdas.letters.models import DEFAULT_PATTERN, NUMBER_FIELD, NumberRegister

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def roman_month(month: int) -> str:
    return ROMAN_MONTHS[month - 1]


def format_number(pattern: str, seq: int, on_date: datetime.date) -> str:
    """The number ``pattern`` gives the ``seq``-th letter dated ``on_date``. Fields are replaced by regular
    expression, never by ``str.format``."""
    fields = {
        "seq": str(seq),
        "month_roman": roman_month(on_date.month),
        "month": f"{on_date.month:02d}",
        "year": str(on_date.year),
    }
    return NUMBER_FIELD.sub(lambda m: fields.get(m.group(1), m.group(0)), pattern)


def register_for(kind: str, year: int) -> NumberRegister:
    """The register of ``kind`` for ``year``; a new year's register takes the pattern of the kind's latest one."""
    register = NumberRegister.objects.filter(kind=kind, year=year).first()
    if register is not None:
        return register
    previous = NumberRegister.objects.filter(kind=kind).order_by("-year").first()
    pattern = previous.pattern if previous is not None else DEFAULT_PATTERN
    try:
        with transaction.atomic():
            return NumberRegister.objects.create(kind=kind, year=year, pattern=pattern)
    except IntegrityError:  # made at the same moment by a concurrent finalisation
        return NumberRegister.objects.get(kind=kind, year=year)


def take_number(kind: str, on_date: datetime.date) -> tuple[NumberRegister, int, str]:
    """Take the next number of ``kind`` in the year of ``on_date``: (register, running number, number text).
    Call inside the transaction that stores the number on the letter, so a failure gives the number back."""
    with transaction.atomic():
        register = register_for(kind, on_date.year)
        NumberRegister.objects.filter(pk=register.pk).update(last_seq=F("last_seq") + 1)
        register.refresh_from_db(fields=["last_seq", "pattern"])
        seq = register.last_seq
        return register, seq, format_number(register.pattern, seq, on_date)
