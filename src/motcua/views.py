"""Project-level routes: the home page sends each user to their side of the system."""

from django.shortcuts import redirect, render

from motcua.organizations.selectors import is_officer


def home(request):
    """Officers land in their workspace, everyone else on the citizen portal."""
    if request.user.is_authenticated and is_officer(request.user):
        return redirect("workspace:home")
    return redirect("portal:home")


def health(request):
    return render(request, "health.txt", content_type="text/plain")
