"""Signed scans: the PDF or image of a signed letter, agreement or decree.

One upload field and one download for every scan the secretariat keeps (agreements, decrees of regional bodies,
signed letters), so each is checked the same way:

- the content decides, not the name or the browser's content type: a PDF starts with ``%PDF-``, a PNG and a JPEG
  with their signatures; anything else (an Office file, an HTML page renamed ``.pdf``, an SVG) is refused;
- at most ``SCAN_MAX_BYTES`` (10 MB: a multi-page scan at 200 dpi fits);
- stored under a random name in the app's folder, so an uploaded name never becomes a path or a link;
- served only through a view that has checked the permission, as an attachment with ``nosniff`` (the middleware
  sets it), never from a public URL.
"""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

SCAN_MAX_BYTES = 10 * 1024 * 1024

# Leading bytes -> the extension the file is stored under.
_SIGNATURES = (
    (b"%PDF-", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
)
SCAN_ACCEPT = "application/pdf,image/png,image/jpeg"


def scan_extension(upload) -> str:
    """The extension the upload's content shows it to be, or a ValidationError in the user's language."""
    if upload.size > SCAN_MAX_BYTES:
        raise ValidationError(
            _("The scan is %(size)s; at most %(limit)s is accepted."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(SCAN_MAX_BYTES)},
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, extension in _SIGNATURES:
        if head.startswith(signature):
            return extension
    raise ValidationError(_("A scan must be a PDF, PNG or JPEG file."), code="not_a_scan")


class ScanField(forms.FileField):
    """A form field for a signed scan: PDF, PNG or JPEG by content, at most SCAN_MAX_BYTES, renamed at random."""

    # A plain file input: the clearable one prints the stored name and links its /media/ address, which must
    # never appear (scans are served only through a view that checked the permission).
    widget = forms.FileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("PDF, PNG or JPEG, at most 10 MB."))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = SCAN_ACCEPT
        return attrs

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial and hasattr(upload, "size"):
            upload.name = uuid.uuid4().hex + scan_extension(upload)
        return upload


def scan_download(fieldfile, filename_stem: str) -> FileResponse:
    """The stored scan as an attachment named ``<filename_stem>.<ext>``; 404 when there is none or it is gone.
    The caller has already checked that the user may see it."""
    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    extension = fieldfile.name.rsplit(".", 1)[-1].lower() if "." in fieldfile.name else "pdf"
    return FileResponse(handle, as_attachment=True, filename=f"{filename_stem}.{extension}")
