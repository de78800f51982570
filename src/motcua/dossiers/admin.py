"""Dossiers in the admin are read-only: every change goes through the services and their event chain."""

from django.contrib import admin

from .models import Dossier, DossierEvent


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = DossierEvent
    fields = ("seq", "occurred_at", "kind", "actor_name", "from_status", "to_status", "from_step", "to_step")
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
class DossierEventAdmin(ReadOnly):
    list_display = ("dossier", "seq", "kind", "actor_name", "occurred_at")
    list_filter = ("kind",)
    search_fields = ("dossier__code",)
    list_select_related = ("dossier",)
