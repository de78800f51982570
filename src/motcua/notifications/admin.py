"""The rule table is edited here; the log is read here (and failed messages sent again)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Notification, NotificationRule


@admin.register(NotificationRule)
class NotificationRuleAdmin(admin.ModelAdmin):
    list_display = ("event_kind", "audience", "channel", "active", "body")
    list_filter = ("event_kind", "audience", "channel", "active")
    list_editable = ("active",)
    search_fields = ("body", "subject")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "channel", "recipient", "status", "attempts", "sent_at", "dossier")
    list_filter = ("status", "channel", "kind", "audience")
    search_fields = ("recipient", "recipient_name", "dossier__code", "provider_message_id")
    date_hierarchy = "created_at"
    raw_id_fields = ("dossier", "event", "rule", "recipient_user")
    actions = ["send_again"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the failed notifications again"))
    def send_again(self, request, queryset):
        count = services.resend(actor=request.user, notifications=list(queryset))
        self.message_user(request, ngettext("%(count)d notification queued again.",
                                            "%(count)d notifications queued again.", count) % {"count": count},
                          messages.SUCCESS)
