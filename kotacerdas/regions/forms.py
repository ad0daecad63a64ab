from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.models import User
from kotacerdas.core.forms import DateInput
from kotacerdas.core.scans import ScanField
from kotacerdas.regions.models import (
    NIP_VALIDATOR,
    BodyMember,
    Opd,
    RegionalBody,
    RegionMembership,
    normal_nip,
)


class OpdForm(forms.ModelForm):
    class Meta:
        model = Opd
        fields = ["name", "short_name", "head_name", "head_title"]

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = Opd.objects.filter(region=self.region, name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This region already has an agency with this name."))
        return name

    def save(self, commit=True):
        self.instance.region = self.region
        return super().save(commit=commit)


class MembershipForm(forms.ModelForm):
    user = forms.ModelChoiceField(
        label=_("User"), queryset=User.objects.filter(is_active=True).order_by("full_name")
    )

    class Meta:
        model = RegionMembership
        fields = ["user", "role"]

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region

    def clean_user(self):
        user = self.cleaned_data["user"]
        if RegionMembership.objects.filter(region=self.region, user=user).exists():
            raise forms.ValidationError(_("This person is already a member of this region's team."))
        return user

    def save(self, commit=True):
        self.instance.region = self.region
        return super().save(commit=commit)


class RegionalBodyForm(forms.ModelForm):
    """A body and its decree. Carries the revision it was opened at, so a stale save is refused
    (core/concurrency.py)."""

    # A plain file input: the clearable one would link the stored file by its storage URL, and scans are served
    # only through regions:body_scan, which checks the permission.
    scan = ScanField(label=_("Scan of the decree"), widget=forms.FileInput)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = RegionalBody
        fields = [
            "kind",
            "decree_number",
            "decree_date",
            "decree_signed_by",
            "scan",
            "period_start",
            "period_end",
            "notes",
        ]
        widgets = {
            "decree_date": DateInput(),
            "period_start": DateInput(),
            "period_end": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.instance.region = region
        if self.instance.pk and not self.is_bound:
            self.fields["revision"].initial = self.instance.revision

    def clean_decree_number(self):
        return " ".join(self.cleaned_data["decree_number"].split())


class NipField(forms.CharField):
    """A NIP typed in groups ("19700101 199503 1 001"), with dots or as 18 digits, kept as its 18 digits. The box
    is longer than a NIP so that the groups fit; the numeric keyboard on a phone."""

    def __init__(self, **kwargs):
        # The model's max_length (18) would refuse the groups before they are joined: the box takes 40.
        kwargs.update(max_length=40, validators=[NIP_VALIDATOR])
        kwargs.pop("min_length", None)
        super().__init__(**kwargs)

    def to_python(self, value):
        return normal_nip(super().to_python(value))

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric", "autocomplete": "off"}


class BodyMemberForm(forms.ModelForm):
    class Meta:
        model = BodyMember
        fields = ["name", "nip", "position", "role", "opd", "order"]
        field_classes = {"nip": NipField}

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.instance.body = body
        self.fields["opd"].queryset = Opd.objects.filter(region_id=body.region_id)
        self.fields["opd"].required = False

    def clean(self):
        cleaned = super().clean()
        # Save clicked twice sends the member twice; the same person may also be typed in again. The same NIP, or
        # the same name (any case and spacing), in this body is refused.
        name = " ".join((cleaned.get("name") or "").split()).casefold()
        others = BodyMember.objects.filter(body=self.body)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        nip = cleaned.get("nip")
        match = others.filter(nip=nip).first() if nip else None
        if match is None and name:
            match = next(
                (m for m in others.only("name") if " ".join(m.name.split()).casefold() == name), None
            )
        if match is not None:
            raise forms.ValidationError(
                _("%(name)s is already a member of this body."), code="duplicate", params={"name": match.name}
            )
        return cleaned
