"""Tra cứu hồ sơ: anyone with the dossier code and the last 4 digits of the applicant's phone or ID
number sees its status and main steps, without logging in; the QR code of the receipt (Mẫu 01) opens this
page with the code filled in. Failed look-ups are limited per code and per address."""

from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import selectors
from ..forms import TrackForm
from .common import client_ip
from .dossiers import history

MAX_FAILURES = 10
WINDOW = 3600  # seconds


def _key(kind: str, value: str) -> str:
    return f"portal.track.fail:{kind}:{value}"


def track(request):
    code = (request.GET.get("code") or request.POST.get("code") or "").strip().upper()
    if request.user.is_authenticated and code:
        own = selectors.my_dossiers(request.user).filter(code=code).first()
        if own is not None:
            return redirect("portal:dossier", reference=own.reference)
    form = TrackForm(request.POST or None, initial={"code": code})
    dossier = None
    if request.method == "POST" and form.is_valid():
        keys = [_key("code", form.cleaned_data["code"].upper()), _key("ip", client_ip(request))]
        if any((cache.get(k) or 0) >= MAX_FAILURES for k in keys):
            form.add_error(None, _("Too many attempts. Try again in an hour."))
        else:
            dossier = selectors.tracked(form.cleaned_data["code"], form.cleaned_data["factor"])
            if dossier is None:
                for k in keys:
                    cache.add(k, 0, WINDOW)
                    cache.incr(k)
                form.add_error(None, _("No dossier matches this code and these digits. Check both and try again."))
    context = {"form": form, "dossier": dossier}
    if dossier is not None:
        dossier = type(dossier).objects.prefetch_related("events").get(pk=dossier.pk)
        context.update(dossier=dossier, history=history(dossier, public=True))
    return render(request, "portal/track.html", context, status=400 if form.errors else 200)
