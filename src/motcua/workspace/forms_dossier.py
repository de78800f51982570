"""Forms of the counter intake and of the actions on a dossier. They read and check input; the dossier
services decide and record."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, DossierComponent
from motcua.dossiers.uploads import check_upload

KIND_CHOICES = DossierComponent.Kind.choices
FILE_ACCEPT = "application/pdf,image/jpeg,image/png"
PAYMENT_METHODS = [("cash", _("Cash")), ("transfer", _("Bank transfer")), ("card", _("Card"))]


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


class IntakeForm(forms.Form):
    """A walk-in dossier: the applicant, the checklist of the procedure's components (with a scanned file
    each), fees, how the result is returned, and the decision (a button: receive, guide or refuse)."""

    DECISIONS = ("receive", "guide", "refuse")

    version = forms.IntegerField(widget=forms.HiddenInput)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    deciding_agency = forms.ChoiceField(label=_("Deciding agency"))
    applicant_id_number = forms.CharField(
        label=_("ID number"), max_length=13, required=False,
        help_text=_("12 digits (citizen) or 10 or 13 digits (enterprise code). A returning applicant's data is filled in."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    applicant_name = forms.CharField(label=_("Applicant's full name"), max_length=200, required=False,
                                     widget=forms.TextInput(attrs={"autocomplete": "off"}))
    applicant_phone = forms.CharField(label=_("Phone"), max_length=20, required=False,
                                      widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    applicant_email = forms.EmailField(label=_("E-mail"), required=False,
                                       widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    applicant_address = forms.CharField(label=_("Address"), max_length=300, required=False,
                                        widget=forms.TextInput(attrs={"autocomplete": "off"}))
    sets = forms.IntegerField(label=_("Number of sets"), min_value=1, max_value=20, initial=1)
    result_delivery = forms.ChoiceField(label=_("How the result is returned"), choices=Dossier.Delivery.choices,
                                        initial=Dossier.Delivery.COUNTER)
    fee_collected = forms.BooleanField(label=_("Fees collected now"), required=False)
    # Not shown for a procedure without fees: then it is simply not sent.
    payment_method = forms.ChoiceField(label=_("Payment method"), choices=PAYMENT_METHODS, initial="cash",
                                       required=False)
    missing = forms.CharField(
        label=_("Also missing or to be completed"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For a guidance (Mẫu 02): one document per line, besides the unticked ones above."))
    reasons = forms.CharField(label=_("Reasons for refusing"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("For a refusal (Mẫu 03): out of scope or not eligible, and why."))

    def __init__(self, *args, version, agencies, fee_total: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.version_obj = version
        self.fee_total = fee_total
        self.fields["version"].initial = version.pk
        self.fields["idempotency_key"].initial = uuid.uuid4().hex
        self.fields["fee_collected"].widget.attrs["data-shortcut"] = "4"
        self.fields["deciding_agency"].choices = [(a.pk, a.name) for a in agencies]
        self.agencies = {str(a.pk): a for a in agencies}
        self.components = list(version.components.all())
        for index, component in enumerate(self.components):
            prefix = f"c{index}"
            self.fields[f"{prefix}_received"] = forms.BooleanField(label=component.name, required=False)
            self.fields[f"{prefix}_kind"] = forms.ChoiceField(
                label=_("Kind"), choices=KIND_CHOICES, required=False,
                initial="original" if component.originals else "photocopy")
            self.fields[f"{prefix}_copies"] = forms.IntegerField(
                label=_("Sets"), min_value=1, max_value=20, required=False, initial=max(1, component.originals or component.copies or 1))
            self.fields[f"{prefix}_file"] = forms.FileField(
                label=_("Scan or file"), required=False,
                widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}))

    def rows(self):
        for index, component in enumerate(self.components):
            prefix = f"c{index}"
            yield {"component": component, "index": index, "received": self[f"{prefix}_received"],
                   "kind": self[f"{prefix}_kind"], "copies": self[f"{prefix}_copies"], "file": self[f"{prefix}_file"]}

    def decision(self) -> str:
        value = self.data.get("decision", "receive")
        return value if value in self.DECISIONS else "receive"

    def clean_applicant_id_number(self):
        value = self.cleaned_data["applicant_id_number"].strip().replace(" ", "")
        if value and not (value.isdigit() and len(value) in (9, 10, 12, 13)):
            raise ValidationError(_("The ID number has 12 digits (citizen) or 10 or 13 digits (enterprise code)."))
        return value

    def clean(self):
        data = super().clean()
        decision = self.decision()
        if not (data.get("applicant_name") or "").strip():
            self.add_error("applicant_name", _("Enter the applicant's name."))
        self.checked_files = {}
        for index, _component in enumerate(self.components):
            upload = data.get(f"c{index}_file")
            if upload:
                try:
                    self.checked_files[index] = (upload, check_upload(upload, field=f"c{index}_file"))
                except ValidationError as error:
                    for field, problems in error.message_dict.items():
                        self.add_error(field, problems)
        if decision == "receive":
            for index, component in enumerate(self.components):
                if component.required and not data.get(f"c{index}_received"):
                    self.add_error(f"c{index}_received", _(
                        "“%(name)s” is required: tick it when handed in, or give guidance on what is missing.")
                        % {"name": component.name[:80]})
        elif decision == "guide" and not self.missing_items():
            self.add_error("missing", _("List every document that is missing or must be completed."))
        elif decision == "refuse" and not (data.get("reasons") or "").strip():
            self.add_error("reasons", _("State the reasons for refusing the dossier."))
        return data

    def agency(self):
        return self.agencies.get(str(self.cleaned_data["deciding_agency"]))

    def applicant(self) -> dict:
        data = self.cleaned_data
        applicant = {"name": data["applicant_name"].strip(), "id_number": data["applicant_id_number"],
                     "phone": data["applicant_phone"].strip(), "email": data["applicant_email"].strip(),
                     "address": data["applicant_address"].strip()}
        return {key: value for key, value in applicant.items() if value}

    def received_components(self) -> tuple[list[dict], dict]:
        """(components for the service, files by position in that list)."""
        components, files = [], {}
        for index, component in enumerate(self.components):
            if not self.cleaned_data.get(f"c{index}_received"):
                continue
            checked = self.checked_files.get(index)
            if checked is not None:
                files[len(components)] = checked
            components.append({"name": component.name, "kind": self.cleaned_data[f"c{index}_kind"] or "original",
                               "copies": self.cleaned_data[f"c{index}_copies"] or 1, "catalog_component_id": component.pk,
                               "from_vault": False})
        return components, files

    def missing_items(self) -> list[dict]:
        items = []
        for index, component in enumerate(self.components):
            if component.required and not self.cleaned_data.get(f"c{index}_received"):
                items.append({"name": component.name, "kind": self.cleaned_data.get(f"c{index}_kind") or "original"})
        items += [{"name": line, "kind": "original"} for line in _lines(self.cleaned_data.get("missing", ""))]
        return items


# ------------------------------------------------------------------ actions on a dossier


class ActionForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AssignForm(ActionForm):
    assignee = forms.TypedChoiceField(label=_("Assign to"), coerce=int)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [(o.pk, o.get_full_name() or o.username) for o in officers]


class MoveForm(ActionForm):
    opinion = forms.CharField(label=_("Opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    to_step = forms.ChoiceField(label=_("Next step"), required=False)

    def __init__(self, *args, next_steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_step"].choices = [(s.code, s.name) for s in next_steps]
        if len(next_steps) <= 1:
            del self.fields["to_step"]


class ResultForm(ActionForm):
    opinion = forms.CharField(label=_("Opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    result_name = forms.CharField(label=_("Result"), max_length=1000, required=False)
    result_number = forms.CharField(label=_("Document number"), max_length=100, required=False)
    file = forms.FileField(label=_("Signed result file"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        self.checked = check_upload(upload, allowed=("pdf",), field="file") if upload else None
        return upload


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SupplementationRequestForm(ActionForm):
    items = forms.CharField(label=_("Documents to supplement"), widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("All at once, one per line: a second request makes the dossier late."))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def item_list(self) -> list[dict]:
        return [{"name": line, "kind": "original"} for line in _lines(self.cleaned_data["items"])]


class SupplementReceiveForm(ActionForm):
    items = forms.CharField(label=_("Documents received"), widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("One per line."))

    def components(self) -> list[dict]:
        return [{"name": line, "kind": "original"} for line in _lines(self.cleaned_data["items"])]


class PaymentRequestForm(ActionForm):
    amount = forms.IntegerField(label=_("Amount (VND)"), min_value=1)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class PaymentForm(ActionForm):
    amount = forms.IntegerField(label=_("Amount (VND)"), min_value=1)
    method = forms.ChoiceField(label=_("Payment method"), choices=PAYMENT_METHODS)
    reference = forms.CharField(label=_("Receipt or transaction number"), max_length=100, required=False)


class ReturnResultForm(ActionForm):
    delivery = forms.ChoiceField(label=_("How the result is returned"), choices=Dossier.Delivery.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class RescheduleForm(ActionForm):
    new_due_at = forms.DateTimeField(label=_("New appointment"), input_formats=["%Y-%m-%dT%H:%M"],
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    reason = forms.CharField(label=_("Reason for the delay"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean_new_due_at(self):
        value = self.cleaned_data["new_due_at"]
        if value.tzinfo is None:
            value = value.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
        return value


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class BulkForm(forms.Form):
    ACTIONS = [("assign", _("Assign")), ("move", _("Move on")), ("sign_off", _("Sign off")),
               ("return_result", _("Return the results"))]
    action = forms.ChoiceField(label=_("Action on the selected dossiers"), choices=ACTIONS)
    assignee = forms.TypedChoiceField(label=_("Assign to"), coerce=int, required=False)
    delivery = forms.ChoiceField(label=_("How the result is returned"), choices=Dossier.Delivery.choices,
                                 required=False)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "—")] + [(o.pk, o.get_full_name() or o.username) for o in officers]

    def clean(self):
        data = super().clean()
        if data.get("action") == "assign" and not data.get("assignee"):
            self.add_error("assignee", _("Choose whom to assign the dossiers to."))
        return data
