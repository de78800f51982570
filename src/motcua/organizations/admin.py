"""Administration pages for system administrators. Agencies are saved through the service so that
their ancestry path, parent checks and audit events stay right."""

from django.contrib import admin

from . import services
from .models import AdministrativeUnit, Agency, Counter, Delegation, Division, Membership, ServiceCentre


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "level", "parent", "valid_from", "valid_to")
    list_filter = ("level", "kind", ("valid_to", admin.EmptyFieldListFilter))
    search_fields = ("code", "name", "name_folded")
    raw_id_fields = ("parent",)
    filter_horizontal = ("successors",)
    list_select_related = ("parent",)


class DivisionInline(admin.TabularInline):
    model = Division
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "administrative_unit", "valid_to")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent", "administrative_unit", "successor")
    list_select_related = ("parent", "administrative_unit")
    inlines = [DivisionInline]

    def save_model(self, request, obj, form, change):
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            services.update_agency(actor=request.user, agency=obj, **changes)
        else:
            fields = {name: form.cleaned_data.get(name) for name in
                      ("code", "name", "short_name", "kind", "administrative_unit", "parent", "valid_from",
                       "valid_to")}
            created = services.create_agency(actor=request.user, **fields)
            obj.pk, obj.path = created.pk, created.path


class CounterInline(admin.TabularInline):
    model = Counter
    extra = 0


@admin.register(ServiceCentre)
class ServiceCentreAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "agency", "administrative_unit")
    list_filter = ("level",)
    search_fields = ("name", "code")
    raw_id_fields = ("agency", "administrative_unit")
    inlines = [CounterInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "agency", "division", "service_centre", "valid_from", "valid_to")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name")
    raw_id_fields = ("user", "agency", "division", "service_centre")
    list_select_related = ("user", "agency", "division", "service_centre")


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ("membership", "delegate", "valid_from", "valid_to", "revoked_at")
    raw_id_fields = ("membership", "delegate")
