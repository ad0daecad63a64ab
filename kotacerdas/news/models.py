"""News from the secretariat, comments from the public on it, and residents' feedback on delivered quick wins.

Comments and feedback come from people without an account. Both are held for moderation: only approved ones
are ever shown, and the e-mail address is never shown outside the secretariat's moderation queue.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.models import TimeStampedModel
from kotacerdas.core.periods import Problems, date_outside
from kotacerdas.masterplans.models import MasterplanProgramme
from kotacerdas.regions.models import Region

# A post can be scheduled at most this far ahead: a mistyped year would otherwise hide it for good.
SCHEDULE_AHEAD = datetime.timedelta(days=366)
FIRST_PUBLICATION = datetime.date(2000, 1, 1)

# Paths of the news app that a post's slug must not take (news/<slug>/ sits beside them).
RESERVED_SLUGS = frozenset({"manage", "moderation", "images", "quick-wins", "regions"})


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PostQuerySet(models.QuerySet):
    def published(self, now=None):
        """Public posts: published, and their publication time has come (a scheduled post stays hidden)."""
        return self.filter(status=PostStatus.PUBLISHED, publish_at__lte=now or timezone.now())

    def visible_to(self, user):
        """The secretariat also sees drafts and scheduled posts; everyone else the public ones."""
        if user and user.is_authenticated and user.is_active and user.is_secretariat:
            return self
        return self.published()


class Post(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("address (slug)"),
        max_length=120,
        unique=True,
        help_text=_("The last part of the post's web address: lower-case letters, digits and hyphens."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences for the list of news and for search engines."),
    )
    body = models.TextField(
        _("text"),
        max_length=20000,
        help_text=_(
            "Plain text: a blank line starts a new paragraph. Also: ## heading, - list item, **bold**, "
            "*italic*, [link text](https://…). HTML is shown as text."
        ),
    )
    regions = models.ManyToManyField(Region, blank=True, related_name="news_posts", verbose_name=_("regions"))
    publish_at = models.DateTimeField(
        _("publish at"),
        default=timezone.now,
        help_text=_("A published post stays hidden until this time."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PostStatus.choices, default=PostStatus.DRAFT
    )
    comments_open = models.BooleanField(_("comments open"), default=True)
    hold_comments = models.BooleanField(
        _("hold comments for moderation"),
        default=True,
        help_text=_(
            "Off: comments appear at once, and the secretariat can still remove them in the moderation queue."
        ),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        indexes = [models.Index(fields=["status", "publish_at"], name="news_post_public_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:post_detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.publish_at:
            last = timezone.localdate(timezone.now() + SCHEDULE_AHEAD)
            when = self.publish_at
            day = timezone.localdate(when) if timezone.is_aware(when) else when.date()
            problems = Problems()
            problems.add("publish_at", date_outside(day, FIRST_PUBLICATION, last, _("at most a year ahead")))
            problems.raise_any()

    @property
    def is_public(self) -> bool:
        return self.status == PostStatus.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return self.status == PostStatus.PUBLISHED and self.publish_at > timezone.now()


class PostImage(models.Model):
    """An image of a post. Uploaded files are checked and re-encoded (forms.py); they are served through a
    view that checks the post is visible (views.image), never straight from the media folder."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to="news/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    alt_text = models.CharField(
        _("text alternative"),
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt_text

    def get_absolute_url(self):
        return reverse("news:image", args=[self.pk])


class ModerationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")


# Where a comment or feedback may go from each state. Nothing goes back to "pending": once a moderator has
# looked at it, the decision can be changed, but it stays a decision.
MODERATION_TRANSITIONS = {
    ModerationStatus.PENDING: {ModerationStatus.APPROVED, ModerationStatus.REJECTED, ModerationStatus.SPAM},
    ModerationStatus.APPROVED: {ModerationStatus.REJECTED, ModerationStatus.SPAM},
    ModerationStatus.REJECTED: {ModerationStatus.APPROVED, ModerationStatus.SPAM},
    ModerationStatus.SPAM: {ModerationStatus.APPROVED, ModerationStatus.REJECTED},
}


class SubmissionQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ModerationStatus.APPROVED)

    def pending(self):
        return self.filter(status=ModerationStatus.PENDING)


class Submission(models.Model):
    """What the public sends: a name, an e-mail address that is never shown publicly, and a text."""

    name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("e-mail address"))
    text = models.TextField(_("text"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=ModerationStatus.choices, default=ModerationStatus.PENDING
    )
    # A keyed hash of the sender's IP address (never the address itself), to see floods in the queue.
    client_hash = models.CharField(_("client"), max_length=16, blank=True, db_index=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, editable=False, db_index=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]


class PostComment(Submission):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments", verbose_name=_("post"))

    class Meta(Submission.Meta):
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["post", "status"], name="news_comment_post_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected", "spam"]),
                name="news_comment_status_valid",
            )
        ]

    def __str__(self):
        return _("Comment by %(name)s on “%(post)s”") % {"name": self.name, "post": self.post.title}


class QuickWinFeedback(Submission):
    """A resident's rating (1–5) of a delivered quick win, and why."""

    programme = models.ForeignKey(
        MasterplanProgramme,
        on_delete=models.CASCADE,
        related_name="resident_feedback",
        verbose_name=_("quick win"),
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta(Submission.Meta):
        verbose_name = _("quick-win feedback")
        verbose_name_plural = _("quick-win feedback")
        indexes = [models.Index(fields=["programme", "status"], name="news_feedback_prog_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="news_feedback_rating_1_5"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected", "spam"]),
                name="news_feedback_status_valid",
            ),
        ]

    def __str__(self):
        return _("Feedback by %(name)s on “%(quick_win)s”") % {
            "name": self.name,
            "quick_win": self.programme.name,
        }
