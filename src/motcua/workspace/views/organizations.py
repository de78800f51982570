from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.organizations import selectors, services

from ..decorators import officer_required
from ..forms import AgencyForm


@officer_required
def home(request):
    return render(request, "workspace/home.html", {
        "memberships": selectors.effective_memberships(request.user),
    })


@officer_required
def agency_list(request):
    agencies = selectors.agencies_visible_to(request.user).order_by("path", "code")[:500]
    return render(request, "workspace/agency_list.html", {"agencies": agencies})


def _visible_agency(request, pk):
    agency = selectors.agencies_visible_to(request.user).filter(pk=pk).first()
    if agency is None:
        raise Http404(_("No such agency in your units."))
    return agency


@officer_required
def agency_detail(request, pk):
    agency = _visible_agency(request, pk)
    return render(request, "workspace/agency_detail.html", {
        "agency": agency,
        "divisions": agency.divisions.all(),
        "centres": agency.service_centres.prefetch_related("counters"),
        "can_change": request.user.has_perm("organizations.change_agency", agency),
    })


@officer_required
def agency_edit(request, pk):
    agency = _visible_agency(request, pk)
    if not request.user.has_perm("organizations.change_agency", agency):
        raise PermissionDenied(_("You may read this agency but not change it."))
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agency(actor=request.user, agency=agency,
                                   **{name: form.cleaned_data[name] for name in form.changed_data})
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("The agency was saved."))
            return redirect("workspace:agency_detail", pk=agency.pk)
    return render(request, "workspace/agency_edit.html", {"agency": agency, "form": form})
