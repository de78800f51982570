"""The procedure catalog (thủ tục hành chính): fields, procedures and their versions, components, fees,
where each procedure is offered, life events and search synonyms.

A procedure's identity is its localised code; its content lives in versions. A published version is
never edited: a change is a new version, so a dossier received under an older version keeps it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.core.text import fold


class Field(models.Model):
    """Lĩnh vực."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    position = models.PositiveIntegerField(pgettext_lazy("order in a list", "position"), default=0)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")


class Applicant(models.TextChoices):
    CITIZEN = "citizen", _("Citizens")
    ORGANISATION = "organisation", _("Organisations and businesses")


class Method(models.TextChoices):
    COUNTER = "counter", _("At the counter")
    ONLINE = "online", _("Online")
    POST = "post", _("By post")


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Fully online (toàn trình)")
    PARTIAL = "partial", _("Partly online (một phần)")
    NONE = "none", _("Not online")


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "wd", _("working days")
    WORKING_HOURS = "wh", _("working hours")
    CALENDAR_DAYS = "d", _("days")
    MONTHS = "mo", _("months")
    SAME_DAY = "same_day", _("within the day")


class Procedure(models.Model):
    """A procedure as published by an authority; its content is in its versions."""

    base_code = models.CharField(_("base code"), max_length=20, db_index=True)
    localised_code = models.CharField(_("code"), max_length=40, unique=True)
    publishing_agency = models.ForeignKey(
        "organizations.Agency", verbose_name=_("publishing agency"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    field = models.ForeignKey(Field, verbose_name=_("field"), on_delete=models.PROTECT, related_name="procedures")
    current_version = models.OneToOneField(
        "ProcedureVersion", verbose_name=_("published version"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["localised_code"]

    def __str__(self) -> str:
        return self.localised_code


class ProcedureVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    procedure = models.ForeignKey(Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT,
                                  related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    name = models.CharField(_("name"), max_length=1000)
    name_en = models.CharField(_("name in English"), max_length=1000, blank=True)
    levels = models.JSONField(_("implementing levels"), default=list)
    deciding_agency_kinds = models.JSONField(_("deciding agency kinds"), default=list)
    applicants = models.JSONField(_("applicants"), default=list)
    methods = models.JSONField(_("methods of submission"), default=list)
    steps = models.TextField(_("steps"), blank=True)
    processing_amount = models.PositiveIntegerField(_("processing time"), null=True, blank=True)
    processing_unit = models.CharField(_("unit"), max_length=10, choices=TimeUnit.choices, blank=True)
    processing_note = models.TextField(_("note on processing time"), blank=True)
    cutoff = models.TimeField(_("cut-off time"), null=True, blank=True,
                              help_text=_("Dossiers received after this time count from the next working day."))
    result_name = models.CharField(_("result"), max_length=1000, blank=True)
    result_paper_required = models.BooleanField(_("paper result required by law"), default=False)
    result_e_result = models.BooleanField(_("e-result available"), default=False)
    legal_basis = models.JSONField(_("legal basis"), default=list)
    requirements = models.TextField(_("requirements and conditions"), blank=True)
    online_level = models.CharField(_("online level"), max_length=10, choices=OnlineLevel.choices,
                                    default=OnlineLevel.NONE)
    form_schema = models.JSONField(_("online form fields (JSON schema)"), default=dict, blank=True)
    decision_number = models.CharField(_("publishing decision"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_effective_date = models.DateField(_("effective date"), null=True, blank=True)
    keywords = models.JSONField(_("everyday words"), default=list, blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    unconfirmed = models.JSONField(_("unconfirmed facts"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    # Folded (lower case, no diacritics, đ → d) shadow columns for search on both databases.
    search_code = models.CharField(max_length=40, editable=False, db_index=True, default="")
    search_name = models.CharField(max_length=1000, editable=False, default="")
    search_body = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_number"),
            models.UniqueConstraint(fields=["procedure"], condition=Q(status="published"),
                                    name="procedure_one_published_version"),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"


class Component(models.Model):
    """Thành phần hồ sơ: a document the applicant submits."""

    version = models.ForeignKey(ProcedureVersion, verbose_name=_("procedure version"), on_delete=models.CASCADE,
                                related_name="components")
    position = models.PositiveIntegerField(pgettext_lazy("order in a list", "position"), default=0)
    name = models.TextField(_("name"))
    originals = models.PositiveSmallIntegerField(_("originals"), default=1)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    required = models.BooleanField(_("required"), default=True)
    condition = models.TextField(_("condition"), blank=True)
    from_vault = models.BooleanField(_("may be taken from the document vault"), default=False)
    form_name = models.CharField(_("form"), max_length=300, blank=True)
    form_file = models.FileField(_("form file"), upload_to="catalog/forms/", blank=True)

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["version_id", "position"]

    def __str__(self) -> str:
        return self.name[:80]


class Fee(models.Model):
    class Kind(models.TextChoices):
        FEE = "fee", _("Fee (phí)")
        CHARGE = "charge", _("Charge (lệ phí)")

    version = models.ForeignKey(ProcedureVersion, verbose_name=_("procedure version"), on_delete=models.CASCADE,
                                related_name="fees")
    position = models.PositiveIntegerField(pgettext_lazy("order in a list", "position"), default=0)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"), null=True, blank=True)
    rule = models.TextField(_("rule"), blank=True)
    exemptions = models.TextField(_("exemptions"), blank=True)

    class Meta:
        verbose_name = _("fee or charge")
        verbose_name_plural = _("fees and charges")
        ordering = ["version_id", "position"]

    def __str__(self) -> str:
        return self.name


class Offering(models.Model):
    """Where a procedure is offered: at an agency or a service centre (the process comes with dossiers)."""

    procedure = models.ForeignKey(Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE,
                                  related_name="offerings")
    agency = models.ForeignKey("organizations.Agency", verbose_name=_("agency"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="offerings")
    service_centre = models.ForeignKey("organizations.ServiceCentre", verbose_name=_("service centre"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="offerings")

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "agency"], name="offering_unique_agency"),
            models.UniqueConstraint(fields=["procedure", "service_centre"], name="offering_unique_centre"),
            models.CheckConstraint(condition=Q(agency__isnull=False) | Q(service_centre__isnull=False),
                                   name="offering_has_a_place"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure} @ {self.agency or self.service_centre}"


class LifeEvent(models.Model):
    """A life event (having a baby, starting a business) grouping the procedures it needs."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(pgettext_lazy("order in a list", "position"), default=0)

    class Meta:
        verbose_name = _("life event")
        verbose_name_plural = _("life events")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class LifeEventProcedure(models.Model):
    life_event = models.ForeignKey(LifeEvent, on_delete=models.CASCADE, related_name="items")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["life_event_id", "position"]
        constraints = [models.UniqueConstraint(fields=["life_event", "procedure"], name="life_event_procedure")]

    def __str__(self) -> str:
        return f"{self.life_event_id}:{self.procedure_id}"


class Synonym(models.Model):
    """An everyday word and what it means in the catalog's words: "sổ đỏ" → "giấy chứng nhận quyền sử dụng đất"."""

    term = models.CharField(_("everyday word"), max_length=100)
    expansion = models.CharField(_("means"), max_length=300)
    term_folded = models.CharField(max_length=100, editable=False, unique=True)

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["term"]

    def __str__(self) -> str:
        return f"{self.term} → {self.expansion}"

    def save(self, *args, **kwargs):
        self.term_folded = fold(self.term)
        super().save(*args, **kwargs)
