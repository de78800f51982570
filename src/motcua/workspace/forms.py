from django import forms

from motcua.organizations.models import Agency


class AgencyForm(forms.ModelForm):
    """Edits the descriptive fields of an agency; the service validates and records the change."""

    class Meta:
        model = Agency
        fields = ["name", "short_name", "valid_from", "valid_to"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
