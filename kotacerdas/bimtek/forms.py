"""Forms of the bimtek pages: the attendance upload, the walk-in at the check-in desk, an expected deliverable and
its receipt. Each checks the model's own rules (``Attendee.clean`` and the others) before a service writes."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.bimtek import spreadsheets
from kotacerdas.bimtek.models import Attendee, DeliverableExpectation, DeliverableReceipt
from kotacerdas.core.forms import DateInput
from kotacerdas.core.spreadsheets import check_xlsx_upload
from kotacerdas.regions.forms import NipField
from kotacerdas.regions.models import Opd


class AttendanceUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx)"),
        help_text=gettext_lazy("At most 2 MB. Start from the template of this stage."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{spreadsheets.XLSX_CONTENT_TYPE}"}),
    )

    def __init__(self, *args, stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage
        self.data_bytes, self.filename = b"", ""
        self.preview: spreadsheets.Preview | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = check_xlsx_upload(
            upload,
            too_large=_(
                "The file is %(size)s MB; at most 2 MB can be uploaded. Split the rows into several files."
            ),
        )
        data = upload.read()
        try:
            self.preview = spreadsheets.build_preview(self.stage, data, filename=name)
        except spreadsheets.SpreadsheetError as exc:
            raise ValidationError(exc.message) from exc
        self.data_bytes, self.filename = data, name
        return upload


class WalkInForm(forms.ModelForm):
    """A person who came without an invitation: region, name and what is known of them."""

    class Meta:
        model = Attendee
        fields = ["participation", "name", "nip", "position", "opd", "opd_name"]
        field_classes = {"nip": NipField}

    def __init__(self, *args, stage, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.stage, self.instance.attended_on, self.instance.invited = stage, day, False
        participations = stage.cohort.participations.select_related("region").order_by("region__name")
        self.fields["participation"].queryset = participations
        self.fields["participation"].label_from_instance = lambda p: p.region.name
        self.fields["opd"].queryset = Opd.objects.filter(
            region__in=[p.region_id for p in participations]
        ).select_related("region")
        self.fields["opd"].label_from_instance = lambda o: f"{o.name} ({o.region.name})"
        self.fields["opd"].required = False

    def clean(self):
        cleaned = super().clean()
        # A double tap on Add sends the walk-in twice; someone on the list may also be added again by mistake.
        # The same region's person with the same name (as typed, any case) or the same NIP is refused.
        participation, name = cleaned.get("participation"), " ".join((cleaned.get("name") or "").split())
        if participation and name:
            same = Attendee.objects.filter(stage=self.instance.stage, participation=participation)
            nip = cleaned.get("nip")
            match = same.filter(nip=nip).first() if nip else None
            match = match or next(
                (a for a in same.only("name") if " ".join(a.name.split()).casefold() == name.casefold()), None
            )
            if match is not None:
                raise ValidationError(
                    _("%(name)s is already on the list of this stage: search for the name and tap Present."),
                    params={"name": match.name},
                )
        return cleaned


class ExpectationForm(forms.ModelForm):
    class Meta:
        model = DeliverableExpectation
        fields = ["title", "due_on"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.stage = stage


class ReceiptForm(forms.ModelForm):
    class Meta:
        model = DeliverableReceipt
        fields = ["participation", "received_on", "note"]
        widgets = {"received_on": DateInput()}

    def __init__(self, *args, expectation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.expectation = expectation
        self.fields["participation"].queryset = expectation.stage.cohort.participations.select_related(
            "region"
        ).order_by("region__name")
        self.fields["participation"].label_from_instance = lambda p: p.region.name

    def validate_unique(self):
        """A receipt recorded again corrects the day (the service updates the row)."""
