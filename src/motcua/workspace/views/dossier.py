"""One dossier: summary, applicant, components with an inline preview, the process diagram at the
current step, the timeline, comments, printable forms, and only the actions this officer may take. An
action on a version that changed meanwhile is not taken: the page says what changed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.dossiers import selectors, services
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import workspace as counter_services
from motcua.processes import graph
from motcua.processes.selectors import graph_steps
from motcua.workdays.selectors import engine_calendar

from .. import actions as offered_actions
from .. import events as event_words
from .. import forms_dossier as f
from ..deadlines import time_left
from ..decorators import officer_required
from ..events import TITLES

FORMS = {
    "receive": f.ActionForm, "guide": f.SupplementationRequestForm, "refuse": f.ReasonForm, "assign": f.AssignForm,
    "move": f.MoveForm, "sign_off": f.ResultForm, "issue_result": f.ResultForm, "return_for_rework": f.ReasonForm,
    "request_supplementation": f.SupplementationRequestForm, "receive_supplementation": f.SupplementReceiveForm,
    "request_payment": f.PaymentRequestForm, "record_payment": f.PaymentForm, "return_result": f.ReturnResultForm,
    "reschedule": f.RescheduleForm, "withdraw": f.ReasonForm, "stop": f.ReasonForm,
}


def _load(request, key: str) -> Dossier:
    try:
        return selectors.dossier_detail(key, request.user)
    except Dossier.DoesNotExist:
        raise Http404(_("No such dossier in your units.")) from None


def _step_codes(dossier) -> dict:
    return {s.code: s for s in dossier.process.steps.all()} if dossier.process_id else {}


def _form(action: str, dossier, data=None, files=None):
    cls = FORMS[action]
    # Each action's form has its own prefix: one page holds several, and ids must stay unique.
    kwargs = {"initial": {"expected_version": dossier.version}, "prefix": action}
    if action == "assign":
        from .. import selectors as workspace_selectors

        kwargs["officers"] = workspace_selectors.assignable_officers(dossier._viewer)
    if action == "move":
        steps = _step_codes(dossier)
        codes = dossier.current_step.next_steps if dossier.current_step_id else []
        kwargs["next_steps"] = [steps[c] for c in codes if c in steps]
    if action in ("sign_off", "issue_result"):
        kwargs["initial"]["result_name"] = dossier.procedure_version.result_name
    if action == "receive_supplementation":
        pending = [s for s in dossier.supplementations.all() if s.received_at is None]
        if pending:
            kwargs["initial"]["items"] = "\n".join(i.get("name", "") for i in pending[-1].items)
    if action == "record_payment":
        kwargs["initial"]["amount"] = max(dossier.fee_due - dossier.fee_paid, 0) or None
    if action == "return_result":
        kwargs["initial"]["delivery"] = dossier.result_delivery
    return cls(data, files, **kwargs) if data is not None else cls(**kwargs)


def _context(request, dossier, *, bound=None, conflict=None) -> dict:
    dossier._viewer = request.user
    now, soon = selectors.deadline_window()
    calendar = engine_calendar(dossier.calendar_code)
    available = offered_actions.available(request.user, dossier, now=now)
    forms = {action: _form(action, dossier) for action in available if action in FORMS}
    if bound is not None:
        forms[bound[0]] = bound[1]
    diagram = None
    if dossier.process_id:
        current = dossier.current_step.code if dossier.current_step_id else None
        diagram = mark_safe(graph.svg(graph_steps(dossier.process), current=current,  # noqa: S308 (escaped)
                                      title=dossier.process.name))
    events = list(dossier.events.all())
    for event in events:
        event.label = event_words.label(event.kind)
    received = dossier.received_at is not None
    printable = []
    if received:
        printable.append(("01", _("Receipt and appointment (Mẫu 01)")))
    if any(e.kind in ("guided", "supplementation_requested") for e in events):
        printable.append(("02", _("Supplementation request (Mẫu 02)")))
    if dossier.status == 3:
        printable.append(("03", _("Refusal (Mẫu 03)")))
    if dossier.rescheduled:
        printable.append(("04", _("Apology and new appointment (Mẫu 04)")))
    if received:
        printable.append(("05", _("Process control slip (Mẫu 05)")))
    return {
        "dossier": dossier, "applicant": dossier.applicant or {}, "components": list(dossier.components.all()),
        "events": events, "comments": [e for e in events if e.kind == "commented"], "diagram": diagram,
        "time_left": time_left(dossier, now=now, soon=soon, calendar=calendar), "key": dossier.code or dossier.reference,
        "actions": [(a, TITLES[a], forms.get(a)) for a in available if a != "comment"],
        "can_comment": "comment" in available, "comment_form": f.CommentForm(),
        "open_action": bound[0] if bound else request.GET.get("action"), "conflict": conflict, "printable": printable,
        "supplementations": list(dossier.supplementations.all()), "children": list(dossier.children.all()),
    }


@officer_required
def dossier_page(request, key):
    dossier = _load(request, key)
    return render(request, "workspace/dossier.html", _context(request, dossier))


def _call(action: str, request, dossier, form) -> Dossier:
    """The one service of ``action`` with the form's data."""
    data = form.cleaned_data
    common = {"actor": request.user, "dossier": dossier, "expected_version": data.get("expected_version")}
    if action == "receive":
        return services.receive(**common)
    if action == "guide":
        return services.guide(**common, items=form.item_list(), note=data["reason"])
    if action == "refuse":
        return services.refuse(**common, reasons=data["reason"])
    if action == "assign":
        from django.contrib.auth import get_user_model

        assignee = get_user_model().objects.filter(pk=data["assignee"]).first()
        if assignee is None:
            raise ValidationError({"assignee": _("Choose whom to assign the dossier to.")})
        return services.assign(**common, assignee=assignee, note=data.get("note", ""))
    if action == "move":
        return services.move(**common, opinion=data.get("opinion", ""), to_step=data.get("to_step") or None)
    if action in ("sign_off", "issue_result"):
        checked = getattr(form, "checked", None)
        extra = {"file": data.get("file") or None, "sha256": checked.sha256 if checked else "",
                 "electronic": checked is not None}
        if action == "sign_off":
            return counter_services.sign_off(**common, opinion=data.get("opinion", ""), result_name=data["result_name"],
                                             result_number=data["result_number"], **extra)
        return services.issue_result(**common, name=data["result_name"], number=data["result_number"], **extra)
    if action == "return_for_rework":
        return services.return_for_rework(**common, reason=data["reason"])
    if action == "request_supplementation":
        return services.request_supplementation(**common, items=form.item_list(), reason=data["reason"])
    if action == "receive_supplementation":
        return services.receive_supplementation(**common, components=form.components())
    if action == "request_payment":
        return services.request_payment(**common, amount=data["amount"], reason=data["reason"])
    if action == "record_payment":
        return services.record_payment(**common, amount=data["amount"], method=data["method"],
                                       reference=data.get("reference", ""))
    if action == "return_result":
        return services.return_result(**common, delivery=data["delivery"], note=data.get("note", ""))
    if action == "reschedule":
        return services.reschedule(**common, new_due_at=data["new_due_at"], reason=data["reason"])
    if action == "withdraw":
        return services.withdraw(**common, reason=data["reason"])
    if action == "stop":
        return services.stop(**common, reason=data["reason"])
    raise Http404


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields and field != NON_FIELD_ERRORS else None, problems)
    else:
        form.add_error(None, error.messages)


@require_POST
@officer_required
def dossier_action(request, key, action):
    if action not in FORMS:
        raise Http404
    dossier = _load(request, key)
    dossier._viewer = request.user
    form = _form(action, dossier, request.POST, request.FILES)
    if form.is_valid():
        try:
            _call(action, request, dossier, form)
        except services.ConflictError:
            fresh = _load(request, key)
            seen = form.cleaned_data.get("expected_version") or 0
            changed = event_words.changed_since(fresh.events.all(), seen)
            for event in changed:
                event.label = event_words.label(event.kind)
            return render(request, "workspace/dossier.html",
                          _context(request, fresh, conflict={"action": TITLES[action], "events": changed}), status=409)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not take this action on this dossier."))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": TITLES[action]})
            # (Some services answer with what they created, e.g. the supplementation request: read the
            # dossier again, whose code a receipt has just issued.)
            updated = Dossier.objects.only("code", "reference").get(pk=dossier.pk)
            return redirect("workspace:dossier", key=updated.code or updated.reference)
    return render(request, "workspace/dossier.html", _context(request, dossier, bound=(action, form)), status=400)


@require_POST
@officer_required
def dossier_comment(request, key):
    dossier = _load(request, key)
    form = f.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment(actor=request.user, dossier=dossier, text=form.cleaned_data["text"])
        except PermissionDenied:
            raise
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Comment added."))
            return redirect("workspace:dossier", key=key)
    context = _context(request, dossier)
    context["comment_form"] = form
    return render(request, "workspace/dossier.html", context, status=400)


@officer_required
def component_file(request, key, pk):
    """A component's file, inline for the preview (only inside the officer's units)."""
    dossier = _load(request, key)
    component = next((c for c in dossier.components.all() if c.pk == pk and c.file), None)
    if component is None:
        raise Http404(_("No such file."))
    response = FileResponse(component.file.open("rb"), content_type=component.content_type or "application/octet-stream")
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@officer_required
def result_file(request, key):
    dossier = _load(request, key)
    result = getattr(dossier, "result", None)
    if result is None or not result.file:
        raise Http404(_("No such file."))
    response = FileResponse(result.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    return response
