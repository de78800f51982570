"""Bulk actions from an inbox tab: assign, move on, sign off, return results. Each dossier is one service
call with the version the officer saw, so a dossier that changed meanwhile is skipped and named, and a
repeated submit changes nothing twice."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers import services
from motcua.dossiers.services import workspace as counter_services

from .. import selectors
from ..decorators import officer_required
from ..forms_dossier import BulkForm

MAX_SELECTED = 100


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("workspace:inbox")


@require_POST
@officer_required
def bulk_action(request):
    form = BulkForm(request.POST, officers=selectors.assignable_officers(request.user))
    ids = [int(v) for v in request.POST.getlist("dossier") if v.isdigit()][:MAX_SELECTED]
    if not ids:
        messages.error(request, _("Select at least one dossier."))
        return _back(request)
    if not form.is_valid():
        for field, problems in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(problems)}" if label else " ".join(problems))
        return _back(request)
    data = form.cleaned_data
    action = data["action"]
    assignee = get_user_model().objects.filter(pk=data.get("assignee")).first() if action == "assign" else None
    dossiers = dossier_selectors.dossiers_visible_to(request.user).filter(pk__in=ids).select_related(
        "procedure_version", "current_step").order_by("due_at", "id")
    done, failed = [], []
    for dossier in dossiers:
        seen = request.POST.get(f"version_{dossier.pk}", "")
        expected = int(seen) if seen.isdigit() else None
        try:
            if action == "assign":
                services.assign(actor=request.user, dossier=dossier, assignee=assignee, expected_version=expected)
            elif action == "move":
                services.move(actor=request.user, dossier=dossier, expected_version=expected)
            elif action == "sign_off":
                counter_services.sign_off(actor=request.user, dossier=dossier, expected_version=expected,
                                          result_name=dossier.procedure_version.result_name)
            else:
                services.return_result(actor=request.user, dossier=dossier, expected_version=expected,
                                       delivery=data.get("delivery") or dossier.result_delivery)
            done.append(dossier.code)
        except services.ConflictError:
            failed.append(_("%(code)s changed meanwhile: open it and check.") % {"code": dossier.code})
        except PermissionDenied:
            failed.append(_("%(code)s: you may not take this action.") % {"code": dossier.code})
        except ValidationError as error:
            failed.append(f"{dossier.code}: {' '.join(error.messages)}")
    if done:
        messages.success(request, _("Done for %(count)d dossier(s): %(codes)s.") % {
            "count": len(done), "codes": ", ".join(done)})
    for problem in failed:
        messages.error(request, problem)
    return _back(request)
