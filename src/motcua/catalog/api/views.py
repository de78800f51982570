"""The public catalog as a read-only API: fields, published procedures (searchable, filterable), one
procedure in full, its version history, life events. Anyone may read it; drafts are never returned."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors
from ..models import Applicant, Component, Fee, Field, Level, LifeEvent, OnlineLevel, ProcedureVersion

SEARCH_LIMIT = 100
CODE_PARAMETER = OpenApiParameter(
    "localised_code", OpenApiTypes.STR, OpenApiParameter.PATH,
    description="The procedure's localised code, e.g. 1.001193.000.00.00.H53")


class CatalogPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


@extend_schema_field({"type": "string", "enum": ["published", "retired"],
                      "description": "published: in force; retired: replaced by a later version."})
class VersionStatusField(serializers.CharField):
    """A public version's status (drafts are never returned), inline in the schema."""


class CatalogFieldOutput(serializers.ModelSerializer):
    procedure_count = serializers.IntegerField(read_only=True, help_text="Published procedures in the field.")

    class Meta:
        model = Field
        fields = ["code", "name", "name_en", "procedure_count"]


class CatalogProcedureSummaryOutput(serializers.ModelSerializer):
    """A published version as listed: the procedure's codes and the version's main facts."""

    code = serializers.CharField(source="procedure.localised_code")
    base_code = serializers.CharField(source="procedure.base_code")
    field = serializers.CharField(source="procedure.field.code")
    field_name = serializers.CharField(source="procedure.field.name")
    version = serializers.IntegerField(source="number")
    levels = serializers.ListField(child=serializers.ChoiceField(choices=Level.choices))
    applicants = serializers.ListField(child=serializers.ChoiceField(choices=Applicant.choices))

    class Meta:
        model = ProcedureVersion
        fields = ["code", "base_code", "name", "name_en", "field", "field_name", "levels", "applicants",
                  "online_level", "version", "published_at"]


class CatalogComponentOutput(serializers.ModelSerializer):
    # Declared explicitly: a model's positive integer bounds differ between SQLite and PostgreSQL, and the
    # committed OpenAPI schema must not depend on the database.
    position = serializers.IntegerField(min_value=0, read_only=True)
    originals = serializers.IntegerField(min_value=0, read_only=True)
    copies = serializers.IntegerField(min_value=0, read_only=True)
    form_url = serializers.SerializerMethodField(help_text="Download address of the form, when there is a file.")

    class Meta:
        model = Component
        fields = ["position", "name", "originals", "copies", "required", "condition", "from_vault", "form_name",
                  "form_url"]

    def get_form_url(self, component) -> str | None:
        if not component.form_file:
            return None
        version = self.context["version"]
        path = reverse("catalog:form_file", kwargs={
            "code": version.procedure.localised_code, "number": version.number, "component": component.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class CatalogFeeOutput(serializers.ModelSerializer):
    position = serializers.IntegerField(min_value=0, read_only=True)
    amount_vnd = serializers.IntegerField(min_value=0, allow_null=True, read_only=True)

    class Meta:
        model = Fee
        fields = ["position", "name", "kind", "amount_vnd", "rule", "exemptions"]


class CatalogProcessingTimeOutput(serializers.Serializer):
    value = serializers.IntegerField(source="processing_amount", allow_null=True)
    unit = serializers.CharField(source="processing_unit")
    note = serializers.CharField(source="processing_note")
    cutoff = serializers.TimeField(format="%H:%M", allow_null=True)


class CatalogResultOutput(serializers.Serializer):
    name = serializers.CharField(source="result_name")
    paper_required = serializers.BooleanField(source="result_paper_required")
    e_result = serializers.BooleanField(source="result_e_result")


class CatalogDecisionOutput(serializers.Serializer):
    number = serializers.CharField(source="decision_number")
    date = serializers.DateField(source="decision_date", allow_null=True)
    effective_date = serializers.DateField(source="decision_effective_date", allow_null=True)


class CatalogPlaceOutput(serializers.Serializer):
    code = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["service_centre", "agency"])


class CatalogProcedureDetailOutput(CatalogProcedureSummaryOutput):
    """A version in full, with its components, fees and where the procedure is offered."""

    processing_time = CatalogProcessingTimeOutput(source="*")
    result = CatalogResultOutput(source="*")
    publishing_decision = CatalogDecisionOutput(source="*")
    components = serializers.SerializerMethodField()
    fees = CatalogFeeOutput(many=True, read_only=True)
    offered_at = serializers.SerializerMethodField()
    status = VersionStatusField(read_only=True)

    class Meta(CatalogProcedureSummaryOutput.Meta):
        fields = CatalogProcedureSummaryOutput.Meta.fields + [
            "status", "retired_at", "deciding_agency_kinds", "methods", "steps", "processing_time", "components",
            "fees", "result", "legal_basis", "requirements", "form_schema", "publishing_decision", "keywords",
            "sources", "unconfirmed", "offered_at"]

    @extend_schema_field(CatalogComponentOutput(many=True))
    def get_components(self, version):
        return CatalogComponentOutput(version.components.all(), many=True,
                               context={**self.context, "version": version}).data

    @extend_schema_field(CatalogPlaceOutput(many=True))
    def get_offered_at(self, version):
        centres, agencies = selectors.offerings(version.procedure)
        places = ([{"code": c.code, "name": c.name, "kind": "service_centre"} for c in centres]
                  + [{"code": a.code, "name": a.name, "kind": "agency"} for a in agencies])
        return CatalogPlaceOutput(places, many=True).data


class CatalogVersionOutput(serializers.ModelSerializer):
    status = VersionStatusField(read_only=True)
    number = serializers.IntegerField(min_value=1, read_only=True)

    class Meta:
        model = ProcedureVersion
        fields = ["number", "status", "name", "published_at", "retired_at"]


class CatalogLifeEventProcedureOutput(serializers.Serializer):
    code = serializers.CharField(source="procedure.localised_code")
    name = serializers.CharField(source="procedure.current_version.name")


class CatalogLifeEventOutput(serializers.ModelSerializer):
    procedures = CatalogLifeEventProcedureOutput(source="published_items", many=True, read_only=True,
                                          help_text="Published procedures, in the order to do them.")

    class Meta:
        model = LifeEvent
        fields = ["code", "name", "name_en", "description", "procedures"]


class CatalogProcedureFilterInput(serializers.Serializer):
    field = serializers.CharField(required=False, allow_blank=True, max_length=40, help_text="Field code, e.g. HOTICH.")
    level = serializers.ChoiceField(choices=Level.choices, required=False, allow_blank=True)
    applicant = serializers.ChoiceField(choices=Applicant.choices, required=False, allow_blank=True)
    online_level = serializers.ChoiceField(choices=OnlineLevel.choices, required=False, allow_blank=True)
    agency = serializers.CharField(required=False, allow_blank=True, max_length=13,
                                   help_text="Code of an agency or service centre offering the procedure.")
    q = serializers.CharField(required=False, allow_blank=True, max_length=200,
                              help_text="Words to search, with or without diacritics; results best first.")

    def validate_field(self, value):
        if not value:
            return value
        try:
            selectors.check_filters(field=value)
        except selectors.UnknownFilterValue as unknown:
            raise serializers.ValidationError(_("No field has the code %(code)s.") % {"code": value}) from unknown
        return value

    def validate_agency(self, value):
        if not value:
            return value
        try:
            selectors.check_filters(agency=value)
        except selectors.UnknownFilterValue as unknown:
            raise serializers.ValidationError(
                _("No agency or service centre has the code %(code)s.") % {"code": value}) from unknown
        return value


class FieldListApi(ListAPIView):
    """Fields (lĩnh vực) with the number of their published procedures."""

    permission_classes = [AllowAny]
    pagination_class = CatalogPagination
    serializer_class = CatalogFieldOutput

    def get_queryset(self):
        return selectors.fields_with_counts()


@extend_schema(parameters=[CatalogProcedureFilterInput])
class ProcedureListApi(ListAPIView):
    """Published procedures. Filters: field, level, applicant, online_level, agency (code); q searches and
    orders the results by relevance (at most 100)."""

    permission_classes = [AllowAny]
    pagination_class = CatalogPagination
    serializer_class = CatalogProcedureSummaryOutput

    def get_queryset(self):
        filters = CatalogProcedureFilterInput(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        data = {name: value for name, value in filters.validated_data.items() if value}
        query = data.pop("q", "").strip()
        if query:
            return selectors.search_versions(query, limit=SEARCH_LIMIT, **data)
        return selectors.browse(**data)


class ProcedureDetailApi(APIView):
    """A procedure's version in force, in full."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[CODE_PARAMETER], responses=CatalogProcedureDetailOutput)
    def get(self, request, localised_code):
        version = selectors.public_version(localised_code)
        if version is None:
            raise Http404(_("No published procedure has this code."))
        return Response(CatalogProcedureDetailOutput(version, context={"request": request}).data)


class ProcedureVersionListApi(ListAPIView):
    """A procedure's published and retired versions, newest first (drafts are not public)."""

    permission_classes = [AllowAny]
    pagination_class = CatalogPagination
    serializer_class = CatalogVersionOutput

    @extend_schema(parameters=[CODE_PARAMETER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        versions = selectors.public_versions_of(self.kwargs["localised_code"])
        if not versions.exists():
            raise Http404(_("No published procedure has this code."))
        return versions


class ProcedureVersionDetailApi(APIView):
    """One published or retired version of a procedure, in full (read-only)."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[CODE_PARAMETER], responses=CatalogProcedureDetailOutput)
    def get(self, request, localised_code, number):
        version = selectors.public_version(localised_code, number)
        if version is None:
            raise Http404(_("No such version of this procedure."))
        return Response(CatalogProcedureDetailOutput(version, context={"request": request}).data)


class LifeEventListApi(ListAPIView):
    """Life events with their published procedures in order."""

    permission_classes = [AllowAny]
    pagination_class = CatalogPagination
    serializer_class = CatalogLifeEventOutput

    def get_queryset(self):
        return selectors.life_events_for_api()
