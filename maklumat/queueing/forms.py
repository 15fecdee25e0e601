from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from maklumat.applications.models import Application
from maklumat.queueing.models import BreakReason, CounterBreak, Series, Step
from maklumat.queueing.rules import phone_problem


def phone_validator(value: str) -> None:
    """The service's own rule (``rules.phone_problem``), shown early on the form."""
    problem = phone_problem(value.strip())
    if problem:
        raise forms.ValidationError(problem)


class KioskForm(forms.Form):
    """The kiosk's buttons each submit ``pick`` = "<step id>:<class>"."""

    pick = forms.RegexField(regex=r"^[0-9]{1,10}:[a-z_]{1,20}$")
    phone = forms.CharField(max_length=16, required=False, validators=[phone_validator])

    def clean(self):
        data = super().clean()
        if "pick" in data:
            step, _, ticket_class = data["pick"].partition(":")
            data["step"], data["ticket_class"] = int(step), ticket_class
        return data


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Kode booking M-Paspor"), max_length=40)
    phone = forms.CharField(max_length=16, required=False, validators=[phone_validator])


class OfficerIssueForm(forms.Form):
    series = forms.ModelChoiceField(label=_("Seri"), queryset=Series.objects.none())
    step = forms.ModelChoiceField(label=_("Langkah"), queryset=Step.objects.none())
    phone = forms.CharField(label=_("Telepon (opsional)"), max_length=16, required=False,
                            validators=[phone_validator])
    application_number = forms.CharField(label=_("Nomor permohonan (opsional)"), max_length=40, required=False)

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["series"].queryset = Series.objects.filter(office=office)
        self.fields["step"].queryset = Step.objects.filter(office=office)

    def clean_application_number(self):
        number = self.cleaned_data["application_number"].strip()
        if not number:
            return None
        application = Application.objects.filter(office=self.office, number=number).first()
        if application is None:
            raise forms.ValidationError(_("Nomor permohonan %(number)s tidak ada di kantor ini."),
                                        params={"number": number})
        return application


class TransferForm(forms.Form):
    step = forms.ModelChoiceField(label=_("Alihkan ke"), queryset=Step.objects.none())

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = Step.objects.filter(office=office)


class PauseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Alasan jeda"), choices=BreakReason.choices)
    note = forms.CharField(label=_("Keterangan"), required=False,
                           max_length=CounterBreak._meta.get_field("note").max_length)


class CallNumberForm(forms.Form):
    number = forms.CharField(label=_("Nomor"), max_length=20, widget=forms.TextInput(attrs={"placeholder": "A-012"}))
    reason = forms.CharField(label=_("Alasan di luar urutan"), max_length=200)
