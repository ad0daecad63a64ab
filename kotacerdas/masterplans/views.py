"""The masterplan editor: the list, the overview, the parts and their rows, comments and the workflow's moves.

Every view declares its permission with the gate of core/permissions.py; the finders below read the masterplan
from ``Masterplan.objects.visible_to(user)``, so a masterplan outside the user's scope answers 404 and one the
user sees but may not act on 403. Who holds each permission is in masterplans/rules.py; every write is a
function of masterplans/services.py. The other pages of a masterplan (versions, books, programme spreadsheets)
are in views_*.py of this app, the public pages in views_public.py.
"""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kotacerdas.core import confirm
from kotacerdas.core.cache import render_once_per_state
from kotacerdas.core.concurrency import StaleEditError
from kotacerdas.core.middleware import query_int
from kotacerdas.core.permissions import SIGNED_IN, permission_required
from kotacerdas.masterplans import services
from kotacerdas.masterplans.chain import read_chain
from kotacerdas.masterplans.charts import programmes_per_dimension_svg, roadmap_svg
from kotacerdas.masterplans.completeness import check_completeness, load_bundle
from kotacerdas.masterplans.documents.tasks import BOOK_KINDS, is_lost, release_lost_jobs
from kotacerdas.masterplans.forms import CommentForm, SectionForm, StatusForm
from kotacerdas.masterplans.models import Comment, Masterplan, MasterplanStatus, Part, Section, SwotKind
from kotacerdas.masterplans.parts import PART_SECTIONS, ROW_KINDS, row_kinds_for, rows_of
from kotacerdas.masterplans.roadmap import build_roadmap
from kotacerdas.masterplans.services import MOVE_LABELS, allowed_moves, status_recipients
from kotacerdas.masterplans.snapshot import chain_part
from kotacerdas.programmes.models import SELECTED_STATUSES, Participation
from kotacerdas.regions.services import current_bodies

VIEW = "masterplans.view_masterplan"
EDIT = "masterplans.edit_masterplan"
COMMENT = "masterplans.comment_masterplan"


def find_masterplan(request, pk) -> Masterplan:
    """The masterplan ``pk`` among those the user may see (404 otherwise), with what every page of it shows."""
    return get_object_or_404(
        Masterplan.objects.visible_to(request.user).select_related(
            "participation__region__province", "participation__cohort", "framework_version"
        ),
        pk=pk,
    )


def _find_for_overview(request, pk) -> Masterplan:
    # Most looks are at frozen masterplans, whose overview is mostly kept (statepart): their cohort and framework
    # version are read only if a part must be rendered (the region comes along: the permission asks for it). An
    # editable one is read whole at once.
    masterplan = get_object_or_404(
        Masterplan.objects.visible_to(request.user).select_related("participation__region"), pk=pk
    )
    return find_masterplan(request, pk) if masterplan.is_editable else masterplan


def _find_participation(request, participation_pk) -> Participation:
    """A selected participation the user sees, to open its masterplan."""
    return get_object_or_404(
        Participation.objects.visible_to(request.user).filter(status__in=SELECTED_STATUSES),
        pk=participation_pk,
    )


@permission_required(SIGNED_IN)
def masterplan_list(request):
    masterplans = Masterplan.objects.visible_to(request.user).select_related(
        "participation__region", "participation__cohort"
    )
    without = (
        Participation.objects.visible_to(request.user)
        .filter(masterplan__isnull=True, status__in=SELECTED_STATUSES)
        .select_related("region", "cohort")
    )
    creatable = [p for p in without if request.user.has_perm("masterplans.create_masterplan", p)]
    return render(request, "masterplans/list.html", {"masterplans": masterplans, "creatable": creatable})


@permission_required("masterplans.create_masterplan", fetch=_find_participation, methods=("POST",))
def masterplan_create(request, participation):
    try:
        masterplan = services.create_masterplan(participation, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("masterplans:list")
    return redirect(masterplan)


def _unresolved_by_part(masterplan) -> Counter:
    return Counter(masterplan.comments.filter(is_resolved=False).values_list("part", flat=True))


def _content_summary(masterplan, state: str) -> dict:
    """Completeness, programme counts and the chart: derived from the whole content (a dozen queries and most of
    the overview's time).

    A masterplan that is not editable cannot change until its status changes, and a change of status moves
    ``updated_at``: its summary is computed once per state and language and shared by everyone who opens it
    (mentors, evaluators and the secretariat read submitted and approved masterplans most).
    """
    if not state:  # editable: see Masterplan.frozen_state
        return _compute_content_summary(masterplan)
    key = f"masterplan-summary:{state}:{get_language()}"
    return render_once_per_state(key, lambda: _compute_content_summary(masterplan))


def _compute_content_summary(masterplan) -> dict:
    bundle = load_bundle(masterplan)
    counts = Counter(p.strategy.dimension_id for p in bundle.programmes)
    chart = programmes_per_dimension_svg(
        [(d.name, counts.get(d.pk, 0)) for d in bundle.dimensions], title=_("Programmes per dimension")
    )
    return {
        "completeness": check_completeness(masterplan, bundle),
        "n_programmes": len(bundle.programmes),
        "n_quick_wins": sum(1 for p in bundle.programmes if p.is_quick_win),
        "chart": mark_safe(chart),  # built from escaped labels in charts.py
    }


def _load_document_jobs(masterplan) -> None:
    """The jobs the documents panel lists, loaded once; a job whose worker died is first marked failed, so the
    panel shows it with its retry button (a write only then, not on every look)."""
    prefetch_related_objects([masterplan], "document_jobs")
    if any(is_lost(job) for job in masterplan.document_jobs.all()):
        release_lost_jobs(masterplan.pk)
        del masterplan._prefetched_objects_cache["document_jobs"]
        prefetch_related_objects([masterplan], "document_jobs")


@permission_required(VIEW, fetch=_find_for_overview)
def overview(request, masterplan):
    _load_document_jobs(masterplan)
    moves = allowed_moves(masterplan, request.user)
    unresolved = _unresolved_by_part(masterplan)
    state = masterplan.frozen_state
    context = {
        "masterplan": masterplan,
        "state": state,
        **_content_summary(masterplan, state),
        "parts": [(p, unresolved.get(p.value, 0)) for p in Part],
        "nav_parts": list(Part),
        "status_form": StatusForm(moves=moves) if moves else None,
        "versions": masterplan.versions.select_related("created_by").defer("snapshot")[:10],
        "can_edit": request.user.has_perm(EDIT, masterplan),
    }
    return render(request, "masterplans/overview.html", context)


def _part_context(request, masterplan, part, *, add_forms=None, section_forms=None, comment_form=None):
    kinds = row_kinds_for(part)
    can_edit = request.user.has_perm(EDIT, masterplan)
    rows = {k.key: list(rows_of(masterplan, k)) for k in kinds}
    add_forms = add_forms or {}
    if can_edit:
        for kind in kinds:
            add_forms.setdefault(kind.key, kind.form(masterplan=masterplan, prefix=kind.key))
    sections = {s.key: s for s in masterplan.sections.filter(key__in=PART_SECTIONS.get(part, []))}
    section_forms = section_forms or {}
    for key, section in sections.items():
        section_forms.setdefault(key, SectionForm(instance=section, masterplan=masterplan, prefix=key))
    context = {
        "masterplan": masterplan,
        "part": Part(part),
        "nav_parts": list(Part),
        "kinds": kinds,
        "rows": rows,
        "add_forms": add_forms,
        "section_forms": [
            (sections[k], section_forms[k]) for k in PART_SECTIONS.get(part, []) if k in sections
        ],
        "can_edit": can_edit,
        "can_comment": request.user.has_perm(COMMENT, masterplan),
        "comments": masterplan.comments.filter(part=part).select_related("author", "resolved_by"),
        "comment_form": comment_form or CommentForm(initial={"part": part}),
        "swot_kinds": SwotKind,
    }
    if part == Part.VISION:
        # The chain the rows below make, read as the books and the public page read it (masterplans/chain.py).
        dimensions = {d.code: d for d in masterplan.framework_version.dimensions.all()}
        context["chain"] = read_chain(chain_part(masterplan), dimensions)
        context["to_check"] = sum(1 for k in ("objective", "goal") for row in rows[k] if row.needs_review)
    if part == Part.READINESS:
        # The institutions of the aspect "suprastruktur": the region's current smart city bodies (two queries).
        context["regional_bodies"] = current_bodies(masterplan.region)
    if part in (Part.ROADMAP, Part.QUICK_WINS, Part.PROGRAMMES):
        programmes = list(
            masterplan.programmes.select_related(
                "strategy__dimension", "owner_opd", "element"
            ).prefetch_related("partner_opds")
        )
        dimensions = list(masterplan.framework_version.dimensions.order_by("order"))
        roadmap = build_roadmap(masterplan, programmes, dimensions)
        context |= {
            "roadmap": roadmap,
            "quick_wins": [p for p in programmes if p.is_quick_win],
            "programmes_by_dimension": [(d.dimension, [r.programme for r in d.rows]) for d in roadmap],
        }
        context["has_warnings"] = any(row.warnings for d in roadmap for row in d.rows)
        if part == Part.ROADMAP:
            context["roadmap_chart"] = mark_safe(roadmap_svg(masterplan, roadmap, title=_("Roadmap")))
    return context


@permission_required(VIEW, fetch=find_masterplan)
def part_page(request, masterplan, part):
    """A part of the masterplan; a POST adds a row to it, for those who may edit (403 for the other readers)."""
    if part not in Part.values:
        raise Http404
    if request.method == "POST":
        if not request.user.has_perm(EDIT, masterplan):
            raise PermissionDenied
        kind = ROW_KINDS.get(request.POST.get("kind", ""))
        if kind is None or kind.part != part:
            raise Http404
        form = kind.form(request.POST, masterplan=masterplan, prefix=kind.key)
        if form.is_valid():
            _row_added, created = services.add_row(masterplan, form)
            if created:
                messages.success(request, _("%(what)s added.") % {"what": kind.label})
            else:  # the same form sent twice (a double click on Add)
                label = str(kind.label)
                what = label if label[1:2].isupper() else label[:1].lower() + label[1:]  # "SWOT item" stays
                messages.info(
                    request,
                    capfirst(_("This %(what)s was already added; it is not added twice.") % {"what": what}),
                )
            return redirect(f"{reverse('masterplans:part', args=[masterplan.pk, part])}#{kind.key}")
        context = _part_context(request, masterplan, part, add_forms={kind.key: form})
        return render(request, "masterplans/part.html", context, status=400)
    return render(request, "masterplans/part.html", _part_context(request, masterplan, part))


@permission_required(EDIT, fetch=find_masterplan, methods=("POST",))
def section_save(request, masterplan, key):
    section = get_object_or_404(Section, masterplan=masterplan, key=key)
    part = next(p for p, keys in PART_SECTIONS.items() if key in keys)
    form = SectionForm(request.POST, instance=section, masterplan=masterplan, prefix=key)
    if form.is_valid():
        try:
            services.save_row(masterplan, form)
        except StaleEditError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("masterplans:part", pk=masterplan.pk, part=part)
    context = _part_context(request, masterplan, part, section_forms={key: form})
    return render(request, "masterplans/part.html", context, status=409 if form.non_field_errors() else 400)


def _row(masterplan, kind_key, row_pk):
    kind = ROW_KINDS.get(kind_key)
    if kind is None:
        raise Http404
    return kind, get_object_or_404(rows_of(masterplan, kind), pk=row_pk)


@permission_required(VIEW, fetch=find_masterplan)
def row_edit(request, masterplan, kind, row_pk):
    """A row, read-only for readers; a POST saves it, for those who may edit (403 for the other readers)."""
    kind, row = _row(masterplan, kind, row_pk)
    can_edit = request.user.has_perm(EDIT, masterplan)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = kind.form(request.POST or None, instance=row, masterplan=masterplan)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.save_row(masterplan, form)
        except StaleEditError as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{reverse('masterplans:part', args=[masterplan.pk, kind.part])}#{kind.key}")
    elif request.method == "POST":
        status = 400
    context = {"masterplan": masterplan, "kind": kind, "row": row, "form": form, "can_edit": can_edit}
    if kind.key == "programme":
        context["indicators"] = row.indicators.all()
    return render(request, "masterplans/row_form.html", context, status=status)


# A GET shows the confirmation page; a POST acts only with confirm=yes (core/confirm.py).
confirmable = require_http_methods(["GET", "POST"])


@confirmable
@permission_required(EDIT, fetch=find_masterplan)
def row_delete(request, masterplan, kind, row_pk):
    kind, row = _row(masterplan, kind, row_pk)
    revision = request.POST.get("revision", "") if request.method == "POST" else str(row.revision)
    summary = None
    if request.method == "POST" and confirm.is_confirmed(request):
        try:
            # Only the version the user saw: a row someone changed meanwhile is not deleted blindly.
            seen = query_int({"revision": revision}, "revision")
            deleted = services.delete_row(masterplan, kind, row, seen_revision=seen, by=request.user)
        except ProtectedError:  # still used (an objective under the mission): the page again, saying why
            summary = confirm.deletion_summary(row)
        else:
            if deleted:
                messages.success(request, _("Deleted."))
            else:
                messages.error(request, str(StaleEditError.message))
            return redirect(f"{reverse('masterplans:part', args=[masterplan.pk, kind.part])}#{kind.key}")
    summary = summary or confirm.deletion_summary(row)
    response = confirm.ask(
        request,
        title=_("Delete “%(row)s”?") % {"row": row},
        action=_("delete it"),
        consequences=[
            _("The %(kind)s “%(row)s” is deleted from the masterplan.") % {"kind": kind.label, "row": row},
            *confirm.deletion_consequences(summary),
        ],
        refusal=confirm.deletion_refusal(summary)
        or ("" if masterplan.is_editable else _("The masterplan cannot be edited in its current status.")),
        carry={"revision": revision},
        cancel_url=reverse("masterplans:row_edit", args=[masterplan.pk, kind.key, row.pk]),
        eyebrow=masterplan.title,
    )
    if request.method == "POST" and confirm.is_confirmed(request):
        response.status_code = 409  # refused: nothing was deleted
    return response


def _move_consequences(masterplan, new) -> tuple[list[str], str, bool]:
    """What a workflow move does, in numbers: lines, a refusal (an incomplete masterplan cannot be submitted)
    and whether it can be taken back."""
    M = MasterplanStatus
    bundle = load_bundle(masterplan)
    n_programmes = len(bundle.programmes)
    n_quick_wins = sum(1 for p in bundle.programmes if p.is_quick_win)
    n_mails = len(status_recipients(masterplan, new))
    lines = [
        _("The status changes from “%(old)s” to “%(new)s”.")
        % {"old": masterplan.get_status_display(), "new": M(new).label},
    ]
    refusal, reversible = "", True
    if new == M.SUBMITTED:
        completeness = check_completeness(masterplan, bundle)
        number = (masterplan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        lines += [
            _(
                "Version %(number)s is frozen as submitted, with %(programmes)s programmes (%(quick_wins)s quick wins)."
            )
            % {"number": number, "programmes": n_programmes, "quick_wins": n_quick_wins},
            _("The team can no longer edit until a revision is requested."),
        ]
        if not completeness.is_complete:
            refusal = _("The masterplan is not complete yet (%(passed)s of %(total)s checks pass).") % {
                "passed": completeness.passed,
                "total": completeness.total,
            }
        reversible = False
    elif new == M.PUBLISHED:
        lines += [
            _(
                "The masterplan becomes public on the portal and in the open data API, with %(programmes)s "
                "programmes (%(quick_wins)s quick wins)."
            )
            % {"programmes": n_programmes, "quick_wins": n_quick_wins},
            ngettext(
                "%(count)s book is built for download (DOCX and PDF).",
                "%(count)s books are built for download (DOCX and PDF).",
                len(BOOK_KINDS),
            )
            % {"count": len(BOOK_KINDS)},
            _("Publication is final: a published masterplan has no further step."),
        ]
        reversible = False
    elif new == M.REVISION_REQUESTED:
        lines.append(_("The team can edit the masterplan again."))
    elif new in (M.IN_REVIEW, M.APPROVED):
        lines.append(_("The team still cannot edit the masterplan."))
    lines.append(
        ngettext("%(count)s person is told by e-mail.", "%(count)s people are told by e-mail.", n_mails)
        % {"count": n_mails}
    )
    return lines, refusal, reversible


@confirmable
@permission_required("masterplans.move_masterplan", fetch=find_masterplan)
def status_change(request, masterplan):
    moves = allowed_moves(masterplan, request.user)
    form = StatusForm(request.POST if request.method == "POST" else request.GET, moves=moves)
    if not form.is_valid():
        # A note over its limit says so (nothing changes); any other refusal is a step that is not allowed.
        messages.error(request, " ".join(form.errors.get("note", [_("Choose one of the allowed steps.")])))
        return redirect(masterplan)
    if not confirm.is_confirmed(request):
        new = form.cleaned_data["status"]
        lines, refusal, reversible = _move_consequences(masterplan, new)
        if form.cleaned_data["note"]:
            lines.append(_("Your note goes with it: “%(note)s”") % {"note": form.cleaned_data["note"]})
        return confirm.ask(
            request,
            title=_("%(move)s “%(masterplan)s”?")
            % {"move": MOVE_LABELS.get(new, MasterplanStatus(new).label), "masterplan": masterplan.title},
            action=str(MOVE_LABELS.get(new, MasterplanStatus(new).label)).lower(),
            consequences=lines,
            refusal=refusal,
            irreversible=not reversible,
            carry={"status": new, "note": form.cleaned_data["note"]},
            cancel_url=reverse("masterplans:overview", args=[masterplan.pk]),
            eyebrow=masterplan.region.name,
        )
    try:
        services.change_status(
            masterplan, form.cleaned_data["status"], by=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Status changed."))
    return redirect(masterplan)


@permission_required(COMMENT, fetch=find_masterplan, methods=("POST",))
def comment_add(request, masterplan):
    form = CommentForm(request.POST)
    if form.is_valid():
        comment = services.add_comment(masterplan, form, by=request.user)
        messages.success(request, _("Comment added."))
        return redirect(f"{reverse('masterplans:part', args=[masterplan.pk, comment.part])}#comments")
    part = form.cleaned_data.get("part")
    if part:  # the part's page again, with the text typed and what is wrong with it (empty, too long)
        context = _part_context(request, masterplan, part, comment_form=form)
        return render(request, "masterplans/part.html", context, status=400)
    messages.error(request, _("Write a comment first."))
    return redirect(masterplan)


@permission_required(COMMENT, fetch=find_masterplan, methods=("POST",))
def comment_resolve(request, masterplan, comment_pk):
    comment = get_object_or_404(Comment, masterplan=masterplan, pk=comment_pk, is_resolved=False)
    comment.masterplan = masterplan
    services.resolve_comment(comment, by=request.user)
    return redirect(f"{reverse('masterplans:part', args=[masterplan.pk, comment.part])}#comments")
