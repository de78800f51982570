"""Thin API views for organisations: validate input, call a selector or a service, serialise the output."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core.text import fold

from .. import selectors, services
from ..models import AdministrativeUnit, Agency


class AdministrativeUnitOutput(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", default=None, read_only=True)

    class Meta:
        model = AdministrativeUnit
        fields = ["id", "code", "name", "kind", "level", "parent_code", "valid_from", "valid_to"]


class AdministrativeUnitFilterInput(serializers.Serializer):
    level = serializers.ChoiceField(choices=AdministrativeUnit.Level.choices, required=False)
    current = serializers.BooleanField(required=False, allow_null=True, default=None)
    parent = serializers.CharField(required=False, max_length=10)
    q = serializers.CharField(required=False, max_length=100)


@extend_schema(parameters=[AdministrativeUnitFilterInput])
class AdministrativeUnitListApi(ListAPIView):
    """Administrative units (public facts). Filters: level, current=true|false, parent (code of a current unit), q."""

    permission_classes = [AllowAny]
    serializer_class = AdministrativeUnitOutput

    def get_queryset(self):
        filters = AdministrativeUnitFilterInput(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        units = AdministrativeUnit.objects.select_related("parent").order_by("code", "valid_to")
        if data.get("level"):
            units = units.filter(level=data["level"])
        if data.get("current") is not None:
            units = units.filter(valid_to__isnull=data["current"])
        if data.get("parent"):
            parent = AdministrativeUnit.objects.filter(code=data["parent"], valid_to__isnull=True).first()
            if parent is None:
                raise serializers.ValidationError(
                    {"parent": [_("No administrative unit in force has the code %(code)s.") % {"code": data["parent"]}]})
            units = units.filter(parent=parent)
        if data.get("q"):
            units = units.filter(name_folded__contains=fold(data["q"]))
        return units


class AdministrativeUnitCurrentApi(APIView):
    """The unit(s) in force today that an (old) unit's territory belongs to."""

    permission_classes = [AllowAny]

    @extend_schema(responses=AdministrativeUnitOutput(many=True))
    def get(self, request, pk):
        unit = AdministrativeUnit.objects.filter(pk=pk).first()
        if unit is None:
            raise Http404(_("No such administrative unit."))
        return Response(AdministrativeUnitOutput(selectors.resolve_current(unit), many=True).data)


class AgencyOutput(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", default=None, read_only=True)
    administrative_unit_code = serializers.CharField(source="administrative_unit.code", read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "code", "name", "short_name", "kind", "parent_code", "administrative_unit_code",
                  "valid_from", "valid_to"]


class AgencyListApi(ListAPIView):
    """Agencies in the caller's units."""

    serializer_class = AgencyOutput

    def get_queryset(self):
        return selectors.agencies_visible_to(self.request.user).order_by("code")


class AgencyDetailApi(APIView):
    class UpdateInput(serializers.Serializer):
        name = serializers.CharField(max_length=255, required=False)
        short_name = serializers.CharField(max_length=80, required=False, allow_blank=True)
        valid_from = serializers.DateField(required=False, allow_null=True)
        valid_to = serializers.DateField(required=False, allow_null=True)

    def _agency(self, request, pk) -> Agency:
        agency = selectors.agencies_visible_to(request.user).filter(pk=pk).first()
        if agency is None:
            raise Http404(_("No such agency in your units."))
        return agency

    @extend_schema(responses=AgencyOutput)
    def get(self, request, pk):
        return Response(AgencyOutput(self._agency(request, pk)).data)

    @extend_schema(request=UpdateInput, responses=AgencyOutput)
    def patch(self, request, pk):
        agency = self._agency(request, pk)
        payload = self.UpdateInput(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        agency = services.update_agency(actor=request.user, agency=agency, **payload.validated_data)
        return Response(AgencyOutput(agency).data)
