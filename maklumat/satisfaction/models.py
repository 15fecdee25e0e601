"""Survey invitations, anonymous responses, yearly targets, entered populations, follow-up plans."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maklumat.satisfaction.questionnaire import AgeGroup, Education, Occupation, Sex
from maklumat.satisfaction.rules import ANSWER_MAX, ANSWER_MIN, ELEMENTS


class Channel(models.TextChoices):
    KIOSK = "kiosk", _("Kios/tablet setelah layanan")
    QR = "qr", _("Tautan QR (tiket antrian/tanda terima)")
    WEB = "web", _("Situs web publik")


class SurveyInvitation(models.Model):
    """A single-use right to answer the survey once, for one service transaction.

    ``reference`` names the transaction (queue ticket, application number); one invitation per
    reference per office, so a transaction cannot be surveyed twice. The response is NOT linked
    back to the invitation: the invitation only remembers the day it was used.
    """

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="survey_invitations")
    service = models.ForeignKey("standards.Service", verbose_name=_("layanan"), on_delete=models.PROTECT,
                                null=True, blank=True)
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    token = models.CharField(_("kode survei"), max_length=16, unique=True)
    reference = models.CharField(_("referensi transaksi"), max_length=60, blank=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    used_on = models.DateField(_("dipakai pada"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["office", "reference"], condition=~models.Q(reference=""),
                                    name="one_invitation_per_transaction"),
        ]
        verbose_name = _("undangan survei")
        verbose_name_plural = _("undangan survei")

    def __str__(self) -> str:
        return f"{self.office.code} {self.token}"

    @property
    def url(self) -> str:
        """Path of the survey page for this invitation."""
        return reverse("satisfaction:survey", args=[self.token])

    @property
    def is_used(self) -> bool:
        return self.used_on is not None


def _answer_field(number: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(f"U{number}")


class SurveyResponse(models.Model):
    """One anonymous answer sheet: nine answers 1–4, the respondent's profile, a suggestion.

    Holds no name, NIK, phone, token or exact time, only the day: it cannot be traced back to
    the person or the invitation.
    """

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="survey_responses")
    service = models.ForeignKey("standards.Service", verbose_name=_("layanan"), on_delete=models.PROTECT,
                                null=True, blank=True)
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    submitted_on = models.DateField(_("tanggal"))
    u1 = _answer_field(1)
    u2 = _answer_field(2)
    u3 = _answer_field(3)
    u4 = _answer_field(4)
    u5 = _answer_field(5)
    u6 = _answer_field(6)
    u7 = _answer_field(7)
    u8 = _answer_field(8)
    u9 = _answer_field(9)
    age_group = models.CharField(_("usia"), max_length=10, choices=AgeGroup.choices, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=10, choices=Sex.choices, blank=True)
    education = models.CharField(_("pendidikan"), max_length=10, choices=Education.choices, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=20, choices=Occupation.choices, blank=True)
    suggestion = models.TextField(_("saran"), blank=True)
    marked_as_complaint = models.BooleanField(_("ditandai sebagai pengaduan"), default=False)
    complaint_marked_on = models.DateField(_("ditandai pengaduan pada"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_on", "-id"]
        indexes = [models.Index(fields=["office", "submitted_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(**{f"{code}__gte": ANSWER_MIN, f"{code}__lte": ANSWER_MAX}),
                                   name=f"survey_{code}_between_1_and_4")
            for code in ELEMENTS
        ]
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")

    def __str__(self) -> str:
        return f"{self.office.code} {self.submitted_on}"

    @property
    def answers(self) -> list[int]:
        return [getattr(self, code) for code in ELEMENTS]


class IkmTarget(models.Model):
    """The office's IKM target for a year (interval scale), and the realisation when it was
    measured before this system (entered from the performance report, *LKjIP*)."""

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="ikm_targets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    target = models.DecimalField(_("target IKM (1–4)"), max_digits=5, decimal_places=4)
    realised_entered = models.DecimalField(_("realisasi dimasukkan (1–4)"), max_digits=5, decimal_places=4,
                                           null=True, blank=True,
                                           help_text=_("Kosongkan bila realisasi dihitung dari jawaban survei."))
    source = models.CharField(_("sumber"), max_length=200, blank=True)

    class Meta:
        ordering = ["office", "year"]
        constraints = [models.UniqueConstraint(fields=["office", "year"], name="one_ikm_target_per_year")]
        verbose_name = _("target IKM")
        verbose_name_plural = _("target IKM")

    def __str__(self) -> str:
        return f"{self.office.code} {self.year}: {self.target}"


class ServedPopulation(models.Model):
    """The number of service recipients of a period, entered when the applications data lacks it."""

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="+")
    period_key = models.CharField(_("periode"), max_length=10)
    population = models.PositiveIntegerField(_("populasi"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "period_key"], name="one_population_per_period")]

    def __str__(self) -> str:
        return f"{self.office_id} {self.period_key}: {self.population}"


class FollowUpPlan(models.Model):
    """*Rencana tindak lanjut* of an office for a report period; every change is audited."""

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="+")
    period_key = models.CharField(_("periode"), max_length=10)
    text = models.TextField(_("rencana tindak lanjut"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "period_key"], name="one_follow_up_plan_per_period")]

    def __str__(self) -> str:
        return f"{self.office_id} {self.period_key}"
