from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.models import TimeStampedModel


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")

    @property
    def abbreviation(self) -> str:
        return self.name


class Province(models.Model):
    code = models.CharField(_("Kemendagri code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    timezone = models.CharField(_("time zone"), max_length=32, choices=TimeZone.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class RegionKind(models.TextChoices):
    KABUPATEN = "kabupaten", _("Regency (kabupaten)")
    KOTA = "kota", _("City (kota)")


class RegionQuerySet(models.QuerySet):
    def search(self, query: str):
        query = (query or "").strip()
        if not query:
            return self
        return self.filter(
            Q(name__icontains=query) | Q(code__startswith=query) | Q(province__name__icontains=query)
        )


class Region(models.Model):
    """A kabupaten or kota, identified by its Kemendagri code (``33.27`` is Kabupaten Pemalang)."""

    code = models.CharField(_("Kemendagri code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=RegionKind.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regions", verbose_name=_("province")
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["kabupaten", "kota"]), name="region_kind_valid"),
        ]

    def __str__(self):
        return self.name

    @property
    def timezone(self) -> str:
        return self.province.timezone

    @property
    def timezone_abbreviation(self) -> str:
        return TimeZone(self.province.timezone).abbreviation


class Opd(TimeStampedModel):
    """A perangkat daerah: an agency of the regional government (e.g. Dinas Kominfo)."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="opds", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    head_name = models.CharField(_("head"), max_length=150, blank=True)
    head_title = models.CharField(_("head's title"), max_length=150, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regional agency (OPD)")
        verbose_name_plural = _("regional agencies (OPD)")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="opd_name_unique_in_region")]

    def __str__(self):
        return self.short_name or self.name


class MembershipRole(models.TextChoices):
    APPROVER = "approver", _("Approver")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


class RegionMembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(user__is_active=True)


class RegionMembership(TimeStampedModel):
    """A person's role in one region's team."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="region_memberships",
        verbose_name=_("user"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("region")
    )
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices)

    objects = RegionMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["region__code", "role", "user__full_name"]
        verbose_name = _("region membership")
        verbose_name_plural = _("region memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="one_membership_per_user_region"),
        ]

    def __str__(self):
        return f"{self.user} · {self.region} · {self.get_role_display()}"
