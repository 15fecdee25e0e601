"""Kinerja: the office's yearly action-plan target of travel documents."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MIN_YEAR, MAX_YEAR = 2000, 2100


class DocumentTarget(models.Model):
    """The number of travel documents an office plans to issue in a year (its action plan; seed 003:
    Blitar 2024 = 27,053). Changed only through ``document_target_set`` (audited)."""

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="document_targets")
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)])
    documents = models.PositiveIntegerField(_("target dokumen perjalanan"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["office", "year"]
        constraints = [models.UniqueConstraint(fields=["office", "year"], name="one_document_target_per_year")]
        verbose_name = _("target dokumen perjalanan")
        verbose_name_plural = _("target dokumen perjalanan")

    def __str__(self) -> str:
        return f"{self.office_id} {self.year}: {self.documents}"


# ----- aggregates (kept by ``performance.aggregates`` when events change; see docs/scaling.md) -----

class ClockFact(models.Model):
    """One promise clock of one application with its moments, classified for any ``as_of``:
    counted once ``started <= as_of``; kept when ``kept <= as_of`` (met if ``on_time`` else late);
    otherwise overdue from ``overdue_from`` (the due moment, +1 µs for the biometric wait where
    exactly the limit is met) and open before. Days are the office's local dates."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="+")
    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=20)
    start_day = models.DateField()
    started = models.DateTimeField()
    overdue_from = models.DateTimeField()
    due_day = models.DateField()
    kept = models.DateTimeField(null=True)
    kept_day = models.DateField(null=True)
    on_time = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "code"], name="one_clock_fact_per_promise")]
        indexes = [models.Index(fields=["office", "start_day"], name="clockfact_office_start"),
                   models.Index(fields=["office", "due_day"], name="clockfact_office_due"),
                   models.Index(fields=["office", "kept_day"], name="clockfact_office_kept")]


    def __str__(self) -> str:
        return f"{self.application_id} {self.code} {self.start_day}"

class PromiseDay(models.Model):
    """How many clocks of a promise started at an office on ``start_day`` fall due on ``due_day``
    (local date of ``overdue_from``) and were kept on ``kept_day`` (None: not kept), on time or not.
    Any ``as_of`` whose local date differs from all three days is answered from these counts alone."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=20)
    start_day = models.DateField()
    due_day = models.DateField()
    kept_day = models.DateField(null=True)
    on_time = models.BooleanField()
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["office", "start_day"], name="promiseday_office_start")]


    def __str__(self) -> str:
        return f"{self.office_id} {self.code} {self.start_day}: {self.n}"

class StepFact(models.Model):
    """One measured SOP step of one application (``<code>_start`` → ``<code>_finish``, in order):
    its start's local date, the finish moment, the exact duration in microseconds and who finished it."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="+")
    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=40)
    start_day = models.DateField()
    finished = models.DateTimeField()
    duration_us = models.BigIntegerField()
    actor_id = models.BigIntegerField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "code"], name="one_step_fact_per_step")]
        indexes = [models.Index(fields=["office", "start_day", "code"], name="stepfact_office_start"),
                   # the steps finished after a past ``as_of``, taken out of the stored monthly histograms
                   models.Index(fields=["office", "finished"], name="stepfact_office_finished"),
                   # A recorded event recounts the monthly histogram rows of its buckets: a bucket is a
                   # duration range (rules.step_bucket_bounds), a few dozen facts a year.
                   models.Index(fields=["office", "code", "duration_us"], name="stepfact_office_duration")]


    def __str__(self) -> str:
        return f"{self.application_id} {self.code} {self.duration_us} µs"

class ApplicationFact(models.Model):
    """When an application began (first counting event), whether out of office, when its passport
    was handed over, and from when a compensation policy of its office decides it eligible."""

    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE, primary_key=True,
                                       related_name="+")
    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    begun_at = models.DateTimeField()
    begun_day = models.DateField()
    out_of_office = models.BooleanField()
    issued_at = models.DateTimeField(null=True)
    issued_day = models.DateField(null=True)
    eligible_at = models.DateTimeField(null=True)
    eligible_day = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["office", "begun_day"], name="appfact_office_begun"),
                   models.Index(fields=["office", "issued_day"], name="appfact_office_issued"),
                   models.Index(fields=["office", "eligible_day"], name="appfact_office_eligible")]

    def __str__(self) -> str:
        return f"{self.application_id} {self.begun_day}"


# ----- stored monthly statistics (derived from the facts above in the same transaction) -----

class StepMonth(models.Model):
    """A histogram of one SOP step's durations at an office, for the steps started (local date) in
    ``month`` (its first day): per bucket (``rules.step_bucket``) how many, the smallest and largest
    duration, and the last finish among them (the bucket counts whole for any ``as_of`` at or after
    it). Medians and 90th percentiles of any whole months are read from these rows, exactly."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=40)
    month = models.DateField()
    bucket = models.IntegerField()
    n = models.PositiveIntegerField()
    low_us = models.BigIntegerField()
    high_us = models.BigIntegerField()
    finished_max = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["month", "office"], name="stepmonth_month_office")]

    def __str__(self) -> str:
        return f"{self.office_id} {self.code} {self.month} #{self.bucket}: {self.n}"


class StepYear(models.Model):
    """``StepMonth`` added up over the twelve months of ``year`` (counts add, smallest and largest take
    min and max): a whole year's histogram per office and step in one row per bucket, so a yearly
    roll-up of 151 offices reads about 37,000 rows instead of 12 times as many. Kept by
    ``performance.yearly`` from ``StepMonth`` whenever months of the office are recounted."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    bucket = models.IntegerField()
    n = models.PositiveIntegerField()
    low_us = models.BigIntegerField()
    high_us = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["year", "office"], name="stepyear_year_office")]

    def __str__(self) -> str:
        return f"{self.office_id} {self.code} {self.year} #{self.bucket}: {self.n}"


class PromiseMonth(models.Model):
    """A promise's clocks started at an office in ``month`` (its first day), counted per ``day``:
    how many started, were kept on time, were kept late, and fell due not kept on time on that day.
    Kept on time means kept by the due day, kept late means after it, so as of any local date ``D``
    the clocks started before ``D`` (days before ``D`` only, not ``D`` itself) are: met = Σ kept on
    time, late = Σ kept late, overdue = Σ fell due not on time − late, open = the rest."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=20)
    month = models.DateField()
    day = models.DateField()
    started = models.PositiveIntegerField()
    kept_on_time = models.PositiveIntegerField()
    kept_late = models.PositiveIntegerField()
    due_not_on_time = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["month", "office"], name="promisemonth_month_office")]

    def __str__(self) -> str:
        return f"{self.office_id} {self.code} {self.month} {self.day}"


class ApplicationMonth(models.Model):
    """Applications of an office counted per local ``day`` for ``month`` (its first day): begun on
    that day (and how many of them out of office) and decided eligible on that day among those begun
    in the month; passports first handed over on that day (``month`` = the day's month). As of any
    local date ``D`` the sums over the days before ``D`` are exact; ``D`` itself is read from
    ``ApplicationFact`` by its moments."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    day = models.DateField()
    begun = models.PositiveIntegerField()
    outside = models.PositiveIntegerField()
    eligible = models.PositiveIntegerField()
    issued = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["month", "office"], name="appmonth_month_office")]

    def __str__(self) -> str:
        return f"{self.office_id} {self.month} {self.day}"


class OfficerMonth(models.Model):
    """``StepMonth`` per officer (who finished the steps): the histogram behind an officer's steps
    measured, within norm and median on the office page."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    actor_id = models.BigIntegerField()
    code = models.CharField(max_length=40)
    month = models.DateField()
    bucket = models.IntegerField()
    n = models.PositiveIntegerField()
    low_us = models.BigIntegerField()
    high_us = models.BigIntegerField()
    finished_max = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["office", "month"], name="officermonth_office_month")]

    def __str__(self) -> str:
        return f"{self.office_id} {self.actor_id} {self.code} {self.month} #{self.bucket}: {self.n}"
