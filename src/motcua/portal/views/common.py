"""What the portal's views share: login that keeps a form posted after the session ended, and the
translation of service errors into form errors."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _

PENDING_KEY = "portal_pending_post"


def citizen_required(view):
    """Like login_required, but a form posted after the session expired is kept in the (new, anonymous)
    session and offered back to the view after login: nothing typed is lost."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
            target = request.path.removesuffix("autosave/")  # an autosave is kept for the form's page
            request.session[PENDING_KEY] = {"path": target, "data": data}
            if request.headers.get("HX-Request"):
                return HttpResponse(_("Your session has ended: log in again, what you typed is kept."),
                                    content_type="text/plain; charset=utf-8")
        return redirect_to_login(request.path.removesuffix("autosave/"), login_url="portal:login")

    return wrapper


def pending_post(request) -> dict | None:
    """The form this person posted to this page before logging in again, once."""
    pending = request.session.get(PENDING_KEY)
    if not pending or pending.get("path") != request.path:
        return None
    del request.session[PENDING_KEY]
    return {key: values[-1] if values else "" for key, values in pending["data"].items()}


def apply_errors(error: ValidationError, forms_by_prefix: dict, fallback) -> list[str]:
    """Puts each message of a service's ValidationError on the form field it names ("applicant.name" goes
    to the applicant form's "name"); returns the messages that name no field."""
    loose = []
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    for key, errors in error.message_dict.items():
        prefix, _sep, name = key.partition(".")
        form = forms_by_prefix.get(prefix) if name else None
        if form is not None and name in form.fields:
            for message in errors:
                form.add_error(name, message)
        elif fallback is not None and key in getattr(fallback, "fields", {}):
            for message in errors:
                fallback.add_error(key, message)
        else:
            loose.extend(errors)
    return loose


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "127.0.0.1"
