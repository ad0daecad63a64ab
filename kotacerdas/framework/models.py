from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.models import TimeStampedModel


class BilingualLabels(models.Model):
    """Indonesian and English label and definition; ``name``/``definition`` follow the active language."""

    name_id = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    definition_id = models.TextField(_("definition (Indonesian)"), max_length=2000, blank=True)
    definition_en = models.TextField(_("definition (English)"), max_length=2000, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id

    @property
    def definition(self) -> str:
        english = (get_language() or "id").startswith("en")
        return (self.definition_en if english else self.definition_id) or self.definition_id


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CURRENT = "current", _("Current")
    RETIRED = "retired", _("Retired")


class FrameworkVersionQuerySet(models.QuerySet):
    def current(self):
        return self.filter(status=VersionStatus.CURRENT).first()


class FrameworkVersion(TimeStampedModel):
    """One edition of the smart city framework. Masterplans point at a version, never at loose labels,
    so editing a new draft version leaves every older masterplan as it was written."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    source = models.TextField(_("source"), max_length=4000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("based on")
    )

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="current"), name="one_current_framework_version"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT


class Dimension(BilingualLabels):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="dimensions")
    code = models.CharField(_("code"), max_length=10)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="dimension_code_unique_in_version")
        ]


class Element(BilingualLabels):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="elements")
    code = models.CharField(_("code"), max_length=16)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["dimension__order", "order"]
        verbose_name = _("element")
        verbose_name_plural = _("elements")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="element_code_unique_in_dimension")
        ]


class ReadinessAspect(BilingualLabels):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="aspects")
    code = models.CharField(_("code"), max_length=20)
    is_optional = models.BooleanField(
        _("optional"),
        default=False,
        help_text=_("Optional aspects (nature, culture) are analysed when a region chooses."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("readiness aspect")
        verbose_name_plural = _("readiness aspects")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="aspect_code_unique_in_version")
        ]


class ReadinessLevel(BilingualLabels):
    """One step of the readiness scale. The guides' official scale is not in our hands (we lack their text), so the
    scale is data per version."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="readiness_levels")
    value = models.PositiveSmallIntegerField(_("value"))

    class Meta:
        ordering = ["version", "value"]
        verbose_name = _("readiness level")
        verbose_name_plural = _("readiness levels")
        constraints = [
            models.UniqueConstraint(fields=["version", "value"], name="level_value_unique_in_version")
        ]

    def __str__(self):
        return f"{self.value} · {self.name}"
