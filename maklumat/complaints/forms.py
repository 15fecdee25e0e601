"""Forms: the officer's intake form (every channel), the public form, and step actions."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from maklumat.accounts.models import User
from maklumat.accounts.roles import Role
from maklumat.complaints.models import Channel, ComplaintCategory, Platform
from maklumat.complaints.rules import scan_problem
from maklumat.complaints.services.intake import DETAIL_FIELDS, Reporter, intake_check
from maklumat.offices.models import Office

PHONE = RegexValidator(r"^\+?[0-9]{8,15}$", _("Nomor telepon hanya angka (8–15 digit), boleh diawali +."))

STAFF_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.WEB]


class ReporterFields(forms.Form):
    reporter_name = forms.CharField(label=_("Nama pelapor"), max_length=200, required=False)
    reporter_phone = forms.CharField(label=_("Nomor telepon/WhatsApp"), max_length=20, required=False,
                                     validators=[PHONE])
    reporter_email = forms.EmailField(label=_("Surel"), required=False)
    reporter_address = forms.CharField(label=_("Alamat"), max_length=300, required=False)
    subject = forms.CharField(label=_("Perihal"), max_length=200, min_length=5)
    description = forms.CharField(label=_("Uraian pengaduan"), widget=forms.Textarea(attrs={"rows": 5}),
                                  min_length=20, max_length=5000)
    confidential = forms.BooleanField(label=_("Rahasia: isi pengaduan tidak ditampilkan di halaman publik"),
                                      required=False)
    anonymous = forms.BooleanField(label=_("Anonim: identitas saya hanya boleh dilihat tim pengaduan"),
                                   required=False)


class StaffIntakeForm(ReporterFields):
    """The complaint form (*form pengaduan*) an officer fills at the Yankomas post or from another channel."""

    channel = forms.ChoiceField(label=_("Kanal"), choices=STAFF_CHANNELS, initial=Channel.WALK_IN)
    received_at = forms.DateTimeField(label=_("Diterima pada"), required=False,
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                      help_text=_("Kosongkan untuk saat ini. Waktu setempat kantor."))
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=ComplaintCategory.objects.all(),
                                      required=False, help_text=_("Boleh dipilih saat pemilahan."))
    application_number = forms.CharField(label=_("Nomor permohonan paspor terkait"), max_length=40,
                                         required=False)
    platform = forms.ChoiceField(label=_("Platform media sosial"), choices=[("", "—"), *Platform.choices],
                                 required=False)
    post_url = forms.URLField(label=_("Tautan unggahan"), required=False, max_length=500, assume_scheme="https")
    handle = forms.CharField(label=_("Akun pelapor"), max_length=100, required=False)
    letter_number = forms.CharField(label=_("Nomor surat"), max_length=100, required=False)
    letter_date = forms.DateField(label=_("Tanggal surat"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    letter_scan = forms.FileField(label=_("Pindaian surat (PDF/JPG/PNG, maks. 10 MB)"), required=False)
    ambassador = forms.ModelChoiceField(
        label=_("Duta Layanan yang bertugas"), queryset=None, required=False, empty_label=_("— tidak dicatat —"),
        help_text=_("Yang mengarahkan pelapor ke Pos Yankomas (langkah 1, hanya untuk datang langsung)."))

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        # Only the office's own active Duta Layanan: step 1 of a walk-in is theirs (002).
        self.fields["ambassador"].queryset = User.objects.filter(
            office=office, role=Role.DUTA_LAYANAN, is_active=True).order_by("first_name", "username")
        self.fields["ambassador"].label_from_instance = lambda user: user.display_name

    def clean_letter_scan(self):
        scan = self.cleaned_data.get("letter_scan")
        problem = scan_problem(scan.name, scan.size) if scan else None
        if problem:
            raise ValidationError(problem)
        return scan

    def clean_application_number(self):
        from maklumat.applications.models import Application

        number = self.cleaned_data.get("application_number", "").strip()
        if not number:
            return None
        application = Application.objects.filter(office=self.office, number=number).first()
        if application is None:
            raise ValidationError(_("Permohonan %(n)s tidak ada di kantor ini.") % {"n": number})
        return application

    def reporter(self):
        data = self.cleaned_data
        return Reporter(data.get("reporter_name", ""), data.get("reporter_phone", ""), data.get("reporter_email", ""),
                        data.get("reporter_address", ""))

    def details(self) -> dict:
        return {key: self.cleaned_data[key] for key in DETAIL_FIELDS if self.cleaned_data.get(key)}

    def clean(self):
        """The channel rules are the service's (``rules.intake_problems``): the form only shows them."""
        data = super().clean()
        if "channel" in data:
            try:
                intake_check(office=self.office, channel=data["channel"], subject=data.get("subject", ""),
                             description=data.get("description", ""), reporter=self.reporter(),
                             anonymous=data.get("anonymous", False), details=self.details(),
                             received_at=data.get("received_at"))
            except ValidationError as exc:
                self.add_service_errors(exc)
        return data

    def add_service_errors(self, exc: ValidationError) -> None:
        add_service_errors(self, exc)


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's refusal on the form, each message beside the field it names."""
    aliases = {"application": "application_number"}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        name = aliases.get(field, field)
        if name in form.errors:
            continue  # the form's own check already named this field
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; each is checked by content in the service (``complaints.attachments``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class PublicComplaintForm(ReporterFields):
    """The public web form (SP4N-LAPOR!'s fields). An anonymous report needs no contact at all: the tracking
    code is the only way back; otherwise a name and a way to answer (e-mail or phone)."""

    office = forms.ModelChoiceField(label=_("Kantor imigrasi"), queryset=Office.objects.order_by("name"),
                                    empty_label=_("— pilih kantor —"))
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=ComplaintCategory.objects.all(),
                                      empty_label=_("— pilih kategori —"))
    incident_on = forms.DateField(label=_("Tanggal kejadian"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    incident_place = forms.CharField(label=_("Tempat kejadian"), max_length=200, required=False,
                                     help_text=_("Mis. loket 3 Kantor Imigrasi Blitar, MPP, layanan Eazy Paspor."))
    application_number = forms.CharField(
        label=_("Nomor permohonan paspor (bila terkait)"), max_length=40, required=False,
        help_text=_("Tertera pada tanda terima permohonan Anda."))
    attachments = MultipleFileField(
        label=_("Lampiran: foto (JPG/PNG) atau PDF"), required=False,
        help_text=_("Paling banyak 3 berkas, masing-masing 5 MB. Data lokasi (GPS) dan metadata lain pada "
                    "foto dihapus otomatis."))
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # honeypot: bots fill it

    field_order = ["office", "category", "subject", "description", "incident_on", "incident_place",
                   "application_number", "attachments", "anonymous", "reporter_name", "reporter_phone",
                   "reporter_email", "reporter_address", "confidential"]

    def clean_application_number(self):
        """Only "not at this office" is ever said about a number: nothing of another applicant is shown."""
        number = self.cleaned_data.get("application_number", "").strip()
        office = self.cleaned_data.get("office")
        if not number or office is None:
            return None
        from maklumat.applications.models import Application

        application = Application.objects.filter(office=office, number=number).first()
        if application is None:
            raise ValidationError(_("Nomor permohonan tidak ditemukan di kantor ini. Periksa tanda terima Anda."))
        return application

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError(_("Formulir tidak dapat diproses."))
        if "office" in data:
            reporter = Reporter(data.get("reporter_name", ""), data.get("reporter_phone", ""),
                                data.get("reporter_email", ""), data.get("reporter_address", ""))
            try:
                intake_check(office=data["office"], channel=Channel.WEB, subject=data.get("subject", ""),
                             description=data.get("description", ""), reporter=reporter,
                             anonymous=data.get("anonymous", False))
            except ValidationError as exc:
                add_service_errors(self, exc)
        return data


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Alasan membuka kembali"), max_length=1000, min_length=20,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Mis. jawaban belum menyelesaikan masalah, atau ada keterangan baru."))


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Penilaian"), coerce=int, widget=forms.RadioSelect, choices=[
        (4, _("4 — Sangat baik")), (3, _("3 — Baik")), (2, _("2 — Kurang baik")), (1, _("1 — Tidak baik"))])
    comment = forms.CharField(label=_("Komentar"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
