import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kotacerdas.core.models import TimeStampedModel
from kotacerdas.core.periods import show_date


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


class BodyKind(models.TextChoices):
    """The two regional smart city bodies a decree of the head of region sets up."""

    COUNCIL = "council", _("Smart city council")
    TEAM = "team", _("Smart city implementation team")


class BodyRole(models.TextChoices):
    """A member's role in a body (kedudukan), in the order a decree lists them."""

    PATRON = "patron", _("Patron")
    STEERING = "steering", _("Steering")
    CHAIR = "chair", pgettext_lazy("role in a body", "Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    SECRETARY = "secretary", pgettext_lazy("role in a body", "Secretary")
    MEMBER = "member", pgettext_lazy("role in a body", "Member")

    @classmethod
    def rank(cls, value: str) -> int:
        return cls.values.index(value) if value in cls.values else len(cls.values)


class RegionalBodyQuerySet(models.QuerySet):
    def current_on(self, day: datetime.date):
        """Bodies whose period covers ``day``, the latest decree first."""
        return self.filter(
            Q(period_end__isnull=True) | Q(period_end__gte=day), period_start__lte=day
        ).order_by("-period_start", "-decree_date", "-pk")


class RegionalBody(TimeStampedModel):
    """A region's Dewan Smart City or Tim Pelaksana Smart City, as one decree of the head of region (SK
    Bupati/Wali Kota) sets it up. A new decree is a new row: the current body of a kind is the latest whose
    period covers today; the older ones stay as the record."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="bodies", verbose_name=_("region")
    )
    kind = models.CharField(_("body"), max_length=10, choices=BodyKind.choices)
    decree_number = models.CharField(_("decree number"), max_length=100)
    decree_date = models.DateField(_("decree date"))
    decree_signed_by = models.CharField(
        _("decree signed by"),
        max_length=150,
        help_text=_("The signatory's position, e.g. “Bupati Pemalang”."),
    )
    scan = models.FileField(_("scan of the decree"), upload_to="decrees/%Y/", max_length=200, blank=True)
    period_start = models.DateField(_("term starts"))
    period_end = models.DateField(
        _("term ends"), null=True, blank=True, help_text=_("Leave empty when the decree sets no end.")
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    # Optimistic locking (core/concurrency.py): a form saves only if nobody saved the body since it was opened.
    revision = models.PositiveIntegerField(default=0, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = RegionalBodyQuerySet.as_manager()

    class Meta:
        ordering = ["region", "kind", "-period_start", "-pk"]
        verbose_name = _("regional smart city body")
        verbose_name_plural = _("regional smart city bodies")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["council", "team"]), name="body_kind_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.decree_number}"

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(
                {
                    "period_end": _("The term cannot end before it starts (%(start)s).")
                    % {"start": show_date(self.period_start)}
                }
            )

    @property
    def has_scan(self) -> bool:
        return bool(self.scan)

    def covers(self, day: datetime.date) -> bool:
        return self.period_start <= day and (self.period_end is None or day <= self.period_end)

    def ordered_members(self) -> list:
        """The members in role order (Pembina first), then in the order given; reads prefetched members."""
        return sorted(self.members.all(), key=lambda m: (BodyRole.rank(m.role), m.order, m.pk))

    def members_by_role(self) -> list[tuple[str, list]]:
        """[(role label, members), ...] in role order, roles without members left out."""
        groups: dict[str, list] = {}
        for member in self.ordered_members():
            groups.setdefault(member.role, []).append(member)
        return [(BodyRole(role).label, people) for role, people in groups.items()]

    @property
    def chair(self):
        return next((m for m in self.ordered_members() if m.role == BodyRole.CHAIR), None)


# A civil servant's number (Nomor Induk Pegawai). Members of bodies, bimtek attendees and letter signers all carry
# one; they are read by one form field (regions/forms.py NipField) and the attendance import (normal_nip).
NIP_LENGTH = 18
NIP_VALIDATOR = RegexValidator(
    r"^[0-9]{18}$", _("A NIP has exactly 18 digits, for example 197001012000031001."), code="nip"
)


def normal_nip(text: str) -> str:
    """A NIP as people write it, in groups ("19700101 200003 1 001") or with dots, as its digits alone."""
    return "".join(str(text).split()).replace(".", "")


class BodyMember(models.Model):
    """One person in a regional body: name, position (jabatan) and role in the body (kedudukan)."""

    body = models.ForeignKey(
        RegionalBody, on_delete=models.CASCADE, related_name="members", verbose_name=_("body")
    )
    name = models.CharField(_("name"), max_length=150)
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        blank=True,
        validators=[NIP_VALIDATOR],
        help_text=_("Civil servant number, 18 digits; leave empty for members who are not civil servants."),
    )
    position = models.CharField(
        _("position"), max_length=200, help_text=_("Jabatan, e.g. “Kepala Dinas Kominfo”.")
    )
    role = models.CharField(_("role in the body"), max_length=12, choices=BodyRole.choices)
    opd = models.ForeignKey(
        Opd,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_members",
        verbose_name=_("regional agency (OPD)"),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Order within the same role.")
    )

    class Meta:
        ordering = ["body", "order", "pk"]
        verbose_name = _("member of a body")
        verbose_name_plural = _("members of a body")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["patron", "steering", "chair", "vice_chair", "secretary", "member"]),
                name="body_member_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} · {self.get_role_display()}"

    def clean(self):
        super().clean()
        if self.opd_id and self.body_id and self.opd.region_id != self.body.region_id:
            raise ValidationError({"opd": _("Choose an agency (OPD) of this body's region.")})
