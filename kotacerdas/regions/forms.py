from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.accounts.models import User
from kotacerdas.regions.models import Opd, RegionMembership


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
