import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from .forms import TokenForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def _qr_svg(uri: str) -> str:
    buffer = io.BytesIO()
    qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


@login_required
def two_factor(request):
    """Enrol a TOTP device on first use, then verify a code from it."""
    enrolling = not user_has_device(request.user, confirmed=True)
    device = services.totp_device_for_enrolment(user=request.user) if enrolling else None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["otp_token"]
        if enrolling:
            verified = services.confirm_totp_device(user=request.user, device=device, token=token)
            device = TOTPDevice.objects.get(pk=device.pk)
        else:
            device = next(
                (d for d in TOTPDevice.objects.filter(user=request.user, confirmed=True) if d.verify_token(token)),
                None,
            )
            verified = device is not None
        if verified:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("otp_token", _("The verification code is wrong or has expired."))
    context = {"form": form, "enrolling": enrolling, "next": _safe_next(request)}
    if enrolling:
        context["qr_svg_base64"] = _qr_svg(device.config_url)
        context["secret_base32"] = base64.b32encode(device.bin_key).decode("ascii")
    return render(request, "accounts/two_factor.html", context)
