"""Output serializers of the dossier API, and the input pieces that several actions share."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Dossier, DossierComponent, DossierEvent, DossierResult, Reschedule, Supplementation
from . import selectors

STATUS_CHOICES = [(int(value), label) for value, label in Dossier.STATUS_CHOICES]
CHANNEL_CHOICES = [(int(value), label) for value, label in Dossier.CHANNEL_CHOICES]
DUE_CHOICES = [(selectors.OVERDUE, _("Overdue")), (selectors.DUE_SOON, _("Due within one working day")),
               (selectors.ON_TIME, _("On time"))]


# Output ---------------------------------------------------------------------------------------------------

# Positive integer model fields are declared as plain integers: their generated maximum depends on the
# database (SQLite or PostgreSQL), and the committed schema must be the same on both.

class DossierListOutput(serializers.ModelSerializer):
    version = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(choices=STATUS_CHOICES, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    channel = serializers.ChoiceField(choices=CHANNEL_CHOICES, read_only=True)
    procedure_code = serializers.CharField(source="procedure_version.procedure.localised_code", read_only=True)
    procedure_name = serializers.CharField(source="procedure_version.name", read_only=True)
    receiving_centre = serializers.CharField(source="receiving_centre.code", default=None, read_only=True)
    receiving_agency = serializers.CharField(source="receiving_agency.code", read_only=True)
    deciding_agency = serializers.CharField(source="deciding_agency.code", read_only=True)
    deciding_agency_name = serializers.CharField(source="deciding_agency.name", read_only=True)
    current_step = serializers.CharField(source="current_step.code", default=None, read_only=True)
    current_step_name = serializers.CharField(source="current_step.name", default=None, read_only=True)
    assignee = serializers.CharField(source="assignee.username", default=None, read_only=True)
    assignee_name = serializers.CharField(source="assignee.get_full_name", default=None, read_only=True)
    due_status = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = ["code", "reference", "version", "status", "status_label", "channel", "procedure_code",
                  "procedure_name", "applicant_name", "receiving_centre", "receiving_agency", "deciding_agency",
                  "deciding_agency_name", "current_step", "current_step_name", "assignee", "assignee_name",
                  "submitted_at", "received_at", "due_at", "step_due_at", "due_status"]

    @extend_schema_field(serializers.ChoiceField(choices=DUE_CHOICES, allow_null=True))
    def get_due_status(self, dossier) -> str | None:
        window = self.context.get("window")
        if window is None:
            window = self.context["window"] = selectors.deadline_window()
        return selectors.due_status(dossier, window)


class ComponentOutput(serializers.ModelSerializer):
    copies = serializers.IntegerField(read_only=True)
    pages = serializers.IntegerField(read_only=True, allow_null=True)
    class Meta:
        model = DossierComponent
        fields = ["id", "name", "kind", "copies", "pages", "file_name", "content_type", "size", "sha256",
                  "digitized", "from_vault", "added_at"]


class SupplementationOutput(serializers.ModelSerializer):
    number = serializers.IntegerField(read_only=True)
    requested_by = serializers.CharField(source="requested_by.username", default=None, read_only=True)

    class Meta:
        model = Supplementation
        fields = ["number", "requested_at", "requested_by", "items", "reason", "received_at"]


class RescheduleOutput(serializers.ModelSerializer):
    class Meta:
        model = Reschedule
        fields = ["previous_due_at", "new_due_at", "reason", "created_at"]


class ResultOutput(serializers.ModelSerializer):
    class Meta:
        model = DossierResult
        fields = ["name", "number", "sha256", "electronic", "issued_at"]


class ChildOutput(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=STATUS_CHOICES, read_only=True)
    deciding_agency = serializers.CharField(source="deciding_agency.code", read_only=True)
    deciding_agency_name = serializers.CharField(source="deciding_agency.name", read_only=True)

    class Meta:
        model = Dossier
        fields = ["code", "status", "deciding_agency", "deciding_agency_name", "received_at", "due_at",
                  "decided_at"]


class EventOutput(serializers.ModelSerializer):
    seq = serializers.IntegerField(read_only=True)
    actor = serializers.CharField(source="actor.username", default=None, read_only=True)
    from_status = serializers.IntegerField(allow_null=True, read_only=True, help_text=_("A status, as in ``status``."))
    to_status = serializers.IntegerField(allow_null=True, read_only=True, help_text=_("A status, as in ``status``."))

    class Meta:
        model = DossierEvent
        fields = ["seq", "kind", "occurred_at", "actor", "actor_name", "from_status", "to_status", "from_step",
                  "to_step", "payload"]


class DossierDetailOutput(DossierListOutput):
    process = serializers.CharField(source="process.name", default=None, read_only=True)
    parent = serializers.CharField(source="parent.code", default=None, read_only=True)
    components = ComponentOutput(many=True, read_only=True)
    supplementations = SupplementationOutput(many=True, read_only=True)
    result_delivery = serializers.CharField(read_only=True, help_text=_("counter, post or online"))
    supplementation_count = serializers.IntegerField(read_only=True)
    reschedule = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()
    children = ChildOutput(many=True, read_only=True)
    events = EventOutput(many=True, read_only=True)

    class Meta(DossierListOutput.Meta):
        fields = [*DossierListOutput.Meta.fields, "applicant", "applicant_id_number", "applicant_phone",
                  "process", "decided_at", "returned_at", "ended_at", "fee_due", "fee_paid", "result_delivery",
                  "supplementation_count", "rescheduled", "parent", "components", "supplementations",
                  "reschedule", "result", "children", "events"]

    @extend_schema_field(RescheduleOutput(allow_null=True))
    def get_reschedule(self, dossier):
        item = getattr(dossier, "reschedule", None)
        return RescheduleOutput(item).data if item is not None else None

    @extend_schema_field(ResultOutput(allow_null=True))
    def get_result(self, dossier):
        item = getattr(dossier, "result", None)
        return ResultOutput(item).data if item is not None else None


# Input pieces ---------------------------------------------------------------------------------------------

class ApplicantInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                      help_text=_("Citizen ID (12 digits) or enterprise code (10 or 13 digits)."))
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True)


class ComponentInput(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=DossierComponent.Kind.choices, default=DossierComponent.Kind.ORIGINAL)
    copies = serializers.IntegerField(min_value=1, max_value=100, default=1)
    pages = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    catalog_component_id = serializers.IntegerField(required=False, allow_null=True,
                                                    help_text=_("The component of the procedure in the catalog."))
    from_vault = serializers.BooleanField(default=False)
    digitized = serializers.BooleanField(default=False)


class ItemInput(serializers.Serializer):
    """A document the applicant must add or complete."""

    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=DossierComponent.Kind.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True)
