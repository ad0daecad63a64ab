from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.models import User
from kotacerdas.core.scans import ScanField
from kotacerdas.regions.models import NIP_VALIDATOR, BodyMember, Opd, RegionalBody, RegionMembership


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


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


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


class BodyMemberForm(forms.ModelForm):
    # Longer than a NIP, so a NIP written in groups ("19700101 199503 1 001") arrives and is read without spaces.
    nip = forms.CharField(
        label=_("NIP"),
        max_length=40,
        required=False,
        help_text=BodyMember._meta.get_field("nip").help_text,
    )

    class Meta:
        model = BodyMember
        fields = ["name", "nip", "position", "role", "opd", "order"]

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.instance.body = body
        self.fields["opd"].queryset = Opd.objects.filter(region_id=body.region_id)
        self.fields["opd"].required = False

    def clean_nip(self):
        nip = "".join(self.cleaned_data["nip"].split())
        if nip:
            NIP_VALIDATOR(nip)
        return nip
