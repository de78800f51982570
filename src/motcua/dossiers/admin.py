"""Dossiers in the admin are read-only: every change goes through the services and their event chain.
Columns the models leave unnamed get Vietnamese-translatable names here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Dossier, DossierEvent


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


STATUS_LABELS = dict(Dossier.STATUS_CHOICES)


class EventColumns:
    @admin.display(description=_("No."), ordering="seq")
    def number(self, obj):
        return obj.seq

    @admin.display(description=_("From status"))
    def status_before(self, obj):
        return STATUS_LABELS.get(obj.from_status, "—")

    @admin.display(description=_("To status"))
    def status_after(self, obj):
        return STATUS_LABELS.get(obj.to_status, "—")

    @admin.display(description=_("From step"))
    def step_before(self, obj):
        return obj.from_step or "—"

    @admin.display(description=_("To step"))
    def step_after(self, obj):
        return obj.to_step or "—"


class EventInline(EventColumns, admin.TabularInline):
    model = DossierEvent
    fields = ("number", "occurred_at", "kind", "actor_name", "status_before", "status_after", "step_before",
              "step_after")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnly):
    list_display = ("code", "status", "channel", "applicant_name", "deciding_agency", "received_at", "due_at")
    list_filter = ("status", "channel", "deadline_flag")
    search_fields = ("code", "applicant_name", "applicant_id_number")
    list_select_related = ("deciding_agency",)
    inlines = [EventInline]
    date_hierarchy = "received_at"


@admin.register(DossierEvent)
class DossierEventAdmin(EventColumns, ReadOnly):
    list_display = ("dossier", "number", "kind", "actor_name", "occurred_at")
    list_filter = ("kind",)
    search_fields = ("dossier__code",)
    list_select_related = ("dossier",)
