"""Internal processes (quy trình nội bộ): for a procedure at a deciding agency, the ordered steps a dossier
goes through, who acts at each step and how long each may take. Versioned like procedures: an active
process is never edited; dossiers keep the process they started with."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.catalog.models import TimeUnit
from motcua.organizations.roles import Role


class Process(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")

    procedure = models.ForeignKey("catalog.Procedure", verbose_name=_("procedure"), on_delete=models.PROTECT,
                                  related_name="processes")
    agency = models.ForeignKey("organizations.Agency", verbose_name=_("deciding agency"), on_delete=models.PROTECT,
                               related_name="processes")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    name = models.CharField(_("name"), max_length=1000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["procedure_id", "agency_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "agency", "number"], name="process_version_number"),
            models.UniqueConstraint(fields=["procedure", "agency"], condition=Q(status="active"),
                                    name="process_one_active"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"


class Step(models.Model):
    """One step. ``next_steps`` are the codes a dossier may move to (several = a branch chosen by the
    officer; empty = the end of the process). An inter-agency step sends a linked child dossier to another
    agency for its share of the time."""

    class Action(models.TextChoices):
        RECEIVE = "receive", _("Receive")
        APPRAISE = "appraise", _("Appraise")
        REVIEW = "review", _("Review")
        APPROVE = "approve", _("Approve")
        SIGN = "sign", _("Sign")
        ISSUE_RESULT = "issue_result", _("Issue the result")
        RETURN_RESULT = "return_result", _("Return the result")
        INTER_AGENCY = "inter_agency", _("Send to another agency")

    process = models.ForeignKey(Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(pgettext_lazy("order in a list", "position"))
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    division = models.ForeignKey("organizations.Division", verbose_name=_("division"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    duration_amount = models.PositiveIntegerField(_("duration"), default=0)
    duration_unit = models.CharField(_("unit"), max_length=10, choices=TimeUnit.choices, default=TimeUnit.WORKING_HOURS)
    next_steps = models.JSONField(_("next steps"), default=list, blank=True)
    partner_agency = models.ForeignKey("organizations.Agency", verbose_name=_("partner agency"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+",
                                       help_text=_("For an inter-agency step: the agency that receives the linked dossier."))

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["process_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["process", "code"], name="step_unique_code"),
            models.UniqueConstraint(fields=["process", "position"], name="step_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

    @property
    def duration(self) -> str:
        """The engine's duration text, e.g. '8wh' (empty for a step without its own share of time)."""
        if not self.duration_amount and self.duration_unit != TimeUnit.SAME_DAY:
            return ""
        return "same_day" if self.duration_unit == TimeUnit.SAME_DAY else f"{self.duration_amount}{self.duration_unit}"
