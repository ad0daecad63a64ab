"""Bimtek pages: the secretariat's overview of a stage and its import, the check-in desk, the deliverables grid of
a cohort, and a region's own page. Every view finds its object through the user's scope first (404), then the
gate checks the permission (403); the services write."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotacerdas.bimtek import finders, services, spreadsheets
from kotacerdas.bimtek.forms import AttendanceUploadForm, ExpectationForm, ReceiptForm, WalkInForm
from kotacerdas.bimtek.models import (
    Attendee,
    DeliverableExpectation,
    DeliverableReceipt,
    WorkingGroup,
    bimtek_stages,
    mentored_cohorts,
    stage_label,
)
from kotacerdas.core.pending import PendingFiles
from kotacerdas.core.permissions import SIGNED_IN, permission_required
from kotacerdas.programmes.models import Cohort, Participation

UPLOADS = PendingFiles("imports/bimtek/", salt="kotacerdas.bimtek.import")
CHECK_IN_LIMIT = 50


def _context(**extra):
    return {"nav_active": "bimtek", **extra}


# ---------------------------------------------------------------------------------------------------------
# Home


@permission_required(SIGNED_IN)
def home(request):
    """The stages the user may work on: all for the secretariat, the mentored cohorts' for mentors, and the
    pages of the user's own regions."""
    user = request.user
    cohorts = Cohort.objects.all() if user.is_secretariat else mentored_cohorts(user)
    stages = (
        bimtek_stages()
        .filter(cohort__in=cohorts)
        .select_related("cohort")
        .order_by("-cohort__year", "starts_on")
    )
    by_cohort: dict = {}
    for stage in stages:
        stage.label = stage_label(stage)
        by_cohort.setdefault(stage.cohort, []).append(stage)
    own = (
        Participation.objects.filter(
            region__memberships__user=user, cohort__stages__kind__startswith="bimtek"
        )
        .select_related("region", "cohort")
        .distinct()
        .order_by("-cohort__year", "region__name")
    )
    mentored = (
        Participation.objects.filter(mentors=user)
        .select_related("region", "cohort")
        .order_by("-cohort__year")
        if user.is_mentor
        else []
    )
    return render(
        request,
        "bimtek/home.html",
        _context(cohorts=list(by_cohort.items()), own=own, mentored=mentored),
    )


# ---------------------------------------------------------------------------------------------------------
# A stage: overview (secretariat)


def _stage_rows(stage):
    """Per region of the cohort: invited, attended, missing, walk-ins."""
    counts = {
        row["participation"]: row
        for row in Attendee.objects.filter(stage=stage)
        .values("participation")
        .annotate(
            n_invited=Count("pk", filter=Q(invited=True)),
            n_attended=Count("pk", filter=Q(attended_on__isnull=False)),
            n_missing=Count("pk", filter=Q(invited=True, attended_on__isnull=True)),
            n_walk_ins=Count("pk", filter=Q(invited=False)),
        )
    }
    rows = []
    for participation in stage.cohort.participations.select_related("region").order_by("region__name"):
        c = counts.get(participation.pk, {})
        rows.append(
            {
                "participation": participation,
                "invited": c.get("n_invited", 0),
                "attended": c.get("n_attended", 0),
                "missing": c.get("n_missing", 0),
                "walk_ins": c.get("n_walk_ins", 0),
            }
        )
    return rows


@permission_required("bimtek.manage_stage", fetch=finders.stage)
def stage_overview(request, stage):
    show_missing = request.GET.get("tampil") == "tidak-hadir"
    rows = _stage_rows(stage)
    missing = (
        Attendee.objects.missing()
        .filter(stage=stage)
        .select_related("participation__region", "opd")
        .order_by("participation__region__name", "name")
        if show_missing
        else None
    )
    groups = (
        WorkingGroup.objects.filter(stage=stage)
        .select_related("dimension")
        .annotate(
            members=Count("attendees"),
            present=Count("attendees", filter=Q(attendees__attended_on__isnull=False)),
        )
    )
    expectations = DeliverableExpectation.objects.filter(stage=stage).annotate(received=Count("receipts"))
    totals = {key: sum(r[key] for r in rows) for key in ("invited", "attended", "missing", "walk_ins")}
    return render(
        request,
        "bimtek/stage.html",
        _context(
            stage=stage,
            label=stage_label(stage),
            rows=rows,
            totals=totals,
            show_missing=show_missing,
            missing=missing,
            groups=groups,
            expectations=expectations,
            regions=len(rows),
            expectation_form=ExpectationForm(stage=stage),
        ),
    )


@permission_required("bimtek.manage_stage", fetch=finders.stage)
def expectation_add(request, stage):
    form = ExpectationForm(request.POST or None, stage=stage)
    if request.method == "POST" and form.is_valid():
        services.add_expectation(
            stage, title=form.cleaned_data["title"], due_on=form.cleaned_data["due_on"], by=request.user
        )
        messages.success(request, _("The expected deliverable was saved."))
        return redirect("bimtek:stage", pk=stage.pk)
    return render(
        request,
        "bimtek/form.html",
        _context(
            stage=stage,
            form=form,
            title=_("Add an expected deliverable"),
            back=reverse("bimtek:stage", args=[stage.pk]),
        ),
        status=400 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------------------------------------------------
# Import of the daftar hadir (secretariat)


def _bound_to(stage, user) -> dict:
    return {"s": stage.pk, "u": user.pk}


def _upload_page(request, stage, form, *, status=200, token_error=""):
    return render(
        request,
        "bimtek/import_upload.html",
        _context(
            stage=stage,
            label=stage_label(stage),
            form=form,
            token_error=token_error,
            max_rows=spreadsheets.MAX_ROWS,
        ),
        status=status,
    )


def _preview_page(request, stage, preview, *, token="", status=200):
    return render(
        request,
        "bimtek/import_preview.html",
        _context(
            stage=stage,
            label=stage_label(stage),
            preview=preview,
            rows=preview.rows,
            error_rows=preview.error_rows,
            counts=preview.counts,
            has_errors=preview.has_errors,
            can_commit=bool(token and not preview.has_errors and preview.writes),
            token=token,
        ),
        status=status,
    )


def _refused(request, stage):
    return _upload_page(
        request,
        stage,
        AttendanceUploadForm(stage=stage),
        status=400,
        token_error=_(
            "This import link is not valid or has expired, so nothing was imported. Upload the file again."
        ),
    )


@permission_required("bimtek.manage_stage", fetch=finders.stage)
def import_template(request, stage):
    response = HttpResponse(spreadsheets.template_bytes(stage), content_type=spreadsheets.XLSX_CONTENT_TYPE)
    stem = slugify(f"{stage_label(stage)} {stage.cohort.year}")
    response["Content-Disposition"] = f'attachment; filename="daftar-hadir-{stem}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("bimtek.manage_stage", fetch=finders.stage)
def import_upload(request, stage):
    form = AttendanceUploadForm(request.POST or None, request.FILES or None, stage=stage)
    if request.method == "POST" and form.is_valid():
        preview = form.preview
        if preview.has_errors:
            return _preview_page(request, stage, preview)
        token = UPLOADS.keep(
            form.data_bytes,
            filename=form.filename,
            extension=".xlsx",
            bound_to=_bound_to(stage, request.user),
        )
        url = reverse("bimtek:import_preview", args=[stage.pk])
        return redirect(f"{url}?{urlencode({'t': token})}")
    return _upload_page(request, stage, form, status=400 if request.method == "POST" else 200)


@permission_required("bimtek.manage_stage", fetch=finders.stage)
def import_preview(request, stage):
    token = request.GET.get("t", "")
    if not token:
        return redirect("bimtek:import_upload", pk=stage.pk)
    kept = UPLOADS.find(token, bound_to=_bound_to(stage, request.user))
    data = UPLOADS.read(kept)
    if data is None:
        return _refused(request, stage)
    try:
        preview = spreadsheets.build_preview(stage, data, filename=kept.filename)
    except spreadsheets.SpreadsheetError as exc:
        messages.error(request, exc.message)
        return redirect("bimtek:import_upload", pk=stage.pk)
    return _preview_page(request, stage, preview, token=token)


@permission_required("bimtek.manage_stage", fetch=finders.stage, methods=("POST",))
def import_commit(request, stage):
    token = request.POST.get("t", "")
    kept = UPLOADS.find(token, bound_to=_bound_to(stage, request.user))
    data = UPLOADS.read(kept)
    if data is None:
        return _refused(request, stage)
    try:
        preview = spreadsheets.commit_file(stage, data, by=request.user, filename=kept.filename)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        url = reverse("bimtek:import_preview", args=[stage.pk])
        return redirect(f"{url}?{urlencode({'t': token})}")
    UPLOADS.discard(kept)
    counts = preview.counts
    messages.success(
        request,
        _("Import complete: %(new)s people added, %(update)s updated.")
        % {"new": counts["new"], "update": counts["update"]},
    )
    return redirect("bimtek:stage", pk=stage.pk)


# ---------------------------------------------------------------------------------------------------------
# Check-in desk (secretariat and the cohort's mentors)


def _chosen_day(request, stage) -> datetime.date:
    days = services.stage_days(stage)
    raw = request.POST.get("hari") or request.GET.get("hari") or ""
    for day in days:
        if day.isoformat() == raw:
            return day
    today = timezone.localdate()
    return today if today in days else days[0]


def _check_in_url(stage, q: str, day) -> str:
    url = reverse("bimtek:check_in", args=[stage.pk])
    return f"{url}?{urlencode({'q': q, 'hari': day.isoformat()})}"


@permission_required("bimtek.check_in", fetch=finders.stage)
def check_in(request, stage):
    day = _chosen_day(request, stage)
    q = " ".join(request.GET.get("q", "").split())[:100]
    walk_in = WalkInForm(request.POST or None, stage=stage, day=day)
    status = 200
    if request.method == "POST":
        if walk_in.is_valid():
            data = walk_in.cleaned_data
            attendee = services.add_walk_in(
                stage,
                participation=data["participation"],
                name=data["name"],
                nip=data["nip"],
                position=data["position"],
                opd=data["opd"],
                opd_name=data["opd_name"],
                day=day,
                by=request.user,
            )
            messages.success(request, _("%(name)s was added and recorded present.") % {"name": attendee.name})
            return redirect(_check_in_url(stage, attendee.name, day))
        status = 400
    people = (
        Attendee.objects.visible_to(request.user)
        .filter(stage=stage)
        .select_related("participation__region", "opd")
        .order_by("participation__region__name", "name")
    )
    if q:
        people = people.filter(
            Q(name__icontains=q)
            | Q(participation__region__name__icontains=q)
            | Q(participation__region__code=q)
        )
    found = list(people[: CHECK_IN_LIMIT + 1])
    present = Attendee.objects.filter(stage=stage, attended_on__isnull=False).count()
    return render(
        request,
        "bimtek/check_in.html",
        _context(
            stage=stage,
            label=stage_label(stage),
            q=q,
            day=day,
            days=services.stage_days(stage),
            people=found[:CHECK_IN_LIMIT],
            more=len(found) > CHECK_IN_LIMIT,
            limit=CHECK_IN_LIMIT,
            present=present,
            walk_in=walk_in,
            walk_in_open=status == 400,
        ),
        status=status,
    )


@permission_required("bimtek.check_in_attendee", fetch=finders.attendee, methods=("POST",))
def check_in_attendee(request, attendee):
    stage = attendee.stage
    day = _chosen_day(request, stage)
    try:
        recorded = services.check_in(attendee, day=day, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if recorded:
            messages.success(request, _("%(name)s is recorded present.") % {"name": attendee.name})
        else:
            messages.info(request, _("%(name)s was already recorded present.") % {"name": attendee.name})
    return redirect(_check_in_url(stage, request.POST.get("q", "")[:100], day))


# ---------------------------------------------------------------------------------------------------------
# A cohort: who came to what and which deliverables arrived (secretariat)


@permission_required("bimtek.manage_cohort", fetch=finders.cohort)
def cohort_overview(request, cohort):
    stages = list(bimtek_stages().filter(cohort=cohort).order_by("starts_on"))
    participations = list(cohort.participations.select_related("region").order_by("region__name"))
    attended = {
        (row["stage"], row["participation"]): row
        for row in Attendee.objects.filter(stage__in=stages)
        .values("stage", "participation")
        .annotate(
            n_invited=Count("pk", filter=Q(invited=True)),
            n_present=Count("pk", filter=Q(attended_on__isnull=False)),
        )
    }
    expectations = list(
        DeliverableExpectation.objects.filter(stage__in=stages)
        .select_related("stage")
        .order_by("due_on", "title")
    )
    receipts = {
        (r.expectation_id, r.participation_id): r
        for r in DeliverableReceipt.objects.filter(expectation__in=expectations)
    }
    rows = []
    for participation in participations:
        cells = []
        for stage in stages:
            counts = attended.get((stage.pk, participation.pk), {})
            cells.append(
                {"stage": stage, "invited": counts.get("n_invited", 0), "present": counts.get("n_present", 0)}
            )
        rows.append(
            {
                "participation": participation,
                "stages": cells,
                "missed": [c["stage"] for c in cells if c["present"] == 0],
                "receipts": [(e, receipts.get((e.pk, participation.pk))) for e in expectations],
            }
        )
    return render(
        request,
        "bimtek/cohort.html",
        _context(
            cohort=cohort,
            stages=[(s, stage_label(s)) for s in stages],
            expectations=[(e, stage_label(e.stage)) for e in expectations],
            rows=rows,
        ),
    )


@permission_required("bimtek.record_receipt", fetch=finders.expectation)
def receipt_record(request, expectation):
    initial = {"received_on": timezone.localdate()}
    chosen = request.GET.get("daerah", "")
    if chosen.isdigit():
        initial["participation"] = int(chosen)
    form = ReceiptForm(request.POST or None, expectation=expectation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.record_receipt(
            expectation,
            participation=data["participation"],
            received_on=data["received_on"],
            note=data["note"],
            by=request.user,
        )
        messages.success(request, _("The receipt was saved."))
        return redirect("bimtek:cohort", pk=expectation.stage.cohort_id)
    return render(
        request,
        "bimtek/form.html",
        _context(
            stage=expectation.stage,
            form=form,
            title=_("Record a received deliverable: %(title)s") % {"title": expectation.title},
            back=reverse("bimtek:cohort", args=[expectation.stage.cohort_id]),
        ),
        status=400 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------------------------------------------------
# A region's page (its team, its mentors, the secretariat)


@permission_required("bimtek.view_region", fetch=finders.participation)
def region(request, participation):
    stages = list(bimtek_stages().filter(cohort=participation.cohort_id).order_by("starts_on"))
    people = (
        Attendee.objects.filter(participation=participation, stage__in=stages)
        .select_related("opd", "working_group__dimension")
        .order_by("name")
    )
    by_stage: dict[int, list] = {}
    for person in people:
        by_stage.setdefault(person.stage_id, []).append(person)
    receipts = {r.expectation_id: r for r in DeliverableReceipt.objects.filter(participation=participation)}
    expectations: dict[int, list] = {}
    for e in DeliverableExpectation.objects.filter(stage__in=stages).order_by("due_on", "title"):
        expectations.setdefault(e.stage_id, []).append((e, receipts.get(e.pk)))
    sections = []
    for stage in stages:
        attendees = by_stage.get(stage.pk, [])
        sections.append(
            {
                "stage": stage,
                "label": stage_label(stage),
                "attendees": attendees,
                "present": sum(1 for a in attendees if a.attended_on),
                "demo": any(a.is_demo for a in attendees),
                "deliverables": expectations.get(stage.pk, []),
            }
        )
    return render(
        request,
        "bimtek/region.html",
        _context(participation=participation, region=participation.region, sections=sections),
    )
