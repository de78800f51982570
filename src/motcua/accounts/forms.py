from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    otp_token = forms.RegexField(
        label=_("Verification code"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("The verification code has 6 digits.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )
