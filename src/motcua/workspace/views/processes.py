"""Officer pages of internal processes: the list for the officer's agencies and one process with its
diagram."""

from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from motcua.organizations.selectors import scope_for
from motcua.processes import graph
from motcua.processes.models import Process
from motcua.processes.selectors import graph_steps

from ..decorators import officer_required


def _visible(user):
    scope = scope_for(user)
    return Process.objects.filter(scope.agency_filter("agency__")).select_related(
        "agency", "procedure__current_version")


@officer_required
def process_list(request):
    processes = _visible(request.user).filter(status=Process.Status.ACTIVE).order_by("agency__code", "name")[:300]
    return render(request, "workspace/process_list.html", {"processes": processes})


@officer_required
def process_detail(request, pk):
    process = _visible(request.user).filter(pk=pk).prefetch_related("steps__division", "steps__partner_agency").first()
    if process is None:
        raise Http404(_("No such process in your units."))
    diagram = mark_safe(graph.svg(graph_steps(process), title=process.name))  # all labels are escaped by graph.svg
    return render(request, "workspace/process_detail.html", {"process": process, "diagram": diagram,
                                                             "steps": process.steps.all()})
