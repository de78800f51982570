"""Administration of working-day calendars. Days are saved through the services, so that every edit is
recorded and bumps the calendar's revision."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .models import CalendarDay, OfficeSession, WorkCalendar


class OfficeSessionInline(admin.TabularInline):
    model = OfficeSession
    extra = 0


@admin.register(WorkCalendar)
class WorkCalendarAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent", "first_day", "last_day", "revision", "year_view")
    raw_id_fields = ("administrative_unit",)
    inlines = [OfficeSessionInline]

    @admin.display(description=_("year view"))
    def year_view(self, obj):
        return format_html('<a href="{}?calendar={}">{}</a>', reverse("workspace:calendar_year"), obj.code,
                           _("Open"))

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        services.touch_calendar(actor=request.user, calendar=form.instance, what="office_hours")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "name", "source", "calendar")
    list_filter = ("calendar", "kind")
    date_hierarchy = "date"
    search_fields = ("name", "source")

    def save_model(self, request, obj, form, change):
        if change and "date" in form.changed_data:
            services.remove_calendar_day(actor=request.user, calendar=obj.calendar, date=form.initial["date"])
        day = services.set_calendar_day(actor=request.user, calendar=obj.calendar, date=obj.date, kind=obj.kind,
                                        name=obj.name, source=obj.source)
        obj.pk = day.pk

    def delete_model(self, request, obj):
        services.remove_calendar_day(actor=request.user, calendar=obj.calendar, date=obj.date)

    def delete_queryset(self, request, queryset):
        for day in queryset:
            self.delete_model(request, day)
