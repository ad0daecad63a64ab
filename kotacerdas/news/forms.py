import io
import re
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps, UnidentifiedImageError

from kotacerdas.news.models import RESERVED_SLUGS, Post, PostImage
from kotacerdas.news.protection import TokenProblem, check_token, form_token
from kotacerdas.regions.models import Region

_LINK = re.compile(r"(?i)\b(?:https?://|www\.)|\[url|<a\s")
HONEYPOT = "fax"


def count_links(text: str) -> int:
    return len(_LINK.findall(text or ""))


class PublicSubmissionForm(forms.Form):
    """What every public form asks, plus the hidden guards: a signed render time and a honeypot field."""

    name = forms.CharField(label=_("Your name"), max_length=80)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("Never shown. The secretariat may use it to contact you about your message."),
    )
    # Not for people: hidden from view and from screen readers (the template), left empty by browsers.
    fax = forms.CharField(label=_("Leave this field empty"), required=False)
    ts = forms.CharField(widget=forms.HiddenInput, required=False)

    text_min_length = 2

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields[HONEYPOT].widget.attrs.update(autocomplete="off", tabindex="-1")
        if not self.is_bound:
            self.initial.setdefault("ts", form_token())

    @property
    def is_trap(self) -> bool:
        """A robot filled the field people never see."""
        return bool(self.data.get(HONEYPOT, "").strip()) if self.is_bound else False

    def renew_token(self) -> None:
        """A fresh render time for the form shown again with its errors."""
        self.data = self.data.copy()
        self.data["ts"] = form_token()

    def clean_name(self):
        name = self.cleaned_data["name"]
        if count_links(name) or "://" in name:
            raise ValidationError(_("A name cannot contain a web address."))
        return name

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text) < self.text_min_length:
            raise ValidationError(_("Please write a little more."))
        limit = getattr(settings, "NEWS_MAX_LINKS", 2)
        if count_links(text) > limit:
            raise ValidationError(
                ngettext("At most %(n)d link, please.", "At most %(n)d links, please.", limit) % {"n": limit}
            )
        return text

    def clean(self):
        cleaned = super().clean()
        problem = check_token(self.data.get("ts", ""))
        if problem == TokenProblem.TOO_FAST:
            raise ValidationError(
                _("That was very quick. Please read your message once more, then send it again."),
                code="too_fast",
            )
        if problem is not None:
            raise ValidationError(_("The form has expired. Please send your message again."), code="expired")
        return cleaned


class CommentForm(PublicSubmissionForm):
    text = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text. Comments appear after moderation."),
    )

    field_order = ["name", "email", "text", HONEYPOT, "ts"]


RATING_CHOICES = [
    (5, _("5 · very good")),
    (4, _("4 · good")),
    (3, _("3 · fair")),
    (2, _("2 · poor")),
    (1, _("1 · very poor")),
]


class FeedbackForm(PublicSubmissionForm):
    rating = forms.TypedChoiceField(
        label=_("Your rating"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Why this rating?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What works, what could be better. Shown after moderation."),
    )

    text_min_length = 10
    field_order = ["rating", "text", "name", "email", HONEYPOT, "ts"]


# --- the secretariat's forms -----------------------------------------------------------------------------


class RegionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class PostForm(forms.ModelForm):
    regions = RegionChoiceField(
        label=_("Regions"),
        queryset=Region.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The regions the post is about. Hold Ctrl (⌘ on a Mac) to choose several."),
    )

    class Meta:
        model = Post
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "regions",
            "status",
            "publish_at",
            "comments_open",
            "hold_comments",
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 16}),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "publish_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if slug in RESERVED_SLUGS:
            raise ValidationError(_("This address is taken by a page of the site; choose another."))
        return slug


IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".png"}
IMAGE_MAX_SIDE = 2400


def _image_max_bytes() -> int:
    return getattr(settings, "NEWS_IMAGE_MAX_BYTES", 3 * 1024 * 1024)


class PostImageForm(forms.ModelForm):
    class Meta:
        model = PostImage
        fields = ["image", "alt_text", "caption", "order"]
        # A plain file input: the current image shows as a thumbnail served by news:image (the media folder is
        # not served), and choosing a file replaces it.
        widgets = {"image": forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        self.fields["order"].widget.attrs.update(min=0, max=99)

    def clean_order(self):
        return self.cleaned_data.get("order") or 0

    def clean_image(self):
        """JPEG, PNG or WebP (a GIF becomes a PNG), at most NEWS_IMAGE_MAX_BYTES, re-encoded: the stored file
        is one Pillow wrote, without metadata (no camera location), at most 2400 px on its longer side, under
        a random name."""
        upload = self.cleaned_data.get("image")
        if not upload or upload is False or not hasattr(upload, "content_type"):
            return upload  # unchanged (an image kept from before) or cleared
        if upload.size > _image_max_bytes():
            raise ValidationError(
                _("The image is too large: at most %(mb)s MB.")
                % {"mb": round(_image_max_bytes() / 1024 / 1024, 1)}
            )
        try:
            upload.seek(0)
            with Image.open(upload) as source:
                kind = source.format
                if kind not in IMAGE_FORMATS:
                    raise ValidationError(_("Upload a JPEG, PNG or WebP image."))
                if source.width * source.height > 40_000_000:
                    raise ValidationError(_("The image has too many pixels."))
                picture = ImageOps.exif_transpose(source)
                picture.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
                out = io.BytesIO()
                if kind == "JPEG":
                    picture.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
                elif kind == "WEBP":
                    picture.save(out, "WEBP", quality=85)
                else:
                    if picture.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                        picture = picture.convert("RGBA")
                    picture.save(out, "PNG", optimize=True)
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
            raise ValidationError(_("This file is not an image we can read.")) from exc
        extension = IMAGE_FORMATS[kind]
        content_type = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}[extension]
        return SimpleUploadedFile(uuid.uuid4().hex + extension, out.getvalue(), content_type=content_type)

    def clean_alt_text(self):
        alt = self.cleaned_data["alt_text"].strip()
        if not alt:
            raise ValidationError(_("Describe the image for people who cannot see it."))
        return alt


PostImageFormSet = inlineformset_factory(
    Post, PostImage, form=PostImageForm, extra=2, can_delete=True, max_num=8, validate_max=True
)
