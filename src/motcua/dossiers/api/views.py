"""Thin API views for dossiers: validate input, call one service or selector, return the dossier.

Every action is its own URL, ``/api/v1/dossiers/{code}/actions/{action}/``, named after the service it calls.
An action answers with the updated dossier; 409 when ``expected_version`` is stale (the dossier changed
meanwhile), 400 naming the field when the action is not possible, 403 when the caller may read the dossier
but not take the action, 404 when the dossier is outside the caller's units.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Q
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import APIException
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.catalog.models import Procedure
from motcua.organizations.models import Agency, ServiceCentre
from motcua.organizations.selectors import scope_for

from .. import services, states
from ..models import Dossier
from . import selectors
from .serializers import (
    CHANNEL_CHOICES,
    STATUS_CHOICES,
    ApplicantInput,
    ComponentInput,
    DossierDetailOutput,
    DossierListOutput,
    ItemInput,
)

IDEMPOTENCY_HEADER = "Idempotency-Key"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("The dossier changed meanwhile. Reload it and check before acting again.")
    default_code = "changed_meanwhile"


class DossierApi(APIView):
    # Token first: an unauthenticated machine client gets 401 with "WWW-Authenticate: Token".
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    # Service field names that the input calls otherwise.
    error_fields: dict[str, str] = {}

    def handle_exception(self, exc):
        if isinstance(exc, services.ConflictError):
            exc = Conflict(" ".join(exc.messages))
        elif isinstance(exc, services.DossierActionError) and hasattr(exc, "error_dict"):
            exc = serializers.ValidationError({
                ("non_field_errors" if field == NON_FIELD_ERRORS else self.error_fields.get(field, field)): messages
                for field, messages in exc.message_dict.items()})
        return super().handle_exception(exc)

    def visible(self, request, code: str) -> Dossier:
        dossier = selectors.visible_dossier(request.user, code)
        if dossier is None:
            raise Http404(_("No such dossier in your units."))
        return dossier

    def dossier_response(self, request, dossier: Dossier, code: int = status.HTTP_200_OK, headers=None
                         ) -> Response:
        dossier = selectors.dossiers_with_detail(request.user).filter(pk=dossier.pk).first()
        if dossier is None:
            raise Http404(_("No such dossier in your units."))
        return Response(DossierDetailOutput(dossier).data, status=code, headers=headers)


def check_catalog_components(components: list[dict], version) -> list[dict]:
    """Components naming a catalog component must name one of the procedure version's."""
    ids = {item["catalog_component_id"] for item in components if item.get("catalog_component_id")}
    if ids and version.components.filter(pk__in=ids).count() != len(ids):
        raise serializers.ValidationError(_("A catalog component does not belong to this procedure."))
    return components


# List and counter intake ------------------------------------------------------------------------------------

class DossierFilterInput(serializers.Serializer):
    status = serializers.MultipleChoiceField(choices=STATUS_CHOICES, required=False,
                                             help_text=gettext_lazy("One or more statuses (repeat the parameter)."))
    channel = serializers.ChoiceField(choices=CHANNEL_CHOICES, required=False)
    procedure = serializers.CharField(required=False, max_length=40,
                                      help_text=gettext_lazy("Procedure code (national or localised)."))
    received_from = serializers.DateField(required=False, help_text=gettext_lazy("Received on or after this day."))
    received_to = serializers.DateField(required=False, help_text=gettext_lazy("Received on or before this day."))
    due = serializers.ChoiceField(
        choices=[(selectors.OVERDUE, gettext_lazy("Overdue")),
                 (selectors.DUE_SOON, gettext_lazy("Due within one working day"))], required=False,
        help_text=gettext_lazy("Only dossiers whose clock runs (received, being processed, waiting for payment)."))
    q = serializers.CharField(required=False, max_length=100,
                              help_text=gettext_lazy("Part of the code or of the applicant's name, or their ID number."))
    ordering = serializers.ChoiceField(choices=list(selectors.ORDERINGS), default="-received_at")

    def validate(self, data):
        if data.get("received_from") and data.get("received_to") and data["received_from"] > data["received_to"]:
            raise serializers.ValidationError({"received_to": [_("The end of the period is before its start.")]})
        return data


class DossierListApi(DossierApi, ListAPIView):
    """Dossiers in the caller's units; counter intake."""

    serializer_class = DossierListOutput
    error_fields = {"procedure_version": "procedure"}

    class IntakeInput(serializers.Serializer):
        procedure = serializers.CharField(max_length=40, help_text=gettext_lazy(
            "Procedure code: the localised code, or the national code when one procedure has it."))
        deciding_agency = serializers.CharField(max_length=20, help_text=gettext_lazy("Code of the deciding agency."))
        receiving_centre = serializers.CharField(max_length=20, required=False, help_text=gettext_lazy(
            "Code of the receiving service centre; by default the caller's centre when they belong to one only."))
        applicant = ApplicantInput()
        components = ComponentInput(many=True, allow_empty=True)
        channel = serializers.ChoiceField(choices=CHANNEL_CHOICES, default=states.Channel.COUNTER,
                                          help_text=gettext_lazy("At the counter (1) or by post (3)."))

        def validate_procedure(self, code: str):
            """The published version of the procedure."""
            procedures = list(Procedure.objects.filter(Q(localised_code=code) | Q(base_code=code))
                              .select_related("current_version")[:2])
            if len(procedures) > 1:
                procedures = [p for p in procedures if p.localised_code == code]
            if len(procedures) != 1 or procedures[0].current_version is None:
                raise serializers.ValidationError(_(
                    "No published procedure has the code %(code)s (or several do: give the localised code).")
                    % {"code": code})
            return procedures[0].current_version

        def validate_deciding_agency(self, code: str) -> Agency:
            agency = Agency.objects.filter(code=code).first()
            if agency is None:
                raise serializers.ValidationError(_("No agency has the code %(code)s.") % {"code": code})
            return agency

        def validate_receiving_centre(self, code: str) -> ServiceCentre:
            centre = ServiceCentre.objects.select_related("agency").filter(code=code).first()
            if centre is None:
                raise serializers.ValidationError(_("No service centre has the code %(code)s.") % {"code": code})
            return centre

        def validate_channel(self, value):
            if value == states.Channel.ONLINE:
                raise serializers.ValidationError(_("Online dossiers are submitted by the applicant."))
            return value

        def validate(self, data):
            if "receiving_centre" not in data:
                own = scope_for(self.context["request"].user).centre_ids
                if len(own) != 1:
                    raise serializers.ValidationError({"receiving_centre": [_("Give the receiving centre's code.")]})
                data["receiving_centre"] = ServiceCentre.objects.select_related("agency").get(pk=next(iter(own)))
            try:
                check_catalog_components(data["components"], data["procedure"])
            except serializers.ValidationError as error:
                raise serializers.ValidationError({"components": error.detail}) from error
            return data

    def get_queryset(self):
        filters = DossierFilterInput(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        # One instant for the filter and for each item's due status.
        self.window = selectors.deadline_window()
        return selectors.dossier_list(self.request.user, window=self.window, **filters.validated_data)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "window": getattr(self, "window", None)}

    @extend_schema(parameters=[DossierFilterInput])
    def get(self, request, *args, **kwargs):
        """Dossiers in the caller's units: received at their centres, or received or decided by agencies in
        their subtrees. Newest first by default; ``ordering=due_at`` puts the most urgent first."""
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=IntakeInput,
        parameters=[OpenApiParameter(IDEMPOTENCY_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, description=(
            "A client-chosen key (at most 64 characters, e.g. a UUID): repeating a request with the same key "
            "returns the dossier received the first time (200) instead of receiving it again (201)."))],
        responses={201: DossierDetailOutput, 200: DossierDetailOutput,
                   400: OpenApiResponse(description="Invalid input, named by field."),
                   403: OpenApiResponse(description="The caller may not receive dossiers at this centre."),
                   409: OpenApiResponse(description="The Idempotency-Key was used for a dossier outside your units.")})
    def post(self, request):
        """Counter intake: receive a complete dossier, issue its code and start its clock. Send an
        ``Idempotency-Key`` header so that a retried request does not receive the dossier twice."""
        payload = self.IntakeInput(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        key = request.headers.get(IDEMPOTENCY_HEADER, "").strip() or None
        if key and len(key) > 64:
            raise serializers.ValidationError({IDEMPOTENCY_HEADER: [_("At most 64 characters.")]})
        replayed = bool(key) and Dossier.objects.filter(idempotency_key=key).exists()
        dossier = services.receive(
            actor=request.user, procedure_version=data["procedure"], receiving_centre=data["receiving_centre"],
            deciding_agency=data["deciding_agency"], applicant=data["applicant"], components=data["components"],
            channel=data["channel"], idempotency_key=key)
        if replayed and not selectors.dossiers_visible_to(request.user).filter(pk=dossier.pk).exists():
            raise Conflict(_("This Idempotency-Key was already used for another dossier."))
        return self.dossier_response(request, dossier, status.HTTP_200_OK if replayed else status.HTTP_201_CREATED,
                           headers={"Location": f"{request.path}{dossier.code}/"})


class DossierDetailApi(DossierApi):
    """One dossier with its components, supplementation requests, reschedule, result, linked dossiers of
    partner agencies and the timeline of its events. ``code`` is the dossier code, or its reference (UUID)
    while it has none (submitted online, not yet received)."""

    @extend_schema(responses={200: DossierDetailOutput, 404: OpenApiResponse(description="Not in your units.")})
    def get(self, request, code):
        dossier = selectors.dossier_detail(request.user, code)
        if dossier is None:
            raise Http404(_("No such dossier in your units."))
        return Response(DossierDetailOutput(dossier).data)


# Actions -----------------------------------------------------------------------------------------------------

class ActionInput(serializers.Serializer):
    expected_version = serializers.IntegerField(
        required=False, min_value=1, help_text=gettext_lazy(
            "The version of the dossier the client last saw: the action is refused (409) if it changed since."))


ACTION_RESPONSES = {
    200: DossierDetailOutput,
    400: OpenApiResponse(description="The action is not possible now, or the input is invalid (named by field)."),
    403: OpenApiResponse(description="The caller may read the dossier but not take this action."),
    404: OpenApiResponse(description="No such dossier in the caller's units."),
    409: OpenApiResponse(description="The dossier changed meanwhile (expected_version is stale)."),
}


def action_schema(input_class):
    return extend_schema(request=input_class, responses=ACTION_RESPONSES)


class DossierActionApi(DossierApi):
    def act(self, request, code: str, input_class, service) -> Response:
        """Validates the input, calls the one service of this action and answers with the updated dossier."""
        dossier = self.visible(request, code)
        payload = input_class(data=request.data, context={"dossier": dossier})
        payload.is_valid(raise_exception=True)
        service(actor=request.user, dossier=dossier, **payload.validated_data)
        return self.dossier_response(request, dossier)


def _officers():
    return get_user_model().objects.filter(is_active=True)


class ReasonInput(ActionInput):
    reason = serializers.CharField(allow_blank=True)


class ReceiveApi(DossierActionApi):
    """Receive a complete dossier submitted online: issues its code and starts its clock."""

    @action_schema(ActionInput)
    def post(self, request, code):
        return self.act(request, code, ActionInput, services.receive)


class GuideApi(DossierActionApi):
    """Guide the applicant of an incomplete online dossier: everything missing, in one written guidance."""

    class GuideInput(ActionInput):
        items = ItemInput(many=True, allow_empty=True)
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @action_schema(GuideInput)
    def post(self, request, code):
        return self.act(request, code, self.GuideInput, services.guide)


class RefuseApi(DossierActionApi):
    """Refuse an online dossier that is out of scope or ineligible, with the reasons."""

    class RefuseInput(ActionInput):
        reasons = serializers.CharField(allow_blank=True)

    @action_schema(RefuseInput)
    def post(self, request, code):
        return self.act(request, code, self.RefuseInput, services.refuse)


class AssignApi(DossierActionApi):
    """Assign the dossier to an officer of the deciding agency."""

    class AssignInput(ActionInput):
        assignee = serializers.SlugRelatedField(slug_field="username", queryset=_officers())
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @action_schema(AssignInput)
    def post(self, request, code):
        return self.act(request, code, self.AssignInput, services.assign)


class MoveApi(DossierActionApi):
    """Complete the current step (appraise, review, sign…) and move to the next one, or to ``to_step`` where
    the process branches. Moving into an inter-agency step sends a linked dossier to the partner agency."""

    class MoveInput(ActionInput):
        to_step = serializers.CharField(required=False, allow_null=True, default=None, max_length=40)
        opinion = serializers.CharField(required=False, allow_blank=True, default="")
        assignee = serializers.SlugRelatedField(slug_field="username", queryset=_officers(), required=False,
                                                allow_null=True, default=None)

    @action_schema(MoveInput)
    def post(self, request, code):
        return self.act(request, code, self.MoveInput, services.move)


class ReturnForReworkApi(DossierActionApi):
    """Send the dossier back to the step it came from, saying what must be reworked."""

    @action_schema(ReasonInput)
    def post(self, request, code):
        return self.act(request, code, ReasonInput, services.return_for_rework)


class RequestSupplementationApi(DossierActionApi):
    """Ask the applicant for everything missing, all at once: the clock stops until the supplement arrives."""

    class RequestSupplementationInput(ActionInput):
        items = ItemInput(many=True, allow_empty=True)
        reason = serializers.CharField(allow_blank=True)

    @action_schema(RequestSupplementationInput)
    def post(self, request, code):
        return self.act(request, code, self.RequestSupplementationInput, services.request_supplementation)


class ReceiveSupplementationApi(DossierActionApi):
    """The supplement arrived: add its components; the clock resumes (or restarts, by the procedure's policy)."""

    class ReceiveSupplementationInput(ActionInput):
        components = ComponentInput(many=True, allow_empty=True, required=False, default=list)

        def validate_components(self, components):
            return check_catalog_components(components, self.context["dossier"].procedure_version)

    @action_schema(ReceiveSupplementationInput)
    def post(self, request, code):
        return self.act(request, code, self.ReceiveSupplementationInput, services.receive_supplementation)


class RequestPaymentApi(DossierActionApi):
    """Ask the applicant to pay a fee or fulfil a financial obligation."""

    class RequestPaymentInput(ActionInput):
        amount = serializers.IntegerField(help_text=gettext_lazy("In VND."))
        reason = serializers.CharField(required=False, allow_blank=True, default="")

    @action_schema(RequestPaymentInput)
    def post(self, request, code):
        return self.act(request, code, self.RequestPaymentInput, services.request_payment)


class RecordPaymentApi(DossierActionApi):
    """Record a payment; a repeated ``reference`` is recorded once."""

    class RecordPaymentInput(ActionInput):
        amount = serializers.IntegerField(help_text=gettext_lazy("In VND."))
        method = serializers.CharField(max_length=40)
        reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)

    @action_schema(RecordPaymentInput)
    def post(self, request, code):
        return self.act(request, code, self.RecordPaymentInput, services.record_payment)


class IssueResultApi(DossierActionApi):
    """The decision is taken and signed at the last step: record the result."""

    class IssueResultInput(ActionInput):
        name = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
        number = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
        electronic = serializers.BooleanField(default=False)
        sha256 = serializers.RegexField(r"^[0-9a-f]{64}$", required=False, allow_blank=True, default="")

    @action_schema(IssueResultInput)
    def post(self, request, code):
        return self.act(request, code, self.IssueResultInput, services.issue_result)


class ReturnResultApi(DossierActionApi):
    """The result was handed over to the applicant (fees must be paid)."""

    class ReturnResultInput(ActionInput):
        delivery = serializers.ChoiceField(choices=Dossier.Delivery.choices, default=Dossier.Delivery.COUNTER)
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @action_schema(ReturnResultInput)
    def post(self, request, code):
        return self.act(request, code, self.ReturnResultInput, services.return_result)


class RescheduleApi(DossierActionApi):
    """Apologise and set a later appointment, once per dossier and before the due date."""

    class RescheduleInput(ActionInput):
        new_due_at = serializers.DateTimeField()
        reason = serializers.CharField(allow_blank=True)

    @action_schema(RescheduleInput)
    def post(self, request, code):
        return self.act(request, code, self.RescheduleInput, services.reschedule)


class WithdrawApi(DossierActionApi):
    """The applicant withdraws the dossier."""

    @action_schema(ReasonInput)
    def post(self, request, code):
        return self.act(request, code, ReasonInput, services.withdraw)


class StopApi(DossierActionApi):
    """Stop processing the dossier, with the reason."""

    @action_schema(ReasonInput)
    def post(self, request, code):
        return self.act(request, code, ReasonInput, services.stop)


class CommentApi(DossierActionApi):
    """Add a comment to the dossier's timeline. A comment changes nothing else, so it takes no
    ``expected_version``."""

    class CommentInput(serializers.Serializer):
        text = serializers.CharField(allow_blank=True)

    @action_schema(CommentInput)
    def post(self, request, code):
        return self.act(request, code, self.CommentInput, services.comment)


# Component files --------------------------------------------------------------------------------------------

class ComponentFileApi(DossierApi):
    """The file of one component: GET downloads it; POST (multipart/form-data, field ``file``) attaches it to a
    component declared without one. The type is read from the content (PDF, JPEG, PNG), the size limited, the
    name sanitised and the SHA-256 recorded in the dossier's timeline."""

    parser_classes = [MultiPartParser, FormParser]

    class FileInput(ActionInput):
        file = serializers.FileField(help_text=gettext_lazy("PDF, JPEG or PNG; the type is read from the content."))
        digitized = serializers.BooleanField(
            required=False, default=False,
            help_text=gettext_lazy("The file was scanned from the paper original at the counter."))

    def component(self, request, code: str, component_id: int):
        dossier = self.visible(request, code)
        component = dossier.components.filter(pk=component_id).first()
        if component is None:
            raise Http404(_("This dossier has no such component."))
        return dossier, component

    @extend_schema(request={"multipart/form-data": FileInput}, responses=ACTION_RESPONSES)
    def post(self, request, code, component_id):
        dossier, _component = self.component(request, code, component_id)
        payload = self.FileInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        services.attach_file(actor=request.user, dossier=dossier, component_id=component_id,
                             uploaded_file=data["file"], expected_version=data.get("expected_version"),
                             digitized=data["digitized"])
        return self.dossier_response(request, dossier)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY,
                              404: OpenApiResponse(description="No such dossier, component or file.")})
    def get(self, request, code, component_id):
        _dossier, component = self.component(request, code, component_id)
        if not component.file:
            raise Http404(_("This component has no file."))
        return FileResponse(component.file.open("rb"), as_attachment=True, filename=component.file_name,
                            content_type=component.content_type or "application/octet-stream")


ACTIONS = {
    "receive": ReceiveApi, "guide": GuideApi, "refuse": RefuseApi, "assign": AssignApi, "move": MoveApi,
    "return_for_rework": ReturnForReworkApi, "request_supplementation": RequestSupplementationApi,
    "receive_supplementation": ReceiveSupplementationApi, "request_payment": RequestPaymentApi,
    "record_payment": RecordPaymentApi, "issue_result": IssueResultApi, "return_result": ReturnResultApi,
    "reschedule": RescheduleApi, "withdraw": WithdrawApi, "stop": StopApi, "comment": CommentApi,
}
