"""Stored statistics: one fact row per counted dossier (what ``dossiers.definitions.derive`` says of it),
daily and monthly rollups of those facts, the refresh state, and the 766 index configuration."""

from django.db import models
from django.utils.translation import gettext_lazy as _

KEY_FIELDS = ("deciding_agency_id", "division_id", "centre_id", "procedure_id", "field_id", "unit_id", "channel")
# Measures kept per day (and per month): what the report's figures are sums and differences of.
ROLLUP_MEASURES = (
    "received", "ended", "ended_on_time", "resolved_early", "resolved_on_time", "resolved_late", "withdrawn",
    "stopped", "refused", "processing_seconds", "supplementation_requests", "overdue_starts", "overdue_stops",
    "waiting_starts", "waiting_stops", "online_766", "digitized", "reused", "data_store", "fee_bearing",
    "paid_online", "paper_result_resolved", "e_result_resolved",
)


def _key(name, model, **kwargs):
    return models.ForeignKey(model, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
                             related_name="+", verbose_name=name, **kwargs)


class Keys(models.Model):
    deciding_agency = _key(_("deciding agency"), "organizations.Agency")
    division = _key(_("division"), "organizations.Division")
    centre = _key(_("receiving centre"), "organizations.ServiceCentre")
    procedure = _key(_("procedure"), "catalog.Procedure")
    field = _key(_("field"), "catalog.Field")
    unit = _key(_("administrative unit"), "organizations.AdministrativeUnit")
    channel = models.PositiveSmallIntegerField(_("channel"))

    class Meta:
        abstract = True


class DossierFact(Keys):
    class End(models.IntegerChoices):
        OPEN = 0, _("In progress")
        RESOLVED = 1, _("Resolved")
        WITHDRAWN = 2, _("Withdrawn")
        STOPPED = 3, _("Stopped")
        REFUSED = 4, _("Refused")

    class Verdict(models.IntegerChoices):
        NONE = 0, "–"
        EARLY = 1, _("Early")
        ON_TIME = 2, _("On time")
        OVERDUE = 3, _("Late")

    dossier = models.OneToOneField("dossiers.Dossier", primary_key=True, on_delete=models.CASCADE,
                                   db_constraint=False, related_name="report_fact")
    received_at = models.DateTimeField(null=True)
    received_day = models.DateField(null=True)
    end_at = models.DateTimeField(null=True)
    end_day = models.DateField(null=True)
    end_kind = models.PositiveSmallIntegerField(choices=End.choices, default=End.OPEN)
    verdict = models.PositiveSmallIntegerField(choices=Verdict.choices, default=Verdict.NONE)
    processing_seconds = models.FloatField(default=0)
    supplementations = models.PositiveSmallIntegerField(default=0)
    online_766 = models.BooleanField(default=False)
    paper_result = models.BooleanField(default=False)
    e_result = models.BooleanField(default=False)
    digitized = models.BooleanField(default=False)
    reused = models.BooleanField(default=False)
    data_store = models.BooleanField(default=False)
    fee_bearing = models.BooleanField(default=False)
    paid_online = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("dossier fact")
        verbose_name_plural = _("dossier facts")
        indexes = [models.Index(fields=["received_day"]), models.Index(fields=["end_day"])]

    def __str__(self) -> str:
        return f"fact {self.dossier_id}"


class FactSpan(models.Model):
    """A span (starts_at, ends_at] in which an in-progress dossier is overdue or waiting for the
    applicant, or a supplementation request (an instant)."""

    class Kind(models.IntegerChoices):
        OVERDUE = 1, _("Overdue")
        WAITING = 2, _("Waiting for supplementation")
        REQUEST = 3, _("Supplementation requested")

    fact = models.ForeignKey(DossierFact, on_delete=models.CASCADE, db_constraint=False, related_name="spans")
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    starts_at = models.DateTimeField()
    start_day = models.DateField()
    ends_at = models.DateTimeField(null=True)
    end_day = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["fact", "kind"])]

    def __str__(self) -> str:
        return f"{self.fact_id} {self.kind} ({self.starts_at}, {self.ends_at}]"


class Rollup(Keys):
    received = models.IntegerField(default=0)
    ended = models.IntegerField(default=0)
    ended_on_time = models.IntegerField(default=0)
    resolved_early = models.IntegerField(default=0)
    resolved_on_time = models.IntegerField(default=0)
    resolved_late = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    stopped = models.IntegerField(default=0)
    refused = models.IntegerField(default=0)
    processing_seconds = models.FloatField(default=0)
    supplementation_requests = models.IntegerField(default=0)
    overdue_starts = models.IntegerField(default=0)
    overdue_stops = models.IntegerField(default=0)
    waiting_starts = models.IntegerField(default=0)
    waiting_stops = models.IntegerField(default=0)
    online_766 = models.IntegerField(default=0)
    digitized = models.IntegerField(default=0)
    reused = models.IntegerField(default=0)
    data_store = models.IntegerField(default=0)
    fee_bearing = models.IntegerField(default=0)
    paid_online = models.IntegerField(default=0)
    paper_result_resolved = models.IntegerField(default=0)
    e_result_resolved = models.IntegerField(default=0)

    class Meta:
        abstract = True


class DailyRollup(Rollup):
    day = models.DateField()
    month = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["month", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.deciding_agency_id}/{self.procedure_id}/{self.channel}"


class MonthlyRollup(Rollup):
    month = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.deciding_agency_id}/{self.procedure_id}/{self.channel}"


class RefreshState(models.Model):
    """How fresh the facts and rollups are: the last dossier event they include and when they were built."""

    name = models.CharField(max_length=20, unique=True, default="default")
    last_event_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True)
    facts = models.BigIntegerField(default=0)
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: event {self.last_event_id} at {self.refreshed_at}"


class IndexVersion(models.Model):
    """One version of the 766 index configuration (the national portal revises formulas in place)."""

    code = models.CharField(_("version"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    # [[min score, label], ...] from the highest: the grading bands are a setting, not law.
    bands = models.JSONField(_("grading bands"), default=list)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("766 index version")
        verbose_name_plural = _("766 index versions")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.code} ({self.valid_from:%d/%m/%Y})"


class IndexMetric(models.Model):
    class ZeroRule(models.TextChoices):
        FULL = "full", _("Full points")
        ZERO = "zero", _("No points")
        EXCLUDE = "exclude", _("Not scored")

    version = models.ForeignKey(IndexVersion, on_delete=models.CASCADE, related_name="metrics",
                                verbose_name=_("version"))
    code = models.CharField(_("metric"), max_length=10)
    group = models.PositiveSmallIntegerField(_("group"))
    group_name = models.CharField(_("group name"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=2)
    target = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=2, default=100)
    formula = models.CharField(_("formula"), max_length=40)
    zero_rule = models.CharField(_("when there is nothing to count"), max_length=10, choices=ZeroRule.choices,
                                 default=ZeroRule.ZERO)
    applies_to_communes = models.BooleanField(_("applies to communes"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("766 metric")
        verbose_name_plural = _("766 metrics")
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="index_metric_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
