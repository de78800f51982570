"""Citizen and organisation accounts: local registration with a code sent by e-mail or SMS, login with a
password or through the OpenID Connect provider (the national SSO / VNeID)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts import oidc, registration

from ..forms import RegisterForm, VerifyForm

VERIFY_KEY = "portal_verify_user"


class LoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = oidc.enabled()
        context["oidc_name"] = settings.MOTCUA_OIDC_PROVIDER_NAME
        form = context["form"]
        form.fields["username"].label = _("E-mail or phone")
        return context

    def get_default_redirect_url(self):
        return "/portal/dossiers/"


def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = registration.register(
            kind=data["kind"], full_name=data["full_name"], contact_channel=data["channel"], contact=data["contact"],
            password=data["password1"], personal_id=data.get("personal_id") or "",
            organisation_name=data.get("organisation_name") or "", organisation_code=data.get("organisation_code") or "")
        request.session[VERIFY_KEY] = user.pk
        return redirect("portal:verify")
    return render(request, "portal/register.html", {"form": form})


def _pending_user(request):
    pk = request.session.get(VERIFY_KEY)
    return get_user_model().objects.filter(pk=pk, is_active=False).first() if pk else None


def verify(request):
    user = _pending_user(request)
    if user is None:
        messages.info(request, _("Register first, or log in if your account is already verified."))
        return redirect("portal:register")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration.verify(user=user, code=form.cleaned_data["code"])
        except registration.VerificationError as exc:
            form.add_error("code", str(exc))
        else:
            del request.session[VERIFY_KEY]
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is verified. Welcome!"))
            return redirect("portal:dossiers")
    channel = "email" if user.email else "phone"
    return render(request, "portal/verify.html", {"form": form, "target": user.email or user.phone,
                                                  "channel": channel})


@require_POST
def resend(request):
    user = _pending_user(request)
    if user is None:
        return redirect("portal:register")
    registration.send_code(user=user, channel="email" if user.email else "phone")
    messages.info(request, _("A new code was sent."))
    return redirect("portal:verify")
