"""The yearly implementation evaluation: rounds, the region's self-assessment, the evaluators' validation, the
index results, and the index weights (rules of the arithmetic in implementation/index.py). Who may call each view
is declared on it (core/permissions.py, rules in implementation/rules.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotacerdas.accounts.models import User
from kotacerdas.core import confirm
from kotacerdas.core.concurrency import StaleEditError
from kotacerdas.core.middleware import query_int
from kotacerdas.core.permissions import permission_required, public
from kotacerdas.evaluations.models import ImplementationDimension
from kotacerdas.implementation import services as services_index
from kotacerdas.implementation.charts import histogram_svg
from kotacerdas.implementation.forms import AssignForm, GridForm, RoundForm, SchemeForm
from kotacerdas.implementation.models import (
    AssessmentStatus,
    ImplementationRound,
    IndexScheme,
    RoundEntry,
    RoundStatus,
    ValidationSheet,
)
from kotacerdas.monitoring import exports

TEMPLATES = "implementation/"
# A GET shows the confirmation page; a POST acts only with confirm=yes (core/confirm.py).
confirmable = require_http_methods(["GET", "POST"])


MANAGE = "implementation.manage_rounds"


def _round(request, year) -> ImplementationRound:
    return get_object_or_404(
        ImplementationRound.objects.visible_to(request.user).select_related(
            "scheme", "rubric", "framework_version"
        ),
        year=year,
    )


def _entry(request, year, entry_pk) -> RoundEntry:
    """An entry of a round, 404 to anyone who may not see it (another region's team, the public): its team, its
    mentors and its evaluators see it, which no one queryset says, so the rule decides."""
    entry = get_object_or_404(
        RoundEntry.objects.select_related(
            "round__scheme", "round__rubric", "round__framework_version", "participation__region__province"
        ),
        round__year=year,
        pk=entry_pk,
    )
    if not request.user.has_perm("implementation.view_entry", entry):
        raise Http404
    return entry


def _sheet(request, year, sheet_pk) -> ValidationSheet:
    """A validation sheet, 404 to anyone but its evaluator and the secretariat."""
    sheet = get_object_or_404(
        ValidationSheet.objects.select_related(
            "evaluator",
            "entry__round__rubric",
            "entry__round__framework_version",
            "entry__participation__region__province",
        ),
        entry__round__year=year,
        pk=sheet_pk,
    )
    if not request.user.has_perm("implementation.view_sheet", sheet):
        raise Http404
    return sheet


def _revision(request) -> int:
    """The revision the form was opened at; a missing or garbled one counts as stale (0 never matches)."""
    return query_int(request.POST, "revision") or 0


def _page(request, template, context, status=200):
    return render(request, TEMPLATES + template, {"nav_active": "monitoring", **context}, status=status)


# --- rounds ---------------------------------------------------------------------------------------------------


@public
def rounds(request):
    """Published rounds for everyone; the user's own self-assessments and validations when they have any."""
    user = request.user
    own_entries, own_sheets = [], []
    if user.is_authenticated:
        own_entries = list(
            RoundEntry.objects.filter(participation__region__memberships__user=user)
            .select_related("round", "participation__region")
            .order_by("-round__year", "participation__region__name")
            .distinct()
        )
        own_sheets = list(
            ValidationSheet.objects.filter(evaluator=user)
            .select_related("entry__round", "entry__participation__region")
            .order_by("-entry__round__year", "entry__participation__region__name")
        )
    return _page(
        request,
        "rounds.html",
        {
            "rounds": ImplementationRound.objects.visible_to(user).prefetch_related("scheme__weights"),
            "own_entries": own_entries,
            "own_sheets": own_sheets,
            "may_manage": user.has_perm(MANAGE),
        },
    )


@permission_required(MANAGE)
def round_create(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rnd = services_index.create_round(**form.cleaned_data, by=request.user)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for field, messages_ in errors.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            messages.success(
                request,
                _("Round %(year)s opened with %(count)s regions.")
                % {"year": rnd.year, "count": rnd.entries.count()},
            )
            return redirect("implementation:round_detail", rnd.year)
    return _page(request, "round_form.html", {"form": form}, status=400 if form.errors else 200)


@permission_required(MANAGE)
def round_detail(request, year):
    """The secretariat's desk: entries, validators, live (unpublished) index, and the round's moves."""
    rnd = _round(request, year)
    rows = services_index.round_results(rnd)
    sheets = {}
    for sheet in ValidationSheet.objects.filter(entry__round=rnd).select_related("evaluator"):
        sheets.setdefault(sheet.entry_id, []).append(sheet)
    for row in rows:
        row.sheets = sheets.get(row.entry.pk, [])
    rows.sort(key=lambda r: r.region.name)
    return _page(
        request,
        "round_detail.html",
        {
            "round": rnd,
            "rows": rows,
            "evaluators": list(User.objects.evaluators().order_by("full_name")),
            "moves": [RoundStatus(s) for s in services_index.ROUND_TRANSITIONS[rnd.status]],
            "submitted_self": sum(1 for r in rows if r.entry.self_status == AssessmentStatus.SUBMITTED),
            "validated": sum(1 for r in rows if r.sheets_submitted),
        },
    )


def _move_consequences(rnd, new) -> tuple[str, str, list[str], list[str], bool]:
    """Title, button, consequences, warnings and whether the move can be taken back, counted from the round."""
    entries = list(rnd.entries.all())
    n = len(entries)
    submitted_self = sum(1 for e in entries if e.self_status == AssessmentStatus.SUBMITTED)
    sheets = list(ValidationSheet.objects.filter(entry__round=rnd).values_list("entry_id", "status"))
    n_sheets = len(sheets)
    submitted_sheets = sum(1 for _e, status in sheets if status == AssessmentStatus.SUBMITTED)
    validated = len({e for e, status in sheets if status == AssessmentStatus.SUBMITTED})
    names = {"round": rnd.name}
    warnings = []
    if new == RoundStatus.VALIDATION:
        without_evaluator = n - len({e for e, _status in sheets})
        lines = [
            ngettext(
                "%(submitted)s of %(count)s region submitted its self-assessment.",
                "%(submitted)s of %(count)s regions submitted their self-assessment.",
                n,
            )
            % {"submitted": submitted_self, "count": n},
            _("Regions can no longer change their self-assessment; evaluators start validating."),
            ngettext(
                "%(count)s validation is assigned to evaluators.",
                "%(count)s validations are assigned to evaluators.",
                n_sheets,
            )
            % {"count": n_sheets},
        ]
        if n - submitted_self:
            warnings.append(
                ngettext(
                    "%(count)s region has not submitted its self-assessment: it closes as an unfinished draft.",
                    "%(count)s regions have not submitted their self-assessment: they close as unfinished drafts.",
                    n - submitted_self,
                )
                % {"count": n - submitted_self}
            )
        if without_evaluator:
            warnings.append(
                ngettext(
                    "%(count)s region has no evaluator assigned yet.",
                    "%(count)s regions have no evaluator assigned yet.",
                    without_evaluator,
                )
                % {"count": without_evaluator}
            )
        return (
            _("Close the self-assessment of %(round)s?") % names,
            _("close the self-assessment"),
            lines,
            warnings,
            True,
        )
    if new == RoundStatus.PUBLISHED:
        lines = [
            ngettext(
                "The index of %(count)s region with a submitted validation becomes public, with its rank.",
                "The index of %(count)s regions with a submitted validation becomes public, with their ranks.",
                validated,
            )
            % {"count": validated},
            ngettext(
                "%(count)s submitted validation counts.",
                "%(count)s submitted validations count.",
                submitted_sheets,
            )
            % {"count": submitted_sheets},
            _("The round's scores can no longer change."),
        ]
        if n - validated:
            warnings.append(
                ngettext(
                    "%(count)s region has no submitted validation and gets no index.",
                    "%(count)s regions have no submitted validation and get no index.",
                    n - validated,
                )
                % {"count": n - validated}
            )
        if n_sheets - submitted_sheets:
            warnings.append(
                ngettext(
                    "%(count)s validation is still a draft and does not count.",
                    "%(count)s validations are still drafts and do not count.",
                    n_sheets - submitted_sheets,
                )
                % {"count": n_sheets - submitted_sheets}
            )
        return _("Publish the index of %(round)s?") % names, _("publish the index"), lines, warnings, False
    lines = [
        ngettext(
            "The self-assessment opens again for %(count)s region; validation pauses.",
            "The self-assessment opens again for %(count)s regions; validation pauses.",
            n,
        )
        % {"count": n},
        ngettext(
            "%(count)s submitted validation is kept.",
            "%(count)s submitted validations are kept.",
            submitted_sheets,
        )
        % {"count": submitted_sheets},
    ]
    return (
        _("Reopen the self-assessment of %(round)s?") % names,
        _("reopen the self-assessment"),
        lines,
        [],
        True,
    )


@permission_required(MANAGE)
@confirmable
def round_status(request, year):
    rnd = _round(request, year)
    new = request.POST.get("status", "") or request.GET.get("status", "")
    if not confirm.is_confirmed(request):
        if new not in services_index.ROUND_TRANSITIONS[rnd.status]:
            messages.error(request, _("That move is not possible."))
            return redirect("implementation:round_detail", rnd.year)
        title, action, lines, warnings, can_go_back = _move_consequences(rnd, new)
        return confirm.ask(
            request,
            title=title,
            action=action,
            consequences=lines,
            warnings=warnings,
            irreversible=not can_go_back,
            carry={"status": new},
            cancel_url=reverse("implementation:round_detail", args=[rnd.year]),
            eyebrow=rnd.name,
            nav_active="monitoring",
        )
    try:
        services_index.change_round_status(rnd, request.POST.get("status", ""), by=request.user)
    except (ValidationError, KeyError, ValueError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [_("That move is not possible.")])))
    else:
        messages.success(request, _("The round's status has changed."))
    return redirect("implementation:round_detail", rnd.year)


@require_POST
@permission_required(MANAGE)
def round_enrol(request, year):
    rnd = _round(request, year)
    if rnd.is_published:
        messages.error(request, _("The round is published."))
    else:
        added = services_index.enrol_regions(rnd, by=request.user)
        messages.success(request, _("%(count)s regions added.") % {"count": added})
    return redirect("implementation:round_detail", rnd.year)


@require_POST
@permission_required(MANAGE)
def entry_assign(request, year, entry_pk):
    entry = _entry(request, year, entry_pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an evaluator."))
    else:
        try:
            services_index.assign_validator(entry, form.cleaned_data["evaluator"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Evaluator assigned."))
    return redirect("implementation:round_detail", year)


@permission_required(MANAGE)
@confirmable
def sheet_unassign(request, year, sheet_pk):
    sheet = get_object_or_404(
        ValidationSheet.objects.select_related("evaluator", "entry__participation__region", "entry__round"),
        entry__round__year=year,
        pk=sheet_pk,
    )
    if not confirm.is_confirmed(request):
        names = {"evaluator": sheet.evaluator.full_name, "region": sheet.entry.participation.region.name}
        n_scores = sheet.scores.count()
        return confirm.ask(
            request,
            title=_("Take %(evaluator)s off the validation of %(region)s?") % names,
            action=_("take them off"),
            consequences=[
                ngettext(
                    "Their draft validation is deleted with the %(count)s score given so far.",
                    "Their draft validation is deleted with the %(count)s scores given so far.",
                    n_scores,
                )
                % {"count": n_scores},
                ngettext(
                    "%(region)s then has %(count)s evaluator for its validation.",
                    "%(region)s then has %(count)s evaluators for its validation.",
                    sheet.entry.sheets.count() - 1,
                )
                % {**names, "count": sheet.entry.sheets.count() - 1},
            ],
            refusal=_("A submitted validation is evidence and stays.")
            if sheet.status == AssessmentStatus.SUBMITTED
            else "",
            cancel_url=reverse("implementation:round_detail", args=[year]),
            eyebrow=sheet.entry.round.name,
            nav_active="monitoring",
        )
    try:
        services_index.unassign_validator(sheet, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Evaluator removed from the region."))
    return redirect("implementation:round_detail", year)


@require_POST
@permission_required(MANAGE)
def entry_reopen(request, year, entry_pk):
    entry = _entry(request, year, entry_pk)
    try:
        services_index.reopen_self_assessment(entry, by=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The self-assessment is back with the region."))
    return redirect("implementation:entry_detail", year, entry.pk)


# --- self-assessment and validation ----------------------------------------------------------------------------


def _grid_parts(rnd):
    criteria = list(rnd.rubric.criteria.prefetch_related("levels"))
    dimensions = list(rnd.framework_version.dimensions.all())
    return criteria, dimensions


def _cells(scores):
    return {(s.criterion_id, s.dimension_id): (s.value, s.is_na) for s in scores}


def _entry_figures(entry):
    return services_index.monitoring_figures(
        [entry.participation_id], as_of=services_index.round_as_of(entry.round)
    ).get(entry.participation_id)


@permission_required("implementation.view_entry", fetch=_entry)
def entry_detail(request, entry):
    """The region's self-assessment: its grid and evidence; editable by the region's editors while open, submitted
    by its approvers."""
    rnd = entry.round
    criteria, dimensions = _grid_parts(rnd)
    editable = (
        request.user.has_perm("implementation.self_assess", entry)
        and rnd.status == RoundStatus.SELF_ASSESSMENT
        and entry.self_status == AssessmentStatus.DRAFT
    )
    evidence = {e.dimension: e for e in entry.evidence.all()}
    form = GridForm(
        request.POST or None,
        request.FILES or None,
        criteria=criteria,
        dimensions=dimensions,
        cells=_cells(entry.self_scores.all()),
        evidence=evidence,
        with_evidence=True,
    )
    may_submit = editable and request.user.has_perm("implementation.submit_self_assessment", entry)
    status = 200
    if request.method == "POST":
        if not editable or ("submit" in request.POST and not may_submit):
            raise PermissionDenied
        if form.is_valid():
            try:
                services_index.save_self_assessment(
                    entry,
                    cells=form.cells(),
                    evidence=form.evidence(),
                    by=request.user,
                    expected_revision=_revision(request),
                    submit="submit" in request.POST,
                )
            except StaleEditError:
                form.add_error(None, StaleEditError.message)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Self-assessment submitted to the evaluators.")
                    if "submit" in request.POST
                    else _("Self-assessment saved as a draft."),
                )
                return redirect("implementation:entry_detail", rnd.year, entry.pk)
        status = 400
    result = None
    if rnd.is_published or request.user.has_perm(MANAGE):
        result = next((r for r in services_index.round_results(rnd) if r.entry.pk == entry.pk), None)
    return _page(
        request,
        "entry.html",
        {
            "entry": entry,
            "round": rnd,
            "form": form,
            "editable": editable,
            "may_submit": may_submit,
            "evidence": [(d, evidence.get(d.value)) for d in ImplementationDimension],
            "figures": _entry_figures(entry),
            "as_of": services_index.round_as_of(rnd),
            "result": result,
            "may_manage": request.user.has_perm(MANAGE),
        },
        status=status,
    )


@require_GET
@permission_required("implementation.view_entry", fetch=_entry)
def entry_evidence(request, entry, dimension):
    """An evidence file of a self-assessment, only to those who may see the entry."""
    item = entry.evidence.filter(dimension=dimension).first()
    if item is None or not item.evidence_file:
        raise Http404
    try:
        handle = item.evidence_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=item.evidence_file.name.rsplit("/", 1)[-1])


@permission_required("implementation.view_sheet", fetch=_sheet)
def sheet_detail(request, sheet):
    """An evaluator's validation of one region: the region's self-assessment beside each cell, the monitoring
    figures beside Outcome and Quick Win."""
    entry, rnd = sheet.entry, sheet.entry.round
    criteria, dimensions = _grid_parts(rnd)
    editable = (
        request.user.has_perm("implementation.validate", sheet)
        and rnd.status == RoundStatus.VALIDATION
        and sheet.status == AssessmentStatus.DRAFT
    )
    form = GridForm(
        request.POST or None,
        criteria=criteria,
        dimensions=dimensions,
        cells=_cells(sheet.scores.all()),
        comment=sheet.general_comment,
    )
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                services_index.save_validation(
                    sheet,
                    cells=form.cells(),
                    comment=form.cleaned_data["comment"],
                    by=request.user,
                    expected_revision=_revision(request),
                    submit="submit" in request.POST,
                )
            except StaleEditError:
                form.add_error(None, StaleEditError.message)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Validation submitted.")
                    if "submit" in request.POST
                    else _("Validation saved as a draft."),
                )
                return redirect("implementation:sheet_detail", rnd.year, sheet.pk)
        status = 400
    own = _cells(entry.self_scores.all())
    evidence = {e.dimension: e for e in entry.evidence.all()}
    return _page(
        request,
        "sheet.html",
        {
            "sheet": sheet,
            "entry": entry,
            "round": rnd,
            "form": form,
            "editable": editable,
            "as_of": services_index.round_as_of(rnd),
            "self_cells": {f"c{c}_d{d}": ("n/a" if na else v) for (c, d), (v, na) in own.items()},
            "evidence": [(d, evidence.get(d.value)) for d in ImplementationDimension],
            "figures": _entry_figures(entry),
        },
        status=status,
    )


# --- results ---------------------------------------------------------------------------------------------------


def _results_round(request, year) -> ImplementationRound:
    rnd = get_object_or_404(
        ImplementationRound.objects.select_related("scheme", "rubric", "framework_version"), year=year
    )
    if not request.user.has_perm("implementation.view_round_results", rnd):
        raise Http404
    return rnd


@public
def results(request, year):
    """The published index: rank, index, change from last year, per evaluation and smart city dimension."""
    rnd = _results_round(request, year)
    rows = services_index.round_results(rnd)
    dimensions = list(rnd.framework_version.dimensions.all())
    distribution = histogram_svg(
        services_index.index_histogram([r.index for r in rows], scale=rnd.scale),
        title=_("Regions per index band, %(year)s") % {"year": rnd.year},
    )
    return _page(
        request,
        "results.html",
        {
            "distribution": mark_safe(distribution),  # built from escaped labels and numbers
            "round": rnd,
            "rows": rows,
            "dimensions": dimensions,
            "evaluation_dimensions": list(ImplementationDimension),
            "weights": rnd.scheme.weights_in_order(),
            "ranked": sum(1 for r in rows if r.rank is not None),
        },
    )


def results_table(rnd, rows) -> exports.Table:
    dimensions = list(rnd.framework_version.dimensions.all())
    headers = [
        _("Rank"),
        _("Code"),
        _("Region"),
        _("Province"),
        _("Index"),
        _("Change from last year"),
        _("Self-assessed index"),
        *[str(d.label) for d in ImplementationDimension],
        *[d.name for d in dimensions],
        _("Programmes on track (%)"),
        _("Quick wins on time"),
    ]
    table_rows = []
    for r in rows:
        table_rows.append(
            [
                r.rank,
                r.region.code,
                r.region.name,
                r.region.province.name,
                r.index,
                r.change,
                r.self_index,
                *[v for _label, _code, v in r.by_evaluation],
                *[v for _d, v in r.by_dimension],
                r.figures.on_track_percent if r.figures else None,
                f"{r.figures.quick_wins_on_time}/{r.figures.quick_wins}"
                if r.figures and r.figures.quick_wins
                else None,
            ]
        )
    return exports.Table(title=_("Index %(year)s") % {"year": rnd.year}, headers=headers, rows=table_rows)


@require_GET
@public
def results_export(request, year, fmt):
    if fmt not in ("xlsx", "csv"):
        raise Http404
    rnd = _results_round(request, year)
    table = results_table(rnd, services_index.round_results(rnd))
    stem = f"indeks-implementasi-{rnd.year}"
    if fmt == "csv":
        content, content_type = exports.csv_bytes(table), exports.CSV_CONTENT_TYPE
    else:
        content, content_type = exports.xlsx_bytes([table]), exports.XLSX_CONTENT_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


# --- index weights -----------------------------------------------------------------------------------------------


@public
def schemes(request):
    """The index weightings (public: how the index is computed is not a secret)."""
    return _page(
        request,
        "schemes.html",
        {
            "schemes": IndexScheme.objects.prefetch_related(
                "weights", Prefetch("rounds", queryset=ImplementationRound.objects.published())
            ),
            "may_manage": request.user.has_perm(MANAGE),
        },
    )


@permission_required(MANAGE)
def scheme_create(request):
    form = SchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_index.create_scheme(
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                weights=form.weights(),
                by=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Index weights saved."))
            return redirect("implementation:schemes")
    return _page(request, "scheme_form.html", {"form": form}, status=400 if form.errors else 200)
