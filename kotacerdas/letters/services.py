"""What changes a letter: preparing drafts (one, or a batch in the background), finalising (the number is taken and
the PDF and Word file frozen), the signed scan, sending, cancelling. Every write of the letters app is here, with
its audit entry.

The moves and the permission each needs are ``ALLOWED_TRANSITIONS`` (letters/models.py); who holds them is decided
in letters/rules.py. Preparing, editing and deleting drafts and running batches need ``letters.manage_letters``.
"""

import io
import logging
import uuid
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kotacerdas.core import audit
from kotacerdas.core.concurrency import StaleEditError, save_if_unchanged
from kotacerdas.core.scans import scan_extension
from kotacerdas.letters import numbering, render
from kotacerdas.letters.models import (
    ALLOWED_TRANSITIONS,
    TEMPLATE_TEXT_FIELDS,
    BatchAction,
    Dispatch,
    JobStatus,
    Letter,
    LetterBatch,
    LetterKind,
    LetterStatus,
    LetterTemplate,
    NumberRegister,
)
from kotacerdas.letters.placeholders import PLACEHOLDER, PLACEHOLDERS, values_for
from kotacerdas.programmes.models import SELECTED_STATUSES
from kotacerdas.regions.models import RegionMembership

logger = logging.getLogger(__name__)

S = LetterStatus
MANAGE = "letters.manage_letters"
K = LetterKind


def _require(by, perm: str, obj=None) -> None:
    allowed = by is not None and (by.has_perm(perm, obj) if obj is not None else by.has_perm(perm))
    if not allowed:
        raise ValidationError(_("Your role does not allow this step."), code="permission")


def _status_label(value: str) -> str:
    try:
        return LetterStatus(value).label
    except ValueError:
        return value


def _about(letter: Letter, *, by, old="", new="", note="", field="status") -> dict:
    """The audit entry's details for a move of ``letter`` (the action stays a literal at each call, so the audit
    label check finds it)."""
    return {
        "target": letter,
        "by": by,
        "field": field,
        "old": old,
        "new": new,
        "note": note,
        "region_code": letter.region.code if letter.region_id else "",
    }


def _move_allowed(letter: Letter, new: str, by) -> None:
    allowed = ALLOWED_TRANSITIONS.get(letter.status, {})
    if new not in allowed:
        raise ValidationError(
            _("A letter cannot move from “%(old)s” to “%(new)s”.")
            % {"old": _status_label(letter.status), "new": _status_label(new)}
        )
    _require(by, allowed[new], letter)


def _locked(letter: Letter) -> Letter:
    return (
        Letter.objects.select_for_update(of=("self",)).select_related("template", "region").get(pk=letter.pk)
    )


# ------------------------------------------------------------------------------------------------ subjects


def subject_of(kind: str, **given) -> dict:
    """The complete subject of a letter of ``kind`` from what was given (a session gives its event and
    participation, a participation its region and cohort …), or a ValidationError naming what is missing."""
    session, participation = given.get("session"), given.get("participation")
    stage, event, cohort = given.get("stage"), given.get("event"), given.get("cohort")
    region, category = given.get("region"), given.get("award_category")
    if session is not None:
        event, participation = session.event, session.participation
    if category is not None:
        event = category.event
    if participation is not None:
        region, cohort = participation.region, participation.cohort
    if stage is not None:
        cohort = stage.cohort
    if event is not None:
        cohort = event.cohort
    if region is not None and participation is None and cohort is not None:
        participation = cohort.participations.filter(region=region).first()
    if (
        kind == K.EVALUATION_INVITATION
        and session is None
        and event is not None
        and participation is not None
    ):
        session = event.sessions.filter(participation=participation).first()
    needed = {
        K.BIMTEK_INVITATION: {"stage": stage, "participation": participation},
        K.EVALUATION_INVITATION: {"event": event, "participation": participation},
        K.SELECTION_DECISION: {"cohort": cohort},
        K.EVENT_REPORT: {"event": event},
        K.AWARD_CERTIFICATE: {"award_category": category, "region": region},
        K.QUICK_WIN_COMMITMENT: {"participation": participation},
    }[kind]
    missing = [name for name, value in needed.items() if value is None]
    if missing:
        raise ValidationError(
            _("A letter of this kind needs: %(names)s.") % {"names": ", ".join(missing)}, code="subject"
        )
    return {
        "cohort": cohort,
        "stage": stage,
        "event": event,
        "session": session,
        "participation": participation,
        "region": region,
        "award_category": category,
    }


# The fields that say two letters of a kind are about the same thing (one live letter each).
SAME_SUBJECT = {
    K.BIMTEK_INVITATION: ("stage", "participation"),
    K.EVALUATION_INVITATION: ("event", "participation"),
    K.SELECTION_DECISION: ("cohort",),
    K.EVENT_REPORT: ("event",),
    K.AWARD_CERTIFICATE: ("award_category", "region"),
    K.QUICK_WIN_COMMITMENT: ("participation",),
}


def letters_about(kind: str, subject: dict):
    return Letter.objects.filter(kind=kind, **{name: subject[name] for name in SAME_SUBJECT[kind]})


def _template(kind: str) -> LetterTemplate:
    template = LetterTemplate.objects.filter(kind=kind).first()
    if template is None:
        raise ValidationError(
            _("There is no template for “%(kind)s” yet.") % {"kind": LetterKind(kind).label}, code="template"
        )
    return template


def _render_files(letter: Letter, *, pdf: bool = True, docx: bool = True) -> None:
    """Render the letter's PDF and Word file from its values into its file fields (not saved to the row)."""
    stem = letter.filename_stem()
    for name, wanted, build, ext in (
        ("pdf", pdf, render.letter_pdf, "pdf"),
        ("docx", docx, render.letter_docx, "docx"),
    ):
        if not wanted:
            continue
        data = build(letter)
        fieldfile = getattr(letter, name)
        if fieldfile:
            fieldfile.delete(save=False)
        fieldfile.save(f"{stem}.{ext}", ContentFile(data), save=False)


@transaction.atomic
def prepare_letter(
    kind: str,
    *,
    by,
    cohort=None,
    stage=None,
    event=None,
    session=None,
    participation=None,
    region=None,
    award_category=None,
    letter_date=None,
    batch: LetterBatch | None = None,
    files: bool = True,
) -> Letter:
    """A draft of ``kind`` about the subject given, its values computed from the data and (with ``files``) its
    draft PDF and Word file rendered, marked as a draft. An existing draft about the same subject is refreshed
    rather than doubled; a finalised, signed or sent letter about it is refused (cancel it first)."""
    _require(by, MANAGE)
    subject = subject_of(
        kind,
        cohort=cohort,
        stage=stage,
        event=event,
        session=session,
        participation=participation,
        region=region,
        award_category=award_category,
    )
    existing = letters_about(kind, subject).exclude(status=S.CANCELLED).order_by("-pk")
    live = existing.exclude(status=S.DRAFT).first()
    if live is not None:
        raise ValidationError(
            _("There is already a letter about this with the number %(number)s (%(status)s).")
            % {"number": live.number, "status": live.get_status_display()},
            code="live",
        )
    letter = existing.select_for_update().first()
    created = letter is None
    if created:
        letter = Letter(kind=kind, template=_template(kind), letter_date=letter_date or timezone.localdate())
    elif letter_date:
        letter.letter_date = letter_date
    for name, value in subject.items():
        setattr(letter, name, value)
    if batch is not None:
        letter.batch = batch
    letter.values = values_for(letter)
    if created:
        letter.save()
    if files:
        _render_files(letter)
    letter.save()
    if created:
        audit.record("letter.prepared", **_about(letter, by=by, new=S.DRAFT))
    return letter


@transaction.atomic
def refresh_letter(letter: Letter, *, by, files: bool = True) -> Letter:
    """Compute a draft's values from the data again (a session moved, an agency renamed) and render it again."""
    _require(by, MANAGE)
    letter = _locked(letter)
    if not letter.is_draft:
        raise ValidationError(_("Only a draft changes; this letter is frozen."), code="frozen")
    if letter.kind == K.EVALUATION_INVITATION and letter.event_id and letter.participation_id:
        letter.session = letter.event.sessions.filter(participation_id=letter.participation_id).first()
    letter.values = values_for(letter)
    if files:
        _render_files(letter)
    letter.save()
    return letter


@transaction.atomic
def update_letter(letter: Letter, *, overrides: dict, expected_revision: int, letter_date=None, by) -> Letter:
    """Set values of a draft by hand (``overrides``: placeholder name → text; an empty text gives the name back to
    the data). Refused once the letter is finalised, for a name its kind does not know, or when somebody saved the
    letter since it was opened (core/concurrency.StaleEditError)."""
    _require(by, MANAGE)
    current = _locked(letter)
    if not current.is_draft:
        raise ValidationError(
            _("A finalised letter cannot be edited; cancel it and prepare a new one."), code="frozen"
        )
    known = PLACEHOLDERS[current.kind]
    unknown = [name for name in overrides if name not in known or name == "nomor"]
    if unknown:
        raise ValidationError(
            _("Unknown placeholder: %(names)s.") % {"names": ", ".join(unknown)}, code="unknown"
        )
    kept = {**(current.overrides or {})}
    for name, text in overrides.items():
        text = (text or "").strip()
        if text:
            kept[name] = text[:2000]
        else:
            kept.pop(name, None)
    current.overrides = kept
    if letter_date:
        current.letter_date = letter_date
    current.values = values_for(current)
    _render_files(current)
    save_if_unchanged(
        current,
        expected_revision=expected_revision,
        fields=["overrides", "values", "letter_date", "pdf", "docx", "updated_at"],
    )
    audit.record("letter.edited", **_about(current, by=by, field="values", new=", ".join(sorted(overrides))))
    return current


@transaction.atomic
def delete_letter(letter: Letter, *, by) -> None:
    """Delete a draft (it has no number yet); anything finalised stays, cancelled at most."""
    _require(by, MANAGE)
    current = _locked(letter)
    if not current.is_draft:
        raise ValidationError(
            _("Only a draft can be deleted; cancel a finalised letter instead."), code="frozen"
        )
    audit.record("letter.deleted", **_about(current, by=by, old=S.DRAFT))
    for fieldfile in (current.pdf, current.docx):
        if fieldfile:
            fieldfile.delete(save=False)
    current.delete()


# ------------------------------------------------------------------------------------------------ moves


def missing_values(letter: Letter) -> list[str]:
    """Placeholders the template names that have no value for this letter (before its number)."""
    values = letter.values or {}
    missing = []
    for name in TEMPLATE_TEXT_FIELDS:
        for placeholder in PLACEHOLDER.findall(getattr(letter.template, name) or ""):
            if placeholder == "nomor":
                continue
            if not str(values.get(placeholder) or "").strip() and placeholder not in missing:
                missing.append(placeholder)
    return missing


@transaction.atomic
def finalise_letter(letter: Letter, *, by, given_number: str = "") -> Letter:
    """Finalise a draft: its values are computed a last time and frozen, it takes its number (the next of its
    register, or ``given_number`` as given by the national e-office, refused when another letter has it), and its
    PDF and Word file are rendered and frozen."""
    current = _locked(letter)
    _move_allowed(current, S.FINALISED, by)
    if current.kind == K.EVALUATION_INVITATION and current.event_id and current.participation_id:
        current.session = current.event.sessions.filter(participation_id=current.participation_id).first()
    current.values = values_for(current)
    missing = missing_values(current)
    if missing:
        raise ValidationError(
            _("The letter still lacks values for: %(names)s.")
            % {"names": ", ".join("{" + n + "}" for n in missing)},
            code="missing",
        )
    given_number = " ".join((given_number or "").split())
    if given_number:
        if len(given_number) > Letter._meta.get_field("number").max_length:
            raise ValidationError(_("The number is too long."), code="number")
        # SRIKANDI's numbers are one number whatever their case: "b-12/djai.3" is B-12/DJAI.3 typed again.
        used = Letter.objects.filter(number__iexact=given_number).exclude(pk=current.pk).first()
        if used is not None:
            raise ValidationError(
                _("The number %(number)s is already used by another letter.") % {"number": used.number},
                code="number_used",
            )
        current.number, current.number_given, current.register, current.seq = given_number, True, None, None
    else:
        register, seq, text = numbering.take_number(current.kind, current.letter_date)
        if Letter.objects.filter(number__iexact=text).exclude(pk=current.pk).exists():
            raise ValidationError(
                _(
                    "The register's pattern gives %(number)s, which another letter already has; "
                    "change the pattern of the register %(register)s."
                )
                % {"number": text, "register": register},
                code="number_used",
            )
        current.number, current.number_given, current.register, current.seq = text, False, register, seq
    current.values = {**current.values, "nomor": current.number}
    current.status = S.FINALISED
    current.finalised_at, current.finalised_by = timezone.now(), by
    _render_files(current)
    try:
        with transaction.atomic():
            current.save()
    except IntegrityError as exc:  # the same given number typed for two letters at the same moment
        raise ValidationError(
            _("The number %(number)s is already used by another letter.") % {"number": current.number},
            code="number_used",
        ) from exc
    audit.record("letter.status", **_about(current, by=by, old=S.DRAFT, new=S.FINALISED, note=current.number))
    return current


@transaction.atomic
def sign_letter(letter: Letter, scan_file, *, by) -> Letter:
    """Keep the signed scan of a finalised letter (PDF, PNG or JPEG by content, core/scans.py)."""
    current = _locked(letter)
    _move_allowed(current, S.SIGNED, by)
    if not scan_file:
        raise ValidationError(_("Upload the scan of the signed letter."), code="scan")
    extension = scan_extension(scan_file)
    current.signed_scan.save(uuid.uuid4().hex + extension, scan_file, save=False)
    current.status = S.SIGNED
    current.signed_at, current.signed_by = timezone.now(), by
    current.save()
    audit.record("letter.status", **_about(current, by=by, old=S.FINALISED, new=S.SIGNED))
    return current


def recipients_of(letter: Letter) -> list[str]:
    """Who receives a letter by e-mail: the active members of its region's team, by address."""
    if not letter.region_id:
        return []
    emails = (
        RegionMembership.objects.active()
        .filter(region_id=letter.region_id)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(set(emails))


def send_letter(letter: Letter, *, by, expected_revision: int | None = None) -> Dispatch:
    """E-mail a signed letter (its PDF and the signed scan attached) to its region's team, and log it. Sending
    again is allowed (each sending is logged); the first successful sending moves the letter to sent.

    ``expected_revision`` is the letter's revision when the sending was confirmed: each sending bumps it before
    the mail goes (under the letter's lock), so a second click on the same confirmation is refused
    (code ``sent_meanwhile``) instead of mailing the letter twice."""
    with transaction.atomic():
        current = _locked(letter)
        if current.status == S.SENT:
            _require(by, ALLOWED_TRANSITIONS[S.SIGNED][S.SENT], current)
        else:
            _move_allowed(current, S.SENT, by)
        if expected_revision is not None and current.revision != expected_revision:
            raise ValidationError(
                _("This letter was just sent; it was not sent again."), code="sent_meanwhile"
            )
        recipients = recipients_of(current)
        if not recipients:
            raise ValidationError(
                _("The region's team has no active member with an e-mail address to send the letter to."),
                code="recipients",
            )
        Letter.objects.filter(pk=current.pk).update(revision=F("revision") + 1)
    with translation.override("id"):
        subject = f"{current.values.get('nomor', '')} · {render.document(current).subject}"
        body = _(
            "Attached is the letter %(number)s of %(date)s from the smart city programme secretariat, with its "
            "signed scan."
        ) % {"number": current.number, "date": current.values.get("tanggal_surat", "")}
    message = EmailMessage(subject=subject, body=body, to=[], bcc=recipients)
    stem = current.filename_stem()
    ok, error = True, ""
    try:
        with current.pdf.open("rb") as handle:
            message.attach(f"{stem}.pdf", handle.read(), "application/pdf")
        if current.signed_scan:
            extension = current.signed_scan.name.rsplit(".", 1)[-1].lower()
            content_type = {"pdf": "application/pdf", "png": "image/png"}.get(extension, "image/jpeg")
            with current.signed_scan.open("rb") as handle:
                message.attach(f"{stem}-ttd.{extension}", handle.read(), content_type)
        message.send(fail_silently=False)
    except Exception as exc:  # a mail server or storage failure is logged on the dispatch, never a 500
        logger.exception("Letter %s could not be sent", current.pk)
        ok, error = False, f"{type(exc).__name__}: {exc}"[:2000]
    with transaction.atomic():
        dispatch = Dispatch.objects.create(letter=current, recipients=recipients, by=by, ok=ok, error=error)
        if ok and current.status == S.SIGNED:
            Letter.objects.filter(pk=current.pk).update(
                status=S.SENT, sent_at=timezone.now(), sent_by=by, updated_at=timezone.now()
            )
            audit.record(
                "letter.status",
                **_about(current, by=by, old=S.SIGNED, new=S.SENT, note=", ".join(recipients)),
            )
        else:
            audit.record(
                "letter.sent_again" if ok else "letter.send_failed",
                **_about(current, by=by, field="", note=", ".join(recipients) if ok else error),
            )
    return dispatch


@transaction.atomic
def cancel_letter(letter: Letter, *, reason: str, by) -> Letter:
    """Cancel a finalised or signed letter: it keeps its number (never given again) and the reason."""
    current = _locked(letter)
    _move_allowed(current, S.CANCELLED, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for cancelling the letter."), code="reason")
    old = current.status
    current.status = S.CANCELLED
    current.cancel_reason = reason[:2000]
    current.cancelled_at, current.cancelled_by = timezone.now(), by
    current.save()
    audit.record(
        "letter.status", **_about(current, by=by, old=old, new=S.CANCELLED, note=current.cancel_reason)
    )
    return current


def change_status(letter: Letter, new: str, *, by, reason: str = "", scan_file=None, given_number: str = ""):
    """One entry for every move of ``ALLOWED_TRANSITIONS``: each move's service with what it needs."""
    if new == S.FINALISED:
        return finalise_letter(letter, by=by, given_number=given_number)
    if new == S.SIGNED:
        return sign_letter(letter, scan_file, by=by)
    if new == S.SENT:
        send_letter(letter, by=by)
        return Letter.objects.get(pk=letter.pk)
    if new == S.CANCELLED:
        return cancel_letter(letter, reason=reason, by=by)
    raise ValidationError(
        _("A letter cannot move from “%(old)s” to “%(new)s”.")
        % {"old": _status_label(letter.status), "new": _status_label(new)}
    )


# ------------------------------------------------------------------------------------------------ batches


def batch_subjects(kind: str, *, cohort=None, stage=None, event=None, award_category=None) -> list[dict]:
    """What a batch of ``kind`` prepares: one subject (keyword arguments of ``prepare_letter``) per letter."""
    from kotacerdas.letters.values import award_winners

    if kind == K.BIMTEK_INVITATION:
        if stage is None:
            raise ValidationError(_("Choose the bimtek stage."), code="subject")
        participations = stage.cohort.participations.filter(status__in=SELECTED_STATUSES)
        return [
            {"stage": stage, "participation": p}
            for p in participations.select_related("region__province", "cohort").order_by("region__code")
        ]
    if kind == K.EVALUATION_INVITATION:
        if event is None:
            raise ValidationError(_("Choose the evaluation event."), code="subject")
        sessions = event.sessions.select_related("participation__region", "participation__cohort", "event")
        return [{"session": s} for s in sessions.order_by("participation__region__code")]
    if kind == K.SELECTION_DECISION:
        if cohort is None:
            raise ValidationError(_("Choose the cohort."), code="subject")
        return [{"cohort": cohort}]
    if kind == K.EVENT_REPORT:
        if event is None:
            raise ValidationError(_("Choose the evaluation event."), code="subject")
        return [{"event": event}]
    if kind == K.AWARD_CERTIFICATE:
        categories = (
            [award_category]
            if award_category is not None
            else list(event.award_categories.all())
            if event
            else []
        )
        if not categories:
            raise ValidationError(_("Choose the award category or the event."), code="subject")
        return [
            {"award_category": category, "region": region}
            for category in categories
            for _rank, region, _score in award_winners(category)
        ]
    if kind == K.QUICK_WIN_COMMITMENT:
        if cohort is None:
            raise ValidationError(_("Choose the cohort."), code="subject")
        participations = cohort.participations.filter(status__in=SELECTED_STATUSES)
        return [
            {"participation": p}
            for p in participations.select_related("region", "cohort").order_by("region__code")
        ]
    raise ValidationError(_("Unknown kind of letter."), code="kind")


def _enqueue(batch: LetterBatch) -> bool:
    """Hand ``batch`` to the task worker; when the queue is unreachable the batch says so (failed)."""
    from kotacerdas.letters.tasks import run_batch

    try:
        run_batch.enqueue(batch.pk)
    except Exception:
        logger.exception("Letter batch %s could not be queued", batch.pk)
        now = timezone.now()
        batch.status, batch.finished_at = JobStatus.FAILED, now
        batch.error = _("The batch could not be queued. Try again in a few minutes.")
        LetterBatch.objects.filter(pk=batch.pk).update(
            status=batch.status, error=batch.error, finished_at=now, updated_at=now
        )
        return False
    batch.refresh_from_db()
    return True


def _nobody_because(kind: str) -> str:
    """Why a batch of ``kind`` found nobody to write to, in the words of what is missing."""
    if kind == K.EVALUATION_INVITATION:
        return _("the evaluation event has no session scheduled yet.")
    if kind == K.AWARD_CERTIFICATE:
        return _("the award has no ranked region yet.")
    return _("the cohort has no selected region yet.")


def prepare_batch(
    kind: str, *, by, cohort=None, event=None, stage=None, award_category=None, letter_date=None
) -> LetterBatch:
    """Queue the preparation of the letter of ``kind`` for every region of a cohort, stage or event (or the one
    letter of a cohort or event): the job makes or refreshes one draft each, renders it, and writes a ZIP of the
    PDFs. Refused while a batch of the same kind for the same subject is running."""
    from kotacerdas.letters.tasks import release_lost_batches

    _require(by, MANAGE)
    if event is None and award_category is not None:
        event = award_category.event
    if cohort is None:
        cohort = (stage.cohort if stage is not None else None) or (
            event.cohort if event is not None else None
        )
    subjects = batch_subjects(kind, cohort=cohort, stage=stage, event=event, award_category=award_category)
    if not subjects:
        raise ValidationError(
            _("There is nobody to write this letter to yet: %(reason)s") % {"reason": _nobody_because(kind)},
            code="empty",
        )
    _template(kind)
    release_lost_batches()
    same = LetterBatch.objects.filter(
        kind=kind,
        action=BatchAction.PREPARE,
        cohort=cohort,
        stage=stage,
        event=event,
        award_category=award_category,
    )
    if same.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING)).exists():
        raise ValidationError(_("This batch is already being prepared."), code="running")
    batch = LetterBatch.objects.create(
        kind=kind,
        action=BatchAction.PREPARE,
        cohort=cohort,
        stage=stage,
        event=event,
        award_category=award_category,
        letter_date=letter_date or timezone.localdate(),
        total=len(subjects),
        requested_by=by,
    )
    audit.record("letter.batch", target=batch, by=by, new=f"{kind}:{len(subjects)}")
    _enqueue(batch)
    return batch


def finalise_batch(batch_or_letters, *, by) -> LetterBatch:
    """Queue the finalisation of the drafts of a prepared batch (or of a queryset of letters), each taking its
    number in turn, then a ZIP of the frozen PDFs."""
    _require(by, MANAGE)
    if isinstance(batch_or_letters, LetterBatch):
        source = batch_or_letters
        letters = source.letters.filter(status=S.DRAFT)
        fields = {
            "kind": source.kind,
            "cohort": source.cohort,
            "stage": source.stage,
            "event": source.event,
            "award_category": source.award_category,
        }
    else:
        letters = batch_or_letters.filter(status=S.DRAFT)
        first = letters.first()
        if first is None:
            raise ValidationError(_("There is no draft to finalise."), code="empty")
        fields = {"kind": first.kind, "cohort": first.cohort}
    ids = list(letters.order_by("region__code", "pk").values_list("pk", flat=True))
    if not ids:
        raise ValidationError(_("There is no draft to finalise."), code="empty")
    batch = LetterBatch.objects.create(
        action=BatchAction.FINALISE, letter_ids=ids, total=len(ids), requested_by=by, **fields
    )
    audit.record("letter.batch", target=batch, by=by, new=f"finalise:{len(ids)}")
    _enqueue(batch)
    return batch


def retry_batch(batch: LetterBatch, *, by) -> bool:
    """Queue a failed batch again: letters already done are refreshed (prepare) or skipped (finalise)."""
    _require(by, MANAGE)
    if batch.status != JobStatus.FAILED:
        return False
    batch.status, batch.progress, batch.error, batch.finished_at = JobStatus.QUEUED, 0, "", None
    batch.done_count = 0
    batch.requested_by = by
    batch.save(
        update_fields=[
            "status",
            "progress",
            "error",
            "finished_at",
            "done_count",
            "requested_by",
            "updated_at",
        ]
    )
    audit.record("letter.batch_retried", target=batch, by=by)
    return _enqueue(batch)


def zip_of_pdfs(letters) -> bytes:
    """A ZIP of the letters' PDFs, one file each, named after the letter (a number appended for a name twice)."""
    out = io.BytesIO()
    seen = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for letter in letters:
            if not letter.pdf:
                continue
            name = f"{letter.filename_stem()}.pdf"
            if name in seen:
                name = f"{letter.filename_stem()}-{letter.pk}.pdf"
            seen.add(name)
            with letter.pdf.open("rb") as handle:
                archive.writestr(name, handle.read())
    return out.getvalue()


# ---------------------------------------------------------------------------------------------------------
# The set-up: templates and number registers


@transaction.atomic
def save_template(
    template: LetterTemplate, *, changed: list[str], fields: list[str], expected_revision: int, by
):
    """Save a template edited in a form (already validated: placeholders checked) if nobody saved it since it was
    opened (StaleEditError otherwise, core/concurrency.py), with its audit entry. A new template is created."""
    if template.pk is None:
        template.save()
        audit.record("letter.template_saved", target=template, by=by, field="", new=template.kind)
        return template
    template.updated_at = timezone.now()
    try:
        save_if_unchanged(template, expected_revision=expected_revision, fields=[*fields, "updated_at"])
    except StaleEditError:
        # A double click sends the same form twice: the second finds its own first save, which is no conflict.
        stored = LetterTemplate.objects.get(pk=template.pk)
        if any(getattr(stored, name) != getattr(template, name) for name in fields):
            raise
        template.revision = stored.revision
        return template
    audit.record("letter.template_saved", target=template, by=by, field=", ".join(changed))
    return template


@transaction.atomic
def save_register(register: NumberRegister, *, by) -> NumberRegister:
    """Save a register from its form. An existing register changes its pattern only: writing the whole row would
    put back the last number read when the form was opened, undoing a finalisation committed meanwhile."""
    if register.pk is None:
        register.save()
        audit.record("letter.register_saved", target=register, by=by, field="pattern", new=register.pattern)
        return register
    old = NumberRegister.objects.select_for_update().values_list("pattern", flat=True).get(pk=register.pk)
    NumberRegister.objects.filter(pk=register.pk).update(pattern=register.pattern, updated_at=timezone.now())
    audit.record(
        "letter.register_saved", target=register, by=by, field="pattern", old=old, new=register.pattern
    )
    register.refresh_from_db()
    return register
