"""Processes in the admin: read-only once active (a change is a new version, imported or created
through the services); the diagram is shown on the change page."""

from django.contrib import admin
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import graph
from .models import Process, Step
from .selectors import graph_steps


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    fields = ("position", "code", "name", "action", "role", "division", "duration_amount", "duration_unit",
              "next_steps", "partner_agency")
    raw_id_fields = ("division", "partner_agency")

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.status == Process.Status.DRAFT

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ("name", "procedure", "agency", "number", "status", "activated_at")
    list_filter = ("status",)
    search_fields = ("name", "procedure__localised_code", "agency__name")
    raw_id_fields = ("procedure", "agency")
    readonly_fields = ("diagram", "activated_at")
    inlines = [StepInline]

    @admin.display(description=_("diagram"))
    def diagram(self, obj):
        return mark_safe(graph.svg(graph_steps(obj), title=obj.name)) if obj.pk else "—"  # noqa: S308 (escaped)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != Process.Status.DRAFT:
            return [f.name for f in Process._meta.fields] + ["diagram"]
        return self.readonly_fields
