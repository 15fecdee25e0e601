"""Forms of the survey (public) and of the staff pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from maklumat.satisfaction.questionnaire import ELEMENT_LIST, AgeGroup, Education, Occupation, Sex
from maklumat.standards.models import Service


def _optional(choices) -> list:
    return [("", _("— tidak ingin menjawab —")), *choices]


class SurveyForm(forms.Form):
    """Nine required answers (1–4), an optional profile and an optional suggestion."""

    age_group = forms.ChoiceField(label=_("Usia"), choices=_optional(AgeGroup.choices), required=False)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=_optional(Sex.choices), required=False)
    education = forms.ChoiceField(label=_("Pendidikan terakhir"), choices=_optional(Education.choices),
                                  required=False)
    occupation = forms.ChoiceField(label=_("Pekerjaan"), choices=_optional(Occupation.choices), required=False)
    suggestion = forms.CharField(label=_("Saran dan masukan"), required=False, max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    marked_as_complaint = forms.BooleanField(
        label=_("Saran ini adalah pengaduan: teruskan ke petugas pengaduan (tanpa identitas Anda)"), required=False)

    def __init__(self, *args, ask_service: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for element in ELEMENT_LIST:
            self.fields[element.code] = forms.TypedChoiceField(
                label=element.question, coerce=int, widget=forms.RadioSelect,
                choices=[(value, label) for value, label in enumerate(element.answers, start=1)],
                error_messages={"required": _("Pilih salah satu jawaban.")},
            )
        if ask_service:
            self.fields["service"] = forms.ModelChoiceField(
                label=_("Layanan yang Anda terima"), queryset=Service.objects.filter(is_active=True),
                required=False, empty_label=_("— pilih layanan —"))

    def element_fields(self):
        return [(element, self[element.code]) for element in ELEMENT_LIST]

    def profile_fields(self):
        names = ["service"] if "service" in self.fields else []
        return [self[name] for name in [*names, "age_group", "sex", "education", "occupation"]]


class TokenForm(forms.Form):
    kode = forms.CharField(label=_("Kode survei"), max_length=20,
                           help_text=_("Tertera pada tiket antrian atau tanda terima Anda."))


class InvitationForm(forms.Form):
    reference = forms.CharField(label=_("Nomor antrian / permohonan"), max_length=60,
                                help_text=_("Satu transaksi layanan, satu kesempatan mengisi survei."))
    service = forms.ModelChoiceField(label=_("Layanan"), queryset=Service.objects.filter(is_active=True),
                                     required=False, empty_label=_("— pilih layanan —"))


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    target = forms.DecimalField(label=_("Target IKM (1–4)"), min_value=1, max_value=4, decimal_places=4)
    realised_entered = forms.DecimalField(
        label=_("Realisasi (isi hanya untuk tahun sebelum sistem)"), min_value=1, max_value=4, decimal_places=4,
        required=False)
    source = forms.CharField(label=_("Sumber"), max_length=200, required=False)


class FollowUpForm(forms.Form):
    text = forms.CharField(label=_("Rencana tindak lanjut"), widget=forms.Textarea(attrs={"rows": 6}),
                           max_length=5000)


class PopulationForm(forms.Form):
    population = forms.IntegerField(label=_("Populasi (penerima layanan dalam periode)"), min_value=0,
                                    max_value=10_000_000, required=False,
                                    help_text=_("Kosongkan untuk memakai jumlah permohonan yang diserahkan."))
