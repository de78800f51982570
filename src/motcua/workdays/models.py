from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class WorkCalendar(models.Model):
    """A working-day calendar: the national one ("VN") or a province's, which overrides its parent."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", verbose_name=_("base calendar"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="overrides",
        help_text=_("Days and office hours not set here are taken from this calendar."),
    )
    administrative_unit = models.ForeignKey(
        "organizations.AdministrativeUnit", verbose_name=_("administrative unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    # Bumped by every edit, so that processes rebuild their cached engine calendar.
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    class Meta:
        verbose_name = _("working-day calendar")
        verbose_name_plural = _("working-day calendars")
        ordering = ["code"]
        constraints = [models.CheckConstraint(condition=Q(last_day__gte=F("first_day")), name="calendar_range_order")]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class CalendarDay(models.Model):
    """A date that departs from the weekly pattern: a day off on a weekday, or a working weekend day."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Working day (make-up)")

    calendar = models.ForeignKey(WorkCalendar, verbose_name=_("calendar"), on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255)
    source = models.CharField(_("source"), max_length=500, help_text=_("The document this day comes from."))

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["calendar_id", "date"]
        constraints = [models.UniqueConstraint(fields=["calendar", "date"], name="calendar_day_unique")]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}: {self.name}"


class OfficeSession(models.Model):
    """One session of office hours on a weekday (e.g. Monday 07:30–11:30)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    calendar = models.ForeignKey(
        WorkCalendar, verbose_name=_("calendar"), on_delete=models.CASCADE, related_name="sessions"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        verbose_name = _("office session")
        verbose_name_plural = _("office hours")
        ordering = ["calendar_id", "weekday", "opens_at"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "weekday", "opens_at"], name="office_session_unique"),
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="office_session_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"
