"""The upload form of the indicator value and progress import: file type and size; the rows are checked by
``spreadsheets.build_preview``."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.core.spreadsheets import check_xlsx_upload
from kotacerdas.monitoring import spreadsheets

# Browsers and operating systems label .xlsx uploads differently; the content is checked by opening it.


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
        name = check_xlsx_upload(
            upload,
            too_large=_(
                "The file is %(size)s MB; at most 2 MB can be uploaded. Remove images or other sheets, or split "
                "the rows into several files."
            ),
        )
        data = upload.read()
        try:
            self.preview = spreadsheets.build_preview(self.participation, data, filename=name, by=self.user)
        except spreadsheets.SpreadsheetError as exc:
            raise ValidationError(exc.message) from exc
        self.data_bytes, self.filename = data, name
        return upload
