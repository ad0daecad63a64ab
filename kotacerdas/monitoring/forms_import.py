"""The upload form of the indicator value and progress import: file type and size; the rows are checked by
``spreadsheets.build_preview``."""

import os

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.monitoring import spreadsheets

# Browsers and operating systems label .xlsx uploads differently; the content is checked by opening it.
ACCEPTED_CONTENT_TYPES = {
    spreadsheets.XLSX_CONTENT_TYPE,
    "application/octet-stream",
    "application/zip",
    "application/x-zip-compressed",
}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx)"),
        help_text=gettext_lazy("At most 2 MB. Start from the template of this region."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{spreadsheets.XLSX_CONTENT_TYPE}"}),
    )

    def __init__(self, *args, participation, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.participation, self.user = participation, user
        self.data_bytes = b""
        self.filename = ""
        self.preview: spreadsheets.Preview | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = os.path.basename(upload.name or "")
        if not name.lower().endswith(".xlsx"):
            raise ValidationError(
                _("Upload an Excel workbook with the extension .xlsx. Other formats (.xls, .csv, .ods) cannot be "
                  "imported: save the file as “Excel Workbook (.xlsx)” first.")
            )  # fmt: skip
        content_type = (upload.content_type or "").split(";")[0].strip().lower()
        if content_type and content_type not in ACCEPTED_CONTENT_TYPES:
            raise ValidationError(
                _("This file is of type “%(type)s”, not an Excel workbook (.xlsx).") % {"type": content_type}
            )
        if upload.size > spreadsheets.MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is %(size)s MB; at most 2 MB can be uploaded. Remove images or other sheets, or split "
                  "the rows into several files.") % {"size": f"{upload.size / 1024 / 1024:.1f}"}
            )  # fmt: skip
        data = upload.read()
        try:
            self.preview = spreadsheets.build_preview(self.participation, data, filename=name, by=self.user)
        except spreadsheets.SpreadsheetError as exc:
            raise ValidationError(exc.message) from exc
        self.data_bytes, self.filename = data, name
        return upload
