from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from rse_platform.tenants.forms import StyledForm

from .models import BudgetLine, Company, CompanyMember, Enrolment, Funder, Programme
from .siret import clean_naf, clean_siret


class StyledModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        StyledForm.style_fields(self)


class CompanyForm(StyledModelForm):
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


class ImportForm(StyledForm):
    file = forms.FileField(
        label=_("Register file (.csv or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Only .csv and .xlsx files can be imported."))
        return upload


class EnrolmentForm(StyledForm):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    status = forms.ChoiceField(label=_("Status"), choices=Enrolment.Status.choices)
    on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        StyledForm.style_fields(self)


class ExclusionForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason (kept on record)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class LinkPersonForm(StyledForm):
    user = forms.ModelChoiceField(label=_("Person"), queryset=None)
    position = forms.ChoiceField(label=_("Position"), choices=CompanyMember.Position.choices)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        StyledForm.style_fields(self)


class CharterForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}))


class ProgrammeForm(StyledModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "start_year",
            "description",
            "objectives",
            "target_companies",
            "territory_private_employees",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
        }


class FunderForm(StyledModelForm):
    class Meta:
        model = Funder
        fields = ["name", "share"]


class BudgetLineForm(StyledModelForm):
    class Meta:
        model = BudgetLine
        fields = ["year", "label", "amount"]


FunderFormSet = inlineformset_factory(Programme, Funder, form=FunderForm, extra=1, can_delete=True)
BudgetLineFormSet = inlineformset_factory(
    Programme, BudgetLine, form=BudgetLineForm, extra=1, can_delete=True
)
