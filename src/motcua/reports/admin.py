"""The 766 index configuration is edited here: a new version (with its own valid-from date) rather than
changing a past one, so earlier periods keep the scores they had."""

from django.contrib import admin

from .models import IndexMetric, IndexVersion, RefreshState


class IndexMetricInline(admin.TabularInline):
    model = IndexMetric
    extra = 0
    fields = ("position", "code", "group", "group_name", "name", "max_points", "target", "formula", "zero_rule",
              "applies_to_communes")


@admin.register(IndexVersion)
class IndexVersionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "valid_from")
    inlines = [IndexMetricInline]


@admin.register(RefreshState)
class RefreshStateAdmin(admin.ModelAdmin):
    list_display = ("name", "refreshed_at", "last_event_id", "facts", "seconds")
    readonly_fields = ("name", "refreshed_at", "last_event_id", "facts", "seconds")

    def has_add_permission(self, request):
        return False
