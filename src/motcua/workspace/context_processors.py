"""What the workspace navigation needs on every page, computed only when a template asks for it."""

from . import selectors


def workspace_nav(request):
    user = request.user
    # A callable: the template calls it only on workspace pages, from the roles already read for the request.
    return {"manages_unit": lambda: bool(getattr(user, "is_authenticated", False) and selectors.manages_a_unit(user))}
