"""The portal's forms. Every message names the field and says what to do."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, DossierRating
from motcua.dossiers.services.rating import CRITERIA

PHONE = RegexValidator(r"^(\+84|0)\d{9,10}$", _("Enter a Vietnamese phone number, e.g. 0912345678."))
CITIZEN_ID = RegexValidator(r"^\d{12}$", _("The ID number (CCCD) has exactly 12 digits."))
ORGANISATION_CODE = RegexValidator(r"^\d{10}(\d{3})?$", _("The enterprise or tax code has 10 or 13 digits."))


class RegisterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Account for"), widget=forms.RadioSelect, initial="citizen",
                             choices=[("citizen", _("A citizen")), ("organisation", _("An organisation"))])
    full_name = forms.CharField(label=_("Full name"), max_length=200,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    personal_id = forms.CharField(label=_("ID number (CCCD, 12 digits)"), required=False, validators=[CITIZEN_ID],
                                  widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}))
    organisation_name = forms.CharField(label=_("Organisation name"), max_length=300, required=False)
    organisation_code = forms.CharField(label=_("Enterprise or tax code"), required=False,
                                        validators=[ORGANISATION_CODE],
                                        widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    channel = forms.ChoiceField(label=_("Send the verification code by"), widget=forms.RadioSelect, initial="email",
                                choices=[("email", _("E-mail")), ("phone", _("SMS to my phone"))])
    email = forms.EmailField(label=_("E-mail"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(label=_("Phone"), required=False, validators=[PHONE],
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        users = get_user_model().objects
        if data.get("kind") == "citizen" and not data.get("personal_id") and "personal_id" not in self.errors:
            self.add_error("personal_id", _("Enter your ID number (CCCD, 12 digits)."))
        if data.get("kind") == "organisation":
            if not data.get("organisation_name"):
                self.add_error("organisation_name", _("Enter the organisation's name."))
            if not data.get("organisation_code") and "organisation_code" not in self.errors:
                self.add_error("organisation_code", _("Enter the enterprise or tax code."))
        channel = data.get("channel")
        contact = (data.get("email") or "").lower() if channel == "email" else (data.get("phone") or "")
        if channel == "email" and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter the e-mail address to send the code to."))
        if channel == "phone" and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Enter the phone number to send the code to."))
        if contact and users.filter(Q(username__iexact=contact) | Q(email__iexact=contact) if channel == "email"
                                    else Q(username=contact) | Q(phone=contact)).exists():
            self.add_error(channel, _("An account with this contact already exists: log in instead."))
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password1"):
            try:
                validate_password(data["password1"], get_user_model()(full_name=data.get("full_name", "")))
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        data["contact"] = contact
        return data


class VerifyForm(forms.Form):
    code = forms.RegexField(label=_("Verification code"), regex=r"^\d{6}$",
                            error_messages={"invalid": _("The verification code has 6 digits.")},
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


class ApplicantForm(forms.Form):
    prefix = "applicant"
    # Not required here: the submission's own check names each missing field in the person's words.
    name = forms.CharField(label=_("Full name of the applicant"), max_length=200, required=False,
                           widget=forms.TextInput(attrs={"aria-required": "true", "autocomplete": "name"}))
    id_number = forms.CharField(label=_("ID number (12 digits) or enterprise code"), max_length=13, required=False,
                                widget=forms.TextInput(attrs={"inputmode": "numeric", "aria-required": "true"}))
    phone = forms.CharField(label=_("Phone"), max_length=16, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    address = forms.CharField(label=_("Address"), max_length=500, required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "street-address", "aria-required": "true"}))


def schema_form_class(schema: dict):
    """A form whose fields are the properties of the procedure's JSON schema (text, number, date, choice,
    yes/no). Requiredness and the final checks come from the schema itself (services.drafts.clean_fields)."""
    fields = {}
    required = set((schema or {}).get("required") or [])
    for name, prop in ((schema or {}).get("properties") or {}).items():
        label = prop.get("title") or name
        options = {"label": label, "required": False, "help_text": prop.get("description", "")}
        kind = prop.get("type")
        attrs = {"aria-required": "true"} if name in required else {}
        if prop.get("enum"):
            labels = prop.get("enumNames") or prop["enum"]
            field = forms.ChoiceField(choices=[("", "—"), *zip(prop["enum"], labels, strict=False)],
                                      widget=forms.Select(attrs=attrs), **options)
        elif kind == "boolean":
            field = forms.BooleanField(**options)
        elif kind in ("integer", "number"):
            attrs.update({"inputmode": "numeric" if kind == "integer" else "decimal"})
            field = forms.CharField(widget=forms.TextInput(attrs=attrs), **options)
        elif prop.get("format") == "date":
            field = forms.CharField(widget=forms.DateInput(attrs={**attrs, "type": "date"}), **options)
        elif (prop.get("maxLength") or 0) > 200:
            field = forms.CharField(widget=forms.Textarea(attrs={**attrs, "rows": 3}), **options)
        else:
            field = forms.CharField(widget=forms.TextInput(attrs=attrs), **options)
        field.schema_required = name in required
        fields[name] = field
    return type("ProcedureFieldsForm", (forms.Form,), {**fields, "prefix": "fields"})


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Dossier code"), max_length=40,
                           widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}))
    factor = forms.RegexField(label=_("Last 4 digits of the applicant's phone or ID number"), regex=r"^\d{4}$",
                              error_messages={"invalid": _("Enter exactly 4 digits.")},
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4,
                                                            "autocomplete": "off"}))


class DeliveryForm(forms.Form):
    delivery = forms.ChoiceField(label=_("How do you want to receive the result?"), widget=forms.RadioSelect,
                                 choices=[(Dossier.Delivery.COUNTER, _("I will collect it at the counter")),
                                          (Dossier.Delivery.POST, _("Send it by post"))])
    address = forms.CharField(label=_("Postal address (for delivery by post)"), max_length=500, required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}))


class RatingForm(forms.Form):
    overall = forms.ChoiceField(label=_("How satisfied are you with how your dossier was handled?"),
                                choices=DossierRating.Overall.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment (optional)"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in CRITERIA:
            self.fields[f"criterion_{code}"] = forms.TypedChoiceField(
                label=label, required=False, coerce=int, empty_value=None,
                choices=[("", _("No answer")), (0, _("0 – poor")), (1, _("1 – acceptable")), (2, _("2 – good"))])

    def criteria(self) -> dict:
        return {code: self.cleaned_data.get(f"criterion_{code}") for code, _label in CRITERIA
                if self.cleaned_data.get(f"criterion_{code}") is not None}

    def criterion_fields(self):
        return [self[f"criterion_{code}"] for code, _label in CRITERIA]


class VaultUploadForm(forms.Form):
    name = forms.CharField(label=_("Name of the document"), max_length=300, required=False)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"))
