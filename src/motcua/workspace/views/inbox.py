"""Inboxes per role: the tabs with their counts, filters, the most urgent first, the time left in words
and colour. A constant number of queries whatever the number of dossiers (tests assert it)."""

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from motcua.dossiers import selectors, states
from motcua.organizations.roles import Role
from motcua.organizations.selectors import scope_for
from motcua.workdays.selectors import engine_calendar

from .. import selectors as workspace_selectors
from ..deadlines import time_left
from ..decorators import officer_required
from ..forms_dossier import BulkForm

TAB_LABELS = {
    selectors.TO_RECEIVE: _("To receive"), selectors.TO_PROCESS: _("To process"), selectors.TO_REVIEW: _("To review"),
    selectors.TO_SIGN: _("To sign"), selectors.WAITING: _("Waiting for the applicant"),
    selectors.RESULTS_TO_RETURN: _("Results to return"), selectors.OVERDUE_TAB: _("Overdue"),
}
DEFAULT_TAB = [(Role.AGENCY_LEADER, selectors.TO_SIGN), (Role.DIVISION_HEAD, selectors.TO_REVIEW),
               (Role.SPECIALIST, selectors.TO_PROCESS), (Role.COUNTER_OFFICER, selectors.TO_RECEIVE),
               (Role.CENTRE_MANAGER, selectors.OVERDUE_TAB)]
# Bulk actions each tab offers.
BULK = {selectors.TO_PROCESS: ("assign", "move"), selectors.TO_REVIEW: ("assign", "move"),
        selectors.TO_SIGN: ("sign_off",), selectors.RESULTS_TO_RETURN: ("return_result",),
        selectors.OVERDUE_TAB: ("assign",)}


class FilterForm(forms.Form):
    procedure = forms.CharField(label=_("Procedure code"), required=False, max_length=40)
    field = forms.ChoiceField(label=_("Field"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[
        ("", _("All")), (states.Channel.COUNTER, _("At the counter")), (states.Channel.ONLINE, _("Online")),
        (states.Channel.POST, _("By post"))])
    received_from = forms.DateField(label=_("Received from"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    received_to = forms.DateField(label=_("Received to"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    due = forms.ChoiceField(label=_("Due status"), required=False, choices=[
        ("", _("All")), (selectors.OVERDUE, _("Overdue")), (selectors.DUE_SOON, _("Due within one working day")),
        (selectors.ON_TIME, _("Later"))])

    def __init__(self, *args, fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("All"))] + [(f.pk, f.name) for f in fields]

    def clean(self):
        data = super().clean()
        if data.get("received_from") and data.get("received_to") and data["received_from"] > data["received_to"]:
            self.add_error("received_to", _("The end of the period is before its start."))
        return data


def default_tab(user) -> str:
    roles = scope_for(user).roles
    return next((tab for role, tab in DEFAULT_TAB if role in roles), selectors.TO_PROCESS)


def decorate(rows, now, soon):
    """Each row gets ``time_left`` (css and words) from the default calendar (read once per request)."""
    calendar = engine_calendar(getattr(settings, "MOTCUA_DEFAULT_CALENDAR", "VN"))
    for row in rows:
        row.time_left = time_left(row, now=now, soon=soon, calendar=calendar)
    return rows


@officer_required
def inbox(request):
    tab = request.GET.get("tab") or default_tab(request.user)
    if tab not in selectors.TABS:
        tab = default_tab(request.user)
    form = FilterForm(request.GET or None, fields=workspace_selectors.fields())
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
    try:
        page = int(request.GET.get("page") or 1)
    except ValueError:
        page = 1
    now, soon = selectors.deadline_window()
    result = selectors.inbox(request.user, tab=tab, filters=filters, page=page, now=now)
    decorate(result.rows, now, soon)
    bulk_actions = BULK.get(tab, ())
    bulk_form = None
    if bulk_actions:
        officers = workspace_selectors.assignable_officers(request.user) if "assign" in bulk_actions else ()
        bulk_form = BulkForm(officers=officers, initial={"action": bulk_actions[0]})
        bulk_form.fields["action"].choices = [c for c in BulkForm.ACTIONS if c[0] in bulk_actions]
    query = request.GET.copy()
    query.pop("tab", None)
    query.pop("page", None)
    context = {
        "tab": tab, "result": result, "form": form, "tabs": [(t, TAB_LABELS[t], result.counts[t]) for t in selectors.TABS],
        "tab_label": TAB_LABELS[tab], "filter_query": query.urlencode(), "bulk_form": bulk_form,
        "bulk_actions": bulk_actions,
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "inbox-results":
        return render(request, "workspace/_inbox_results.html", context)
    return render(request, "workspace/inbox.html", context)
