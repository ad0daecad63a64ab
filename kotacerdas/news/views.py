"""News pages, public comments and quick-win feedback, the secretariat's post editor and moderation queue.

Public pages show only public posts (published, publication time reached), approved comments and feedback,
and quick wins of published masterplans. E-mail addresses appear only in the moderation queue.
"""

import math
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kotacerdas.core.cache import public_page
from kotacerdas.core.middleware import query_int
from kotacerdas.core.permissions import permission_required, public
from kotacerdas.masterplans import published
from kotacerdas.news import services
from kotacerdas.news.forms import CommentForm, FeedbackForm, PostForm, PostImageFormSet
from kotacerdas.news.models import ModerationStatus, Post, PostComment, PostImage, QuickWinFeedback
from kotacerdas.news.protection import client_id, note_submission, retry_after
from kotacerdas.regions.models import Region
from kotacerdas.regions.rules import RegionRight, regions_where

POSTS_PER_PAGE = 10
FEEDBACK_PER_PAGE = 20
QUEUE_PER_PAGE = 50
_IMAGES = Prefetch("images", queryset=PostImage.objects.order_by("order", "pk"))


def _querystring(request, **changes) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


# --- public: news ----------------------------------------------------------------------------------------


@public
@public_page
def post_list(request):
    posts = Post.objects.published().prefetch_related("regions", _IMAGES)
    code = request.GET.get("region", "")
    region = Region.objects.filter(code=code).first() if code else None
    if code:
        posts = posts.filter(regions=region) if region else posts.none()
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    # Only regions named in public posts: a draft's tags reveal nothing.
    tagged = Region.objects.filter(news_posts__in=Post.objects.published()).distinct().order_by("name")
    return render(
        request,
        "news/post_list.html",
        {
            "page": page,
            "region": region,
            "region_code": code,
            "tagged_regions": tagged,
            "querystring": _querystring(request),
            "may_manage": request.user.has_perm("news.manage_posts"),
            "nav_active": "news",
        },
    )


def _post_page(request, post, form, *, status=200):
    comments = list(post.comments.approved().order_by("created_at", "pk"))
    if not post.hold_comments:
        form.fields["text"].help_text = _("Plain text.")
    return render(
        request,
        "news/post_detail.html",
        {
            "post": post,
            "comments": comments,
            "form": form if post.is_public and post.comments_open else None,
            "may_manage": request.user.has_perm("news.manage_posts"),
            "nav_active": "news",
        },
        status=status,
    )


@public
def post_detail(request, slug):
    post = get_object_or_404(
        Post.objects.visible_to(request.user).prefetch_related("regions", _IMAGES), slug=slug
    )
    return _post_page(request, post, CommentForm())


def _slow_down(request, wait_seconds: int, back: str):
    """429, nothing stored; the text comes back (escaped, read-only) so that it is not lost."""
    response = render(
        request,
        "news/slow_down.html",
        {
            "minutes": max(1, math.ceil(wait_seconds / 60)),
            "back": back,
            "text": request.POST.get("text", "")[:2000],
            "nav_active": "news",
        },
        status=429,
    )
    response["Retry-After"] = str(wait_seconds)
    return response


@require_POST
@public
def comment_add(request, slug):
    post = get_object_or_404(Post.objects.published().prefetch_related("regions", _IMAGES), slug=slug)
    back = post.get_absolute_url() + "#comments"
    client = client_id(request)
    wait = retry_after(client)
    if wait:
        return _slow_down(request, wait, back)
    form = CommentForm(request.POST)
    if post.hold_comments:
        thanks = _("Thank you. Your comment will appear after moderation.")
    else:
        thanks = _("Thank you. Your comment is published.")
    if form.is_trap:
        note_submission(client)  # a robot: answered like a person, nothing stored
        messages.success(request, thanks)
        return redirect(back)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_comment(
                post, name=data["name"], email=data["email"], text=data["text"], client=client
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            note_submission(client)
            messages.success(request, thanks)
            return redirect(back)
    form.renew_token()
    return _post_page(request, post, form, status=400)


@public
def image(request, pk):
    """A post's image, only while the post is visible to the reader (a draft's images stay private)."""
    picture = get_object_or_404(
        PostImage.objects.filter(post__in=Post.objects.visible_to(request.user)).select_related("post"), pk=pk
    )
    try:
        handle = picture.image.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    extension = picture.image.name.rsplit(".", 1)[-1].lower()
    content_type = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
    response = FileResponse(handle, content_type=content_type.get(extension, "application/octet-stream"))
    response["Cache-Control"] = "public, max-age=3600" if picture.post.is_public else "private, no-store"
    return response


# --- public: quick-win feedback --------------------------------------------------------------------------


def _quick_win(pk, queryset):
    return get_object_or_404(
        services.with_delivery(queryset).select_related(
            "masterplan__participation__region__province",
            "masterplan__participation__cohort",
            "strategy__dimension",
            "owner_opd",
        ),
        pk=pk,
    )


def _feedback_page(request, programme, form, *, status=200):
    approved = programme.resident_feedback.approved().order_by("-created_at", "-pk")
    region = programme.masterplan.participation.region
    # Its name, agency and texts as its masterplan published them (masterplans/published.py).
    shown = published.publish_programmes([programme])
    if not shown:  # added to the masterplan after its publication
        raise Http404
    return render(
        request,
        "news/quick_win_feedback.html",
        {
            "programme": shown[0],
            "region": region,
            "may_see_region": request.user.has_perm("news.view_region_feedback", region),
            "feedback": services.feedback_summary(programme),
            "page": Paginator(approved, FEEDBACK_PER_PAGE).get_page(request.GET.get("page")),
            "querystring": _querystring(request),
            "form": form if programme.is_delivered else None,
            "nav_active": "news",
        },
        status=status,
    )


@public
def quick_win_feedback(request, pk):
    """A public quick win: residents' rating and approved comments, and the form to rate it once delivered."""
    programme = _quick_win(pk, services.public_quick_wins())
    return _feedback_page(request, programme, FeedbackForm())


@require_POST
@public
def feedback_add(request, pk):
    programme = _quick_win(pk, services.public_quick_wins())
    if not programme.is_delivered:
        raise Http404
    back = reverse("news:quick_win_feedback", args=[programme.pk]) + "#rate"
    client = client_id(request)
    wait = retry_after(client)
    if wait:
        return _slow_down(request, wait, back)
    form = FeedbackForm(request.POST)
    thanks = _("Thank you. Your feedback will appear after moderation.")
    if form.is_trap:
        note_submission(client)
        messages.success(request, thanks)
        return redirect(back)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_feedback(
                programme,
                rating=data["rating"],
                name=data["name"],
                email=data["email"],
                text=data["text"],
                client=client,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            note_submission(client)
            messages.success(request, thanks)
            return redirect(back)
    form.renew_token()
    return _feedback_page(request, programme, form, status=400)


# --- the region's team: feedback on its quick wins -------------------------------------------------------


def _team_region(request, code):
    """Finder (core/permissions.py): a region whose team the user is not in answers 404."""
    return get_object_or_404(
        regions_where(request.user, RegionRight.VIEW).select_related("province"), code=code
    )


@permission_required("news.view_region_feedback", fetch=_team_region)
def region_feedback(request, region):
    quick_wins = list(
        services.with_delivery(services.public_quick_wins().filter(masterplan__participation__region=region))
        .select_related("masterplan__participation__cohort", "strategy__dimension", "owner_opd")
        .order_by("-masterplan__participation__cohort__year", "strategy__dimension__order", "pk")
    )
    ids = [q.pk for q in quick_wins]
    summaries = services.feedback_summaries(ids)
    comments = {}
    for feedback in (
        QuickWinFeedback.objects.approved().filter(programme_id__in=ids).order_by("-created_at", "-pk")
    ):
        comments.setdefault(feedback.programme_id, []).append(feedback)
    pending = dict(
        QuickWinFeedback.objects.pending()
        .filter(programme_id__in=ids)
        .values_list("programme_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [
        {
            "quick_win": q,
            "feedback": summaries[q.pk],
            "comments": comments.get(q.pk, []),
            "pending": pending.get(q.pk, 0),
        }
        for q in quick_wins
    ]
    overall = services.FeedbackSummary()
    for summary in summaries.values():
        overall.count += summary.count
        overall.total += summary.total
        for rating, n in summary.distribution.items():
            overall.distribution[rating] += n
    masterplans = [
        (masterplan, list(group))
        for masterplan, group in groupby(rows, key=lambda r: r["quick_win"].masterplan)
    ]
    return render(
        request,
        "news/region_feedback.html",
        {"region": region, "masterplans": masterplans, "overall": overall, "nav_active": "news"},
    )


# --- the secretariat: posts ------------------------------------------------------------------------------


@permission_required("news.manage_posts")
def post_manage(request):
    posts = Post.objects.annotate(
        n_pending=Count("comments", filter=Q(comments__status=ModerationStatus.PENDING)),
        n_approved=Count("comments", filter=Q(comments__status=ModerationStatus.APPROVED)),
    ).prefetch_related("regions")
    page = Paginator(posts.order_by("-publish_at", "-pk"), 25).get_page(request.GET.get("page"))
    return render(request, "news/post_manage.html", {"page": page, "querystring": "", "nav_active": "news"})


def _post_form_page(request, post):
    form = PostForm(request.POST or None, instance=post)
    images = PostImageFormSet(request.POST or None, request.FILES or None, instance=post or Post())
    if request.method == "POST" and form.is_valid() and images.is_valid():
        saved = services.save_post(form, images, by=request.user)
        messages.success(request, _("The post is saved."))
        return redirect(saved.get_absolute_url())
    return render(
        request,
        "news/post_form.html",
        {"form": form, "images": images, "post": post, "nav_active": "news"},
        status=400 if request.method == "POST" else 200,
    )


@permission_required("news.manage_posts")
def post_create(request):
    return _post_form_page(request, None)


def _post(request, pk):
    """Finder (core/permissions.py): a post the user may not read (a draft, for all but the secretariat) answers
    404."""
    return get_object_or_404(Post.objects.visible_to(request.user), pk=pk)


@permission_required("news.manage_posts", fetch=_post)
def post_edit(request, post):
    return _post_form_page(request, post)


# --- the secretariat: moderation -------------------------------------------------------------------------

DECISIONS = [ModerationStatus.APPROVED, ModerationStatus.REJECTED, ModerationStatus.SPAM]


def _queue(kind: str, status: str):
    model = services.KINDS[kind]
    same_client = (
        model.objects.filter(client_hash=OuterRef("client_hash"))
        .order_by()
        .values("client_hash")
        .annotate(n=Count("pk"))
        .values("n")
    )
    items = model.objects.filter(status=status).annotate(client_count=Subquery(same_client))
    related = ["post"] if model is PostComment else ["programme__masterplan__participation__region"]
    items = items.select_related("moderated_by", *related)
    oldest_first = status == ModerationStatus.PENDING
    return items.order_by(*(("created_at", "pk") if oldest_first else ("-created_at", "-pk")))


def _moderate(request):
    kind = request.POST.get("kind", "")
    back_status = request.POST.get("status", ModerationStatus.PENDING)
    if kind not in services.KINDS or back_status not in ModerationStatus.values:
        return None
    one = request.POST.get("one", "")
    if one:
        pk, _sep, new = one.partition(":")
        ids = [pk]
    else:
        new, ids = request.POST.get("bulk", ""), request.POST.getlist("ids")
    ids = [pk for i in ids if (pk := query_int({"id": i}, "id")) is not None]
    if new not in DECISIONS:
        return None
    if not ids:
        messages.warning(request, _("Choose at least one item first."))
    else:
        changed, skipped = services.change_status_many(services.KINDS[kind], ids, new, by=request.user)
        label = ModerationStatus(new).label
        messages.success(
            request,
            ngettext("%(n)d item is now “%(status)s”.", "%(n)d items are now “%(status)s”.", changed)
            % {"n": changed, "status": label},
        )
        if skipped:
            messages.warning(
                request,
                ngettext(
                    "%(n)d item was left as it was (already decided that way).",
                    "%(n)d items were left as they were (already decided that way).",
                    skipped,
                )
                % {"n": skipped},
            )
    query = {"kind": kind, "status": back_status}
    page = request.POST.get("page", "")
    if page.isdigit():
        query["page"] = page
    return redirect(reverse("news:moderation") + "?" + urlencode(query))


@permission_required("news.moderate")
def moderation(request):
    """Pending (or decided) comments and feedback; approve, reject or mark as spam, one by one or in bulk."""
    if request.method == "POST":
        response = _moderate(request)
        if response is None:
            return render(request, "core/error.html", {"code": 400}, status=400)
        return response
    kind = request.GET.get("kind", "")
    kind = kind if kind in services.KINDS else "comments"
    status = request.GET.get("status", "")
    status = status if status in ModerationStatus.values else ModerationStatus.PENDING
    page = Paginator(_queue(kind, status), QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    pending = {
        "comments": PostComment.objects.pending().count(),
        "feedback": QuickWinFeedback.objects.pending().count(),
    }
    return render(
        request,
        "news/moderation.html",
        {
            "page": page,
            "kind": kind,
            "status": status,
            "statuses": ModerationStatus.choices,
            "decisions": [
                (ModerationStatus.APPROVED, _("Approve")),
                (ModerationStatus.REJECTED, _("Reject")),
                (ModerationStatus.SPAM, _("Mark as spam")),
            ],
            "pending": pending,
            "querystring": _querystring(request),
            "nav_active": "news",
        },
    )
