from django import forms
from django.utils.translation import gettext_lazy as _

from rse_platform.tenants import registry
from rse_platform.web.forms import Form, ModelForm, PersonByEmailField, style_widget

from . import selectors
from .models import Company, CompanyImport, CompanyMember, Exclusion, SizeBand
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
            "address",
            "postcode",
            "contact_email",
            "contact_phone",
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


class CompanyProfileForm(ModelForm):
    """What a company's leader keeps up to date: figures and contacts, not its identity
    (name, SIRET, NAF), which the programme's register owns."""

    class Meta:
        model = Company
        fields = [
            "headcount",
            "annual_revenue",
            "website",
            "address",
            "postcode",
            "commune",
            "contact_email",
            "contact_phone",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


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


class LinkPersonForm(Form):
    """Link a person to the company by their e-mail address (a select of every company member
    of a 2,000-company programme would be a page of its own)."""

    user = PersonByEmailField(
        label=_("E-mail address of the person"),
        not_found=_("Nobody with the company-member role has this address: invite them first."),
    )
    position = forms.ChoiceField(label=_("Position"), choices=CompanyMember.Position.choices)

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


class IdsField(forms.Field):
    """Ticked row ids (``?companies=3&companies=8``), as integers."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return sorted({int(item) for item in value or []})
        except (TypeError, ValueError):
            raise forms.ValidationError(_("The ticked rows are not valid.")) from None


class BulkActionForm(Form):
    """The register's bulk bar: one choice of what to do and to what (grouped by action), and
    the ticked companies."""

    operation = forms.ChoiceField(label=_("With the ticked companies"))
    companies = IdsField(
        label=_("Companies"), error_messages={"required": _("Tick at least one company.")}
    )

    def __init__(self, *args, actions, tenant, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = {action.key: action for action in actions}
        self.fields["operation"].choices = [("", _("Choose an action"))] + [
            (action.label, [(f"{action.key}:{value}", label) for value, label in choices])
            for action in actions
            if (choices := list(action.choices(tenant)))
        ]
        self._companies = companies

    def clean(self):
        data = super().clean()
        ids = data.get("companies")
        if ids:
            found = list(self._companies.filter(pk__in=ids[:1000]))
            if len(found) != len(ids):
                self.add_error("companies", _("Some ticked companies cannot be found."))
            data["companies"] = found
        if data.get("operation"):
            key, value = data["operation"].split(":", 1)
            data["action"], data["value"] = self.actions[key], value
        return data


class RegisterFiltersMixin:
    """Fields that choose companies the way the register filters them: the size band and the
    filters other apps contribute (programme status, club). A campaign's recipients are chosen
    this way rather than by ticking dozens of boxes."""

    def register_filter_names(self):
        return selectors.register_filter_keys()

    def add_register_filters(self):
        """Add the fields (after ``__init__``, so they are styled here)."""
        self.fields["band"] = forms.ChoiceField(
            label=_("Size"), required=False, choices=[("", _("All sizes")), *SizeBand.choices]
        )
        for company_filter in registry.company_filters():
            self.fields[company_filter.key] = forms.ChoiceField(
                label=company_filter.label,
                required=False,
                choices=[("", _("All")), *company_filter.choices()],
            )
        for name in self.register_filter_names():
            style_widget(self.fields[name].widget)

    def register_filters(self):
        return {key: self.cleaned_data.get(key) or "" for key in self.register_filter_names()}
