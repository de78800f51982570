"""Dossiers (hồ sơ) and everything that happens to them. A dossier changes only through the services of
this app, each of which appends one hash-chained event."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import states


class Dossier(models.Model):
    STATUS_CHOICES = [
        (states.Status.SUBMITTED, _("Submitted online")),
        (states.Status.RECEIVED, _("Received")),
        (states.Status.REFUSED, _("Refused")),
        (states.Status.PROCESSING, _("Being processed")),
        (states.Status.SUPPLEMENTATION, _("Supplementation requested")),
        (states.Status.FINANCIAL_OBLIGATION, _("Waiting for payment")),
        (states.Status.WITHDRAWN, _("Withdrawn")),
        (states.Status.STOPPED, _("Processing stopped")),
        (states.Status.DECIDED, _("Result ready")),
        (states.Status.RETURNED, _("Result returned")),
    ]
    CHANNEL_CHOICES = [
        (states.Channel.COUNTER, _("At the counter")),
        (states.Channel.ONLINE, _("Online")),
        (states.Channel.POST, _("By post")),
    ]

    class Delivery(models.TextChoices):
        COUNTER = "counter", _("At the counter")
        POST = "post", _("By post")
        ONLINE = "online", _("Online")

    reference = models.UUIDField(_("reference"), default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("dossier code"), max_length=40, unique=True, null=True, blank=True)
    status = models.PositiveSmallIntegerField(_("status"), choices=STATUS_CHOICES, db_index=True)
    channel = models.PositiveSmallIntegerField(_("channel"), choices=CHANNEL_CHOICES)
    procedure_version = models.ForeignKey("catalog.ProcedureVersion", verbose_name=_("procedure version"),
                                          on_delete=models.PROTECT, related_name="dossiers")
    process = models.ForeignKey("processes.Process", verbose_name=_("process"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="dossiers")
    current_step = models.ForeignKey("processes.Step", verbose_name=_("current step"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    receiving_centre = models.ForeignKey("organizations.ServiceCentre", verbose_name=_("receiving centre"),
                                         null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers")
    receiving_agency = models.ForeignKey("organizations.Agency", verbose_name=_("receiving agency"),
                                         on_delete=models.PROTECT, related_name="dossiers_received")
    deciding_agency = models.ForeignKey("organizations.Agency", verbose_name=_("deciding agency"),
                                        on_delete=models.PROTECT, related_name="dossiers_decided")
    # Snapshot of the applicant as given at submission: later changes of their account do not alter it.
    applicant = models.JSONField(_("applicant"), default=dict)
    applicant_name = models.CharField(_("applicant name"), max_length=200, db_index=True)
    applicant_id_number = models.CharField(_("applicant ID number"), max_length=20, blank=True, db_index=True)
    applicant_phone = models.CharField(_("applicant phone"), max_length=20, blank=True)
    applicant_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("applicant account"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="dossiers")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="assigned_dossiers")
    parent = models.ForeignKey("self", verbose_name=_("parent dossier"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    calendar_code = models.CharField(_("calendar"), max_length=20)
    clock_policy = models.CharField(_("clock policy"), max_length=10, default="pause")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True, db_index=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, db_index=True)
    step_due_at = models.DateTimeField(_("step due at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    fee_due = models.PositiveBigIntegerField(_("fees due (VND)"), default=0)
    fee_paid = models.PositiveBigIntegerField(_("fees paid (VND)"), default=0)
    result_delivery = models.CharField(_("result delivery"), max_length=10, choices=Delivery.choices,
                                       default=Delivery.COUNTER)
    supplementation_count = models.PositiveSmallIntegerField(_("supplementation requests"), default=0)
    rescheduled = models.BooleanField(_("rescheduled"), default=False)
    # Bumped by every action: a page that shows version N can only act on version N ("changed meanwhile").
    version = models.PositiveIntegerField(_("version"), default=1)
    deadline_flag = models.CharField(_("deadline flag"), max_length=12, blank=True, db_index=True)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["deciding_agency", "status", "due_at"]),
            models.Index(fields=["receiving_centre", "status", "due_at"]),
            models.Index(fields=["assignee", "status", "due_at"]),
        ]

    def __str__(self) -> str:
        return self.code or str(self.reference)


class DossierComponent(models.Model):
    class Kind(models.TextChoices):
        ORIGINAL = "original", _("Original")
        CERTIFIED_COPY = "certified_copy", _("Certified copy")
        PHOTOCOPY = "photocopy", _("Photocopy")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    catalog_component = models.ForeignKey("catalog.Component", null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="+")
    name = models.TextField(_("name"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ORIGINAL)
    copies = models.PositiveSmallIntegerField(_("number of sets"), default=1)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="dossiers/%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    digitized = models.BooleanField(_("digitized"), default=False)
    from_vault = models.BooleanField(_("taken from the document vault"), default=False)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dossier component")
        verbose_name_plural = _("dossier components")
        ordering = ["dossier_id", "id"]

    def __str__(self) -> str:
        return self.name[:80]


class Supplementation(models.Model):
    """One supplementation episode: the request (Mẫu 02) and when the applicant completed it. The time
    between them is not counted against the agency."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="supplementations")
    number = models.PositiveSmallIntegerField(_("number"))
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    items = models.JSONField(_("what to supplement"), default=list)
    reason = models.TextField(_("reason"))
    received_at = models.DateTimeField(_("supplement received at"), null=True, blank=True)

    class Meta:
        verbose_name = _("supplementation request")
        verbose_name_plural = _("supplementation requests")
        ordering = ["dossier_id", "number"]
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="supplementation_number")]

    def __str__(self) -> str:
        return f"{self.dossier} #{self.number}"


class Reschedule(models.Model):
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04): at most one per dossier."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="reschedule")
    previous_due_at = models.DateTimeField(_("previous due date"))
    new_due_at = models.DateTimeField(_("new due date"))
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reschedule")
        verbose_name_plural = _("reschedules")

    def __str__(self) -> str:
        return f"{self.dossier}: {self.new_due_at:%d/%m/%Y}"


class DossierResult(models.Model):
    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="result")
    name = models.CharField(_("result"), max_length=1000)
    number = models.CharField(_("document number"), max_length=100, blank=True)
    file = models.FileField(_("file"), upload_to="results/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    electronic = models.BooleanField(_("electronic result"), default=False)
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        verbose_name = _("dossier result")
        verbose_name_plural = _("dossier results")

    def __str__(self) -> str:
        return self.name


class CodeSequence(models.Model):
    """The last sequence number of dossier codes per receiving unit code and day (gap-free, race-free)."""

    prefix = models.CharField(max_length=20)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "day"], name="code_sequence_prefix_day")]

    def __str__(self) -> str:
        return f"{self.prefix} {self.day}: {self.last}"


class DossierEvent(models.Model):
    """An immutable record of one action, chained to the previous event of the same dossier by hash."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(_("kind"), max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    actor_name = models.CharField(_("actor"), max_length=200, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    from_status = models.PositiveSmallIntegerField(null=True, blank=True)
    to_status = models.PositiveSmallIntegerField(null=True, blank=True)
    from_step = models.CharField(max_length=40, blank=True)
    to_step = models.CharField(max_length=40, blank=True)
    payload = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["dossier_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_event_seq")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.kind}"


# ---------------------------------------------------------------- citizen portal: drafts, vault, payments, ratings


class DossierDraft(models.Model):
    """An online dossier being prepared by its applicant: kept on the server, so a closed tab or an
    expired session loses nothing. Its reference is also the idempotency key of the submission."""

    reference = models.UUIDField(_("reference"), default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE,
                              related_name="dossier_drafts")
    procedure_version = models.ForeignKey("catalog.ProcedureVersion", verbose_name=_("procedure version"),
                                          on_delete=models.PROTECT, related_name="+")
    receiving_centre = models.ForeignKey("organizations.ServiceCentre", verbose_name=_("receiving centre"),
                                         null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    deciding_agency = models.ForeignKey("organizations.Agency", verbose_name=_("deciding agency"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="+")
    applicant = models.JSONField(_("applicant"), default=dict, blank=True)
    fields = models.JSONField(_("procedure-specific fields"), default=dict, blank=True)
    dossier = models.OneToOneField(Dossier, verbose_name=_("submitted dossier"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="draft")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("dossier draft")
        verbose_name_plural = _("dossier drafts")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return str(self.reference)


class VaultDocument(models.Model):
    """A document in a person's document vault (kho dữ liệu): uploaded by them or an e-result of theirs,
    reusable in later submissions."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("Uploaded")
        RESULT = "result", _("E-result")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE,
                              related_name="vault_documents")
    name = models.CharField(_("name"), max_length=300)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.UPLOAD)
    file = models.FileField(_("file"), upload_to="vault/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64)
    source_dossier = models.ForeignKey(Dossier, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("vault document")
        verbose_name_plural = _("vault documents")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["owner", "sha256"], name="vault_document_once_per_owner")]

    def __str__(self) -> str:
        return self.name


class DraftFile(models.Model):
    """A file attached to one component of a draft: uploaded (checked and scanned) or taken from the vault."""

    draft = models.ForeignKey(DossierDraft, on_delete=models.CASCADE, related_name="files")
    catalog_component = models.ForeignKey("catalog.Component", on_delete=models.CASCADE, related_name="+")
    file = models.FileField(_("file"), upload_to="drafts/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64)
    vault_document = models.ForeignKey(VaultDocument, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("draft file")
        verbose_name_plural = _("draft files")
        constraints = [models.UniqueConstraint(fields=["draft", "catalog_component"], name="draft_file_per_component")]

    def __str__(self) -> str:
        return self.file_name


class Payment(models.Model):
    """One online payment order for a dossier's fees, as sent to a payment gateway."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the gateway")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed or cancelled")

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="payments")
    order_ref = models.CharField(_("order reference"), max_length=40, unique=True)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    gateway = models.CharField(_("gateway"), max_length=30)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    payer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    gateway_transaction = models.CharField(_("gateway transaction"), max_length=60, blank=True)
    bank_code = models.CharField(_("bank"), max_length=20, blank=True)
    response_code = models.CharField(_("response code"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.order_ref


class PaymentCallback(models.Model):
    """Every callback a gateway sent, kept as received, including refused (tampered) ones."""

    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="callbacks")
    gateway = models.CharField(_("gateway"), max_length=30)
    kind = models.CharField(_("kind"), max_length=10, default="ipn")
    params = models.JSONField(_("parameters"), default=dict)
    signature_valid = models.BooleanField(_("signature valid"), default=False)
    outcome = models.CharField(_("outcome"), max_length=40)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment callback")
        verbose_name_plural = _("payment callbacks")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.gateway} {self.outcome}"


class DossierRating(models.Model):
    """The applicant's rating of how a dossier was handled: once per dossier."""

    class Overall(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        NEUTRAL = "neutral", _("Neutral")
        DISSATISFIED = "dissatisfied", _("Dissatisfied")

    dossier = models.OneToOneField(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE,
                                   related_name="rating")
    overall = models.CharField(_("overall"), max_length=12, choices=Overall.choices)
    criteria = models.JSONField(_("criteria"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    via_link = models.BooleanField(_("through the link in a message"), default=False)
    created_at = models.DateTimeField(_("rated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dossier rating")
        verbose_name_plural = _("dossier ratings")

    def __str__(self) -> str:
        return f"{self.dossier}: {self.overall}"
