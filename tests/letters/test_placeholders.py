"""Templates name only known placeholders, and filling never runs code (letters/placeholders.py)."""

import pytest
from django.core.exceptions import ValidationError

from kotacerdas.letters.models import LetterKind, LetterTemplate, NumberRegister
from kotacerdas.letters.placeholders import PLACEHOLDERS, fill, unbalanced_braces, unknown_placeholders
from kotacerdas.letters.seed import TEMPLATES, load_letter_templates

pytestmark = pytest.mark.usefixtures("english")


def test_unknown_placeholders_names_each_unknown_once_in_order():
    text = "{nama_daerah} {ruangan} {Nama} {ruangan} {jam_mulai} {nama daerah}"

    assert unknown_placeholders(text, "evaluation_invitation") == ["ruangan", "Nama", "nama daerah"]


def test_a_placeholder_of_another_kind_is_unknown():
    assert unknown_placeholders("{ruang}", "selection_decision") == ["ruang"]
    assert unknown_placeholders("{ruang}", "evaluation_invitation") == []


@pytest.mark.parametrize("text", ["{nama_daerah", "nama}", "{{nama_daerah}}", "}{"])
def test_unbalanced_braces_are_found(text):
    assert unbalanced_braces(text) is True


def test_fill_replaces_known_names_as_plain_text_and_never_formats():
    values = {"nama_daerah": "Kabupaten {x}", "x": "ganti"}

    text = fill("{nama_daerah} {nama_daerah.__class__} {0} {tidak_ada} {x!r}", values)

    assert text == "Kabupaten {x} {nama_daerah.__class__} {0} {tidak_ada} {x!r}"


@pytest.mark.django_db
def test_a_template_with_an_unknown_placeholder_is_refused_naming_it():
    template = LetterTemplate(
        kind=LetterKind.EVALUATION_INVITATION,
        letterhead="KEMENTERIAN",
        subject="Undangan",
        addressee="{jabatan_kepala_daerah}",
        body="Ruang: {ruangan}",
        signer_position="Direktur",
        signer_name="Nama",
    )

    with pytest.raises(ValidationError) as refused:
        template.full_clean()

    assert refused.value.message_dict == {"body": ["Unknown placeholder: {ruangan}."]}


@pytest.mark.django_db
def test_a_template_with_a_stray_brace_is_refused():
    template = LetterTemplate(
        kind=LetterKind.SELECTION_DECISION,
        letterhead="KEMENTERIAN",
        subject="Keputusan {tahun",
        signer_position="Direktur",
        signer_name="Nama",
    )

    with pytest.raises(ValidationError) as refused:
        template.full_clean()

    assert list(refused.value.message_dict) == ["subject"]


@pytest.mark.django_db
def test_every_starting_template_passes_its_check_and_loading_twice_adds_nothing():
    first = load_letter_templates()
    again = load_letter_templates()

    assert first == {"templates": 6, "registers": 6} and again == {"templates": 0, "registers": 0}
    for template in LetterTemplate.objects.all():
        assert template.full_clean() is None
    assert set(TEMPLATES) == set(PLACEHOLDERS) == set(LetterKind.values)


@pytest.mark.django_db
def test_loading_keeps_the_secretariats_edits():
    load_letter_templates()
    LetterTemplate.objects.filter(kind="event_report").update(closing="Diubah sekretariat.")

    load_letter_templates()

    assert LetterTemplate.objects.get(kind="event_report").closing == "Diubah sekretariat."


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("DJAI/{month_roman}/{year}", "must contain {seq}"),
        ("{seq}/{bulan}/{year}", "Unknown field in the pattern: {bulan}"),
        ("{seq}/{year", "A brace"),
    ],
)
def test_a_register_pattern_is_checked(pattern, problem):
    register = NumberRegister(kind="event_report", year=2031, pattern=pattern)

    with pytest.raises(ValidationError) as refused:
        register.clean()

    assert problem in refused.value.message_dict["pattern"][0]
