"""Forms of the deadline page. They only read and check input; the engine does the arithmetic."""

from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from motcua.workdays.durations import parse_duration
from motcua.workdays.errors import WorkdaysError
from motcua.workdays.messages import describe
from motcua.workdays.parsing import parse_instant, parse_pause

_LOCAL = {"type": "datetime-local", "step": 60}


class _EngineForm(forms.Form):
    calendar = forms.ChoiceField(label=_("Calendar"))
    pauses = forms.CharField(
        label=_("Supplementation pauses"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One pause per line: START/END, for example 2025-02-03T08:00/2025-02-05T10:00."),
    )

    def __init__(self, *args, calendars=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["calendar"].choices = [(c.code, str(c)) for c in calendars]
        self.fields["calendar"].initial = settings.MOTCUA_DEFAULT_CALENDAR
        self.tz = ZoneInfo(settings.TIME_ZONE)

    def _instant(self, name):
        try:
            return parse_instant(self.data.get(self.add_prefix(name), ""), name, self.tz)
        except WorkdaysError as error:
            raise forms.ValidationError(describe(error)) from error

    def clean_pauses(self):
        lines = [line.strip() for line in self.cleaned_data["pauses"].splitlines() if line.strip()]
        try:
            return [parse_pause(line, f"pauses[{i}]", self.tz) for i, line in enumerate(lines)]
        except WorkdaysError as error:
            raise forms.ValidationError(describe(error)) from error


class DueForm(_EngineForm):
    received_at = forms.CharField(label=_("Received at"), widget=forms.DateTimeInput(attrs=_LOCAL))
    duration = forms.CharField(
        label=_("Time limit"), max_length=20,
        help_text=_("5wd = 5 working days, 16wh = 16 working hours, 30d = 30 calendar days, 1mo = 1 month, "
                    "same_day = within the day."),
    )
    cutoff = forms.TimeField(label=_("Cut-off time"), required=False,
                             help_text=_("Receipts after this time count from the next working day."),
                             widget=forms.TimeInput(attrs={"type": "time"}))
    field_order = ["calendar", "received_at", "duration", "cutoff", "pauses"]

    def clean_received_at(self):
        return self._instant("received_at")

    def clean_duration(self):
        try:
            return parse_duration(self.cleaned_data["duration"], "duration")
        except WorkdaysError as error:
            raise forms.ValidationError(describe(error)) from error


class CheckForm(_EngineForm):
    due_at = forms.CharField(label=_("Due at"), widget=forms.DateTimeInput(attrs=_LOCAL))
    end_at = forms.CharField(label=_("Finished at"), widget=forms.DateTimeInput(attrs=_LOCAL))
    supplementations = forms.IntegerField(label=_("Supplementation requests"), min_value=0, initial=0)
    field_order = ["calendar", "due_at", "end_at", "supplementations", "pauses"]

    def clean_due_at(self):
        return self._instant("due_at")

    def clean_end_at(self):
        return self._instant("end_at")
