import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from kotacerdas.core.models import AuditEntry
from kotacerdas.framework.models import Dimension, Element, FrameworkVersion, ReadinessAspect, VersionStatus
from kotacerdas.framework.services import create_framework_version, load_framework_file, make_current_version
from tests.factories import FrameworkVersionFactory, UserFactory

pytestmark = pytest.mark.django_db


def row_counts() -> tuple[int, int, int, int]:
    return (
        FrameworkVersion.objects.count(),
        Dimension.objects.count(),
        Element.objects.count(),
        ReadinessAspect.objects.count(),
    )


def element_labels(version: FrameworkVersion) -> list[tuple[str, str, str]]:
    return list(
        Element.objects.filter(dimension__version=version)
        .order_by("dimension__order", "order")
        .values_list("code", "name_id", "name_en")
    )


def test_load_framework_file_creates_the_current_edition():
    version, created = load_framework_file()

    assert (version.code, version.status, created) == ("gmsc-2017", VersionStatus.CURRENT, True)
    assert list(version.dimensions.order_by("order").values_list("code", flat=True)) == [
        "GOV",
        "BRA",
        "ECO",
        "LIV",
        "SOC",
        "ENV",
    ]
    assert Element.objects.filter(dimension__version=version).count() == 18
    assert list(version.aspects.order_by("order").values_list("code", "is_optional")) == [
        ("struktur", False),
        ("infrastruktur", False),
        ("suprastruktur", False),
        ("alam", True),
        ("budaya", True),
    ]


def test_load_framework_file_gives_three_elements_per_dimension():
    version, _created = load_framework_file()

    counts = {d.code: d.elements.count() for d in version.dimensions.all()}

    assert counts == {"GOV": 3, "BRA": 3, "ECO": 3, "LIV": 3, "SOC": 3, "ENV": 3}


def test_load_framework_file_numbers_element_codes_within_dimension():
    version, _created = load_framework_file()

    labels = element_labels(version)[:3]

    assert labels == [
        ("GOV-1", "Layanan Publik", "Public Service"),
        ("GOV-2", "Tata Kelola Birokrasi", "Bureaucracy Management"),
        ("GOV-3", "Kebijakan Publik", "Public Policy"),
    ]


def test_load_framework_file_second_call_creates_nothing(framework):
    before = row_counts()

    version, created = load_framework_file()

    assert (version, created) == (framework, False)
    assert row_counts() == before == (1, 6, 18, 5)


def test_load_framework_file_does_not_replace_an_existing_current_version():
    other = FrameworkVersionFactory(status=VersionStatus.CURRENT)

    version, created = load_framework_file()

    assert (version.status, created) == (VersionStatus.DRAFT, True)
    assert FrameworkVersion.objects.get(status=VersionStatus.CURRENT) == other


def test_create_framework_version_copies_into_a_draft(framework):
    secretariat = UserFactory(is_secretariat=True)

    copy = create_framework_version(framework, code="gmsc-2027", title="Kerangka 2027", by=secretariat)

    assert (copy.code, copy.title, copy.status, copy.based_on, copy.source) == (
        "gmsc-2027",
        "Kerangka 2027",
        VersionStatus.DRAFT,
        framework,
        framework.source,
    )
    assert list(copy.dimensions.values_list("code", "name_id", "name_en", "definition_id", "order")) == list(
        framework.dimensions.values_list("code", "name_id", "name_en", "definition_id", "order")
    )
    assert element_labels(copy) == element_labels(framework)
    assert list(copy.aspects.values_list("code", "is_optional", "name_id", "order")) == list(
        framework.aspects.values_list("code", "is_optional", "name_id", "order")
    )
    assert row_counts() == (2, 12, 36, 10)


def test_create_framework_version_writes_audit_entry(framework):
    secretariat = UserFactory(is_secretariat=True)

    copy = create_framework_version(framework, code="gmsc-2027", title="Kerangka 2027", by=secretariat)

    assert list(AuditEntry.objects.values_list("action", "actor", "target_id", "new_value", "note")) == [
        ("framework.version_created", secretariat.pk, str(copy.pk), "gmsc-2027", "based on gmsc-2017")
    ]


def test_create_framework_version_edit_leaves_old_version_unchanged(framework):
    copy = create_framework_version(framework, code="gmsc-2027", title="Kerangka 2027", by=None)
    new_element = Element.objects.get(dimension__version=copy, code="GOV-1")

    new_element.name_id = "Layanan Publik Digital"
    new_element.save()

    old_element = Element.objects.get(dimension__version=framework, code="GOV-1")
    assert (old_element.name_id, old_element.name_en) == ("Layanan Publik", "Public Service")
    assert Element.objects.get(pk=new_element.pk).name_id == "Layanan Publik Digital"
    assert old_element.pk != new_element.pk


def test_create_framework_version_duplicate_code_raises_validation_error(framework):
    before = row_counts()

    with pytest.raises(ValidationError) as excinfo:
        create_framework_version(framework, code="gmsc-2017", title="Salinan", by=None)

    assert excinfo.value.message_dict == {"code": ["A framework version with this code already exists."]}
    assert row_counts() == before
    assert AuditEntry.objects.count() == 0


def test_make_current_version_retires_previous_and_writes_audit(framework):
    secretariat = UserFactory(is_secretariat=True)
    copy = create_framework_version(framework, code="gmsc-2027", title="Kerangka 2027", by=secretariat)

    make_current_version(copy, by=secretariat)

    framework.refresh_from_db()
    copy.refresh_from_db()
    assert (framework.status, copy.status) == (VersionStatus.RETIRED, VersionStatus.CURRENT)
    assert FrameworkVersion.objects.current() == copy
    assert list(
        AuditEntry.objects.filter(action="framework.made_current").values_list(
            "actor", "target_id", "field", "old_value", "new_value"
        )
    ) == [(secretariat.pk, str(copy.pk), "status", "draft", "current")]


def test_make_current_version_already_current_changes_nothing(framework):
    secretariat = UserFactory(is_secretariat=True)

    make_current_version(framework, by=secretariat)

    framework.refresh_from_db()
    assert framework.status == VersionStatus.CURRENT
    assert AuditEntry.objects.count() == 0


def test_make_current_version_retired_version_raises_validation_error(framework):
    secretariat = UserFactory(is_secretariat=True)
    copy = create_framework_version(framework, code="gmsc-2027", title="Kerangka 2027", by=secretariat)
    make_current_version(copy, by=secretariat)
    framework.refresh_from_db()
    audit_count = AuditEntry.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        make_current_version(framework, by=secretariat)

    assert excinfo.value.messages == [
        "A retired version cannot become current again; copy it into a new version."
    ]
    assert list(FrameworkVersion.objects.order_by("code").values_list("code", "status")) == [
        ("gmsc-2017", "retired"),
        ("gmsc-2027", "current"),
    ]
    assert AuditEntry.objects.count() == audit_count


def test_bilingual_name_follows_active_language(framework):
    element = Element.objects.get(dimension__version=framework, code="GOV-1")

    with translation.override("en"):
        english = (element.name, element.definition, str(element))
    with translation.override("id"):
        indonesian = (element.name, element.definition, str(element))

    assert english == (
        "Public Service",
        "Services to residents that are easy, fast and affordable.",
        "Public Service",
    )
    assert indonesian == (
        "Layanan Publik",
        "Pelayanan kepada warga yang mudah, cepat, dan terjangkau.",
        "Layanan Publik",
    )


def test_bilingual_definition_falls_back_to_indonesian(framework):
    aspect = ReadinessAspect.objects.get(version=framework, code="alam")
    aspect.definition_en = ""

    with translation.override("en"):
        definition = aspect.definition

    assert definition == aspect.definition_id != ""


def test_load_framework_command_reports_created_then_unchanged():
    first, second = io.StringIO(), io.StringIO()

    call_command("load_framework", stdout=first)
    call_command("load_framework", stdout=second)

    assert (first.getvalue(), second.getvalue()) == (
        "Framework version gmsc-2017: created.\n",
        "Framework version gmsc-2017: already present, left unchanged.\n",
    )
    assert row_counts() == (1, 6, 18, 5)


def test_load_framework_command_invalid_file_raises_command_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"code": "broken", "title": "Rusak"}', encoding="utf-8")

    with pytest.raises(CommandError) as excinfo:
        call_command("load_framework", "--file", str(path))

    assert str(excinfo.value) == f"Framework file {path} is not valid: KeyError('dimensions')"
    assert FrameworkVersion.objects.count() == 0
