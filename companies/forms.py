from django import forms
from django.utils.translation import gettext_lazy as _

from rse_platform.web.forms import Form, ModelForm

from .models import Company, CompanyImport, CompanyMember, Exclusion
from .siret import clean_naf, clean_siret


class CompanyForm(ModelForm):
    class Meta:
        model = Company
        fields = [
            "name",
            "siret",
            "naf_code",
            "sector",
            "commune",
            "headcount",
            "annual_revenue",
            "founded_on",
            "is_project",
            "website",
            "description",
        ]
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, tenant, **kwargs):
        self.tenant = tenant
        super().__init__(*args, **kwargs)

    def clean_siret(self):
        value = self.cleaned_data["siret"]
        if not value:
            return ""
        siret = clean_siret(value)
        taken = Company.objects.filter(tenant=self.tenant, siret=siret).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("A company with this SIRET is already in the register."))
        return siret

    def clean_naf_code(self):
        value = self.cleaned_data["naf_code"]
        return clean_naf(value) if value else ""


class ImportForm(ModelForm):
    """The register file; its content is checked (CSV or XLSX, size, zip bomb) by the model
    field's validator, then again by the service before a line is read."""

    class Meta:
        model = CompanyImport
        fields = ["file"]
        labels = {"file": _("Register file (.csv or .xlsx)")}
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"})}


class ExclusionForm(ModelForm):
    class Meta:
        model = Exclusion
        fields = ["reason"]
        labels = {"reason": _("Reason (kept on record)")}
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}


class LinkPersonForm(ModelForm):
    class Meta:
        model = CompanyMember
        fields = ["user", "position"]
        labels = {"user": _("Person"), "position": _("Position")}

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class AssignConsultantForm(Form):
    """Who follows the company is a grant of the permission layer, not a model field."""

    consultant = forms.ModelChoiceField(
        label=_("Consultant"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose a person with the consultant role.")},
    )

    def __init__(self, *args, consultants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = consultants
