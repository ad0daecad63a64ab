"""Official letters (naskah dinas) built from the programme's data: templates, number registers, letters, batches
and the send log.

A letter is prepared as a draft from a template and its subject (a region's session, a stage, a cohort, an event,
an award category); its placeholder values are computed from the data and refreshed while it is a draft. When it
is finalised it takes its number (from the register of its kind and year, or as given by the national e-office)
and its PDF and DOCX are frozen; then the signed scan is uploaded, then it is sent to the region's team. A
cancelled letter keeps its number and the reason. Every write is in ``letters/services.py``.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kotacerdas.core.models import TimeStampedModel
from kotacerdas.letters.placeholders import (
    PLACEHOLDERS,
    meant_names_hint,
    unbalanced_braces,
    unknown_names_message,
    unknown_placeholders,
)


class LetterKind(models.TextChoices):
    BIMTEK_INVITATION = "bimtek_invitation", _("Invitation to a bimtek stage")
    EVALUATION_INVITATION = "evaluation_invitation", _("Invitation to the evaluation")
    SELECTION_DECISION = "selection_decision", _("Decision on the selected regions")
    EVENT_REPORT = "event_report", _("Minutes of the evaluation event (berita acara)")
    AWARD_CERTIFICATE = "award_certificate", _("Award certificate (piagam)")
    QUICK_WIN_COMMITMENT = "quick_win_commitment", _("Quick-win commitment sheet")


# Kinds written to one region each (a batch prepares one letter per region); the others are one letter for the
# cohort or the event, addressed to the programme.
REGION_KINDS = {
    LetterKind.BIMTEK_INVITATION,
    LetterKind.EVALUATION_INVITATION,
    LetterKind.AWARD_CERTIFICATE,
    LetterKind.QUICK_WIN_COMMITMENT,
}

# How the files of each kind are named (in Indonesian, as the letters are).
FILE_PREFIXES = {
    LetterKind.BIMTEK_INVITATION: "undangan-bimtek",
    LetterKind.EVALUATION_INVITATION: "undangan-evaluasi",
    LetterKind.SELECTION_DECISION: "keputusan-penetapan",
    LetterKind.EVENT_REPORT: "berita-acara",
    LetterKind.AWARD_CERTIFICATE: "piagam",
    LetterKind.QUICK_WIN_COMMITMENT: "komitmen-quick-win",
}

# The template's parts in the order of the letter (and of its edit form).
TEMPLATE_FIELDS = (
    "letterhead",
    "place",
    "nature",
    "attachment",
    "subject",
    "addressee",
    "opening",
    "body",
    "closing",
    "signer_position",
    "signer_name",
    "signer_nip",
    "copies",
)
# The texts that may name placeholders: all but the signer's name and NIP.
TEMPLATE_TEXT_FIELDS = tuple(name for name in TEMPLATE_FIELDS if name not in ("signer_name", "signer_nip"))


class LetterTemplate(TimeStampedModel):
    """How the letters of one kind read: the secretariat edits it as data. Texts name values in braces
    (``{nama_daerah}``); an unknown name or a stray brace is refused when saved."""

    kind = models.CharField(_("kind"), max_length=30, choices=LetterKind.choices, unique=True)
    letterhead = models.TextField(
        _("letterhead"),
        max_length=1000,
        help_text=_("One line each: ministry, directorate general, address."),
    )
    place = models.CharField(_("place"), max_length=100, default="Jakarta")
    nature = models.CharField(pgettext_lazy("letter", "nature (sifat)"), max_length=50, default="Biasa")
    attachment = models.CharField(_("attachment (lampiran)"), max_length=200, blank=True)
    subject = models.CharField(_("subject (hal)"), max_length=300)
    addressee = models.TextField(
        _("addressee"), max_length=1000, blank=True, help_text=_("After “Yth.”; one line each.")
    )
    opening = models.TextField(_("opening"), max_length=4000, blank=True)
    body = models.TextField(pgettext_lazy("letter", "body"), max_length=8000, blank=True)
    closing = models.TextField(_("closing"), max_length=4000, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=200)
    signer_name = models.CharField(_("signer's name"), max_length=150)
    signer_nip = models.CharField(_("signer's NIP"), max_length=30, blank=True)
    copies = models.TextField(
        _("copies (tembusan)"), max_length=2000, blank=True, help_text=_("One per line.")
    )
    # Optimistic locking (core/concurrency.py): an edit saves only if nobody saved the template since it was opened.
    revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        super().clean()
        errors = {}
        for name in TEMPLATE_TEXT_FIELDS:
            text = getattr(self, name) or ""
            unknown = unknown_placeholders(text, self.kind)
            if unknown:
                errors[name] = unknown_names_message(unknown, PLACEHOLDERS.get(self.kind, {}))
            elif unbalanced_braces(text):
                errors[name] = _(
                    "A brace opens or closes no placeholder; write each placeholder as a name in braces."
                )
        if errors:
            raise ValidationError(errors)

    def copy_lines(self) -> list[str]:
        return [line.strip() for line in (self.copies or "").splitlines() if line.strip()]


NUMBER_FIELDS = ("seq", "month_roman", "month", "year")
NUMBER_FIELD = re.compile(r"\{([^{}]*)\}")
DEFAULT_PATTERN = "{seq}/DJAI.3/AI.03.01/{month_roman}/{year}"


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot number letters, or None."""
    names = NUMBER_FIELD.findall(pattern or "")
    unknown = [n for n in names if n not in NUMBER_FIELDS]
    if unknown:
        text = _(
            "Unknown field in the pattern: %(names)s. Allowed: {seq}, {month_roman}, {month}, {year}."
        ) % {"names": ", ".join("{" + n + "}" for n in unknown)}
        return text + meant_names_hint(unknown, NUMBER_FIELDS)
    rest = NUMBER_FIELD.sub("", pattern or "")
    if "{" in rest or "}" in rest:
        return _("A brace opens or closes no field; write fields as {seq}.")
    if "seq" not in names:
        return _("The pattern must contain {seq}, the letter's running number.")
    return None


class NumberRegister(TimeStampedModel):
    """The numbers of one kind of letter in one year: the pattern and the last running number taken."""

    kind = models.CharField(_("kind"), max_length=30, choices=LetterKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    pattern = models.CharField(
        _("pattern"),
        max_length=100,
        default=DEFAULT_PATTERN,
        help_text=_("Fields: {seq} (running number), {month_roman}, {month}, {year}."),
    )
    last_seq = models.PositiveIntegerField(_("last number taken"), default=0)

    class Meta:
        ordering = ["-year", "kind"]
        verbose_name = _("number register")
        verbose_name_plural = _("number registers")
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="one_register_per_kind_year")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}"

    def clean(self):
        super().clean()
        problem = pattern_problem(self.pattern)
        if problem:
            raise ValidationError({"pattern": problem})


class LetterStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("letter", "Draft")
    FINALISED = "finalised", pgettext_lazy("letter", "Finalised")
    SIGNED = "signed", pgettext_lazy("letter", "Signed")
    SENT = "sent", pgettext_lazy("letter", "Sent")
    CANCELLED = "cancelled", pgettext_lazy("letter", "Cancelled")


S = LetterStatus
# Each move and the permission it needs (held as decided in letters/rules.py). Preparing, editing and deleting
# a draft need ``letters.manage_letters``; a draft moves on only by finalisation.
ALLOWED_TRANSITIONS: dict[str, dict[str, str]] = {
    S.DRAFT: {S.FINALISED: "letters.finalise_letter"},
    S.FINALISED: {S.SIGNED: "letters.sign_letter", S.CANCELLED: "letters.cancel_letter"},
    S.SIGNED: {S.SENT: "letters.send_letter", S.CANCELLED: "letters.cancel_letter"},
    S.SENT: {},
    S.CANCELLED: {},
}
# What a region's team may read: its letters once signed.
TEAM_VISIBLE_STATUSES = (S.SIGNED, S.SENT)


class LetterQuerySet(models.QuerySet):
    def visible_to(self, user):
        """All letters for the secretariat; a region's team sees its region's letters once signed or sent;
        everybody else nothing."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_secretariat:
            return self
        return self.filter(region__memberships__user=user, status__in=TEAM_VISIBLE_STATUSES).distinct()


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class BatchAction(models.TextChoices):
    PREPARE = "prepare", _("Prepare drafts")
    FINALISE = "finalise", _("Finalise")


class LetterBatch(TimeStampedModel):
    """One action on the letters of every region of a cohort or an event, run as a background job with its
    progress, a ZIP of the PDFs, or a readable error (and a retry)."""

    kind = models.CharField(_("kind"), max_length=30, choices=LetterKind.choices)
    action = models.CharField(
        _("action"), max_length=10, choices=BatchAction.choices, default=BatchAction.PREPARE
    )
    cohort = models.ForeignKey(
        "programmes.Cohort",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letter_batches",
        verbose_name=_("cohort"),
    )
    stage = models.ForeignKey(
        "programmes.Stage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("stage"),
    )
    event = models.ForeignKey(
        "evaluations.EvaluationEvent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("evaluation event"),
    )
    award_category = models.ForeignKey(
        "evaluations.AwardCategory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("award category"),
    )
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    # For a finalising batch: the letters it finalises (ids, in order).
    letter_ids = models.JSONField(default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    total = models.PositiveIntegerField(_("letters"), default=0)
    done_count = models.PositiveIntegerField(_("letters done"), default=0)
    error = models.TextField(_("error"), max_length=4000, blank=True)
    zip_file = models.FileField(
        _("ZIP of the PDFs"), upload_to="letters/batches/%Y/", max_length=200, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("letter batch")
        verbose_name_plural = _("letter batches")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.get_action_display()} · {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)


class Letter(TimeStampedModel):
    """One letter: its kind, template and subject, the values filled into the template, its number and files."""

    kind = models.CharField(_("kind"), max_length=30, choices=LetterKind.choices)
    template = models.ForeignKey(
        LetterTemplate, on_delete=models.PROTECT, related_name="letters", verbose_name=_("template")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=LetterStatus.choices, default=LetterStatus.DRAFT
    )
    letter_date = models.DateField(_("letter date"))
    # The subject: which of these are set depends on the kind (letters/values.py).
    cohort = models.ForeignKey(
        "programmes.Cohort",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name=_("cohort"),
    )
    stage = models.ForeignKey(
        "programmes.Stage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("stage"),
    )
    event = models.ForeignKey(
        "evaluations.EvaluationEvent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("evaluation event"),
    )
    session = models.ForeignKey(
        "evaluations.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("session"),
    )
    participation = models.ForeignKey(
        "programmes.Participation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name=_("participation"),
    )
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name=_("region"),
    )
    award_category = models.ForeignKey(
        "evaluations.AwardCategory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("award category"),
    )
    # Placeholder values computed from the data at preparation, refreshed while a draft, frozen at finalisation.
    values = models.JSONField(_("values"), default=dict, blank=True)
    # Values typed in by hand on a draft; they win over the computed ones and survive a refresh.
    overrides = models.JSONField(_("values set by hand"), default=dict, blank=True)
    number = models.CharField(_("number"), max_length=100, blank=True)
    seq = models.PositiveIntegerField(_("running number"), null=True, blank=True)
    register = models.ForeignKey(
        NumberRegister, null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    number_given = models.BooleanField(
        _("number given by the e-office"),
        default=False,
        help_text=_("Typed in as given by the national e-office (SRIKANDI), not taken from the register."),
    )
    pdf = models.FileField(_("PDF"), upload_to="letters/%Y/", max_length=200, blank=True)
    docx = models.FileField(_("Word file"), upload_to="letters/%Y/", max_length=200, blank=True)
    signed_scan = models.FileField(
        _("signed scan"), upload_to="letters/signed/%Y/", max_length=200, blank=True
    )
    cancel_reason = models.TextField(_("reason for cancelling"), max_length=2000, blank=True)
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    batch = models.ForeignKey(
        LetterBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="letters"
    )
    revision = models.PositiveIntegerField(default=0, editable=False)

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["-letter_date", "-pk"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        constraints = [
            models.UniqueConstraint(fields=["register", "seq"], name="letter_seq_unique_in_register"),
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="letter_number_unique"),
        ]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self):
        label = self.number or pgettext_lazy("letter", "draft")
        return f"{self.get_kind_display()} · {self.addressed_to} · {label}"

    @property
    def addressed_to(self) -> str:
        """The region, or the cohort or event the letter is about."""
        subject = self.region or self.event or self.cohort
        return str(subject) if subject is not None else ""

    @property
    def is_draft(self) -> bool:
        return self.status == LetterStatus.DRAFT

    @property
    def is_frozen(self) -> bool:
        return self.status != LetterStatus.DRAFT

    def filename_stem(self) -> str:
        from django.utils.text import slugify

        number = slugify(self.number.replace("/", "-")) if self.number else f"draf-{self.pk}"
        return f"{FILE_PREFIXES.get(self.kind, self.kind)}-{slugify(self.addressed_to)}-{number}"[:150]


class Dispatch(models.Model):
    """One sending of a letter by e-mail: to whom, when, by whom, and whether the mail server took it."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="dispatches")
    recipients = models.JSONField(_("recipients"), default=list)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    ok = models.BooleanField(_("delivered to the mail server"), default=False)
    error = models.TextField(_("error"), max_length=4000, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")

    def __str__(self):
        return f"{self.letter} · {self.sent_at:%Y-%m-%d %H:%M}"
