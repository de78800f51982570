from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from motcua.organizations.selectors import is_officer

# Paths an officer may reach before completing the second factor.
_OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz")


class OfficerTwoFactorMiddleware:
    """When MOTCUA_OFFICER_2FA_REQUIRED is on, an officer must pass a TOTP check before anything else.

    Runs after django_otp's OTPMiddleware, which sets ``request.user.is_verified()``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_verify(request):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"detail": "Two-factor authentication required."}, status=403)
            return redirect(f"{reverse('accounts:two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _must_verify(request) -> bool:
        if not settings.MOTCUA_OFFICER_2FA_REQUIRED:
            return False
        user = request.user
        if not user.is_authenticated or request.path.startswith(_OPEN_PREFIXES):
            return False
        # Token-authenticated machine clients are not session users; DRF authenticates them later.
        if not (is_officer(user) or user.is_staff):
            return False
        return not user.is_verified()
