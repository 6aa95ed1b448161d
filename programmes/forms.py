from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from rse_platform.web.forms import Form, ModelForm

from . import selectors
from .models import BudgetLine, CharterVersion, Enrolment, Funder, Programme


class EnrolmentForm(ModelForm):
    """A company's status in a programme; ``on`` is the date the status changed (today when
    left empty), which the service turns into the contact, engagement or departure date."""

    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Enrolment
        fields = ["programme", "status"]
        labels = {"programme": _("Programme"), "status": _("Status")}

    def __init__(self, *args, programmes, fixed_programme=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        if fixed_programme:
            # A row of the company page changes the status of the programme it shows.
            self.fields["programme"].widget = forms.HiddenInput()


class CharterForm(ModelForm):
    class Meta:
        model = CharterVersion
        fields = ["title", "text"]
        labels = {"title": _("Title"), "text": _("Text")}
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}


class ProgrammeForm(ModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "start_year",
            "description",
            "objectives",
            "target_companies",
            "territory_private_employees",
            "charter_required",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
        }


class LogoInput(forms.ClearableFileInput):
    """A stored logo is mentioned, never linked (Django's widget links to ``/media/``, which
    nothing serves: files leave through permission-checked views only)."""

    template_name = "programmes/widgets/logo_input.html"


class FunderForm(ModelForm):
    class Meta:
        model = Funder
        fields = ["name", "share", "logo"]
        widgets = {"logo": LogoInput(attrs={"accept": "image/png,image/jpeg,image/webp"})}


class BudgetLineForm(ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["year", "label", "amount"]


FunderFormSet = inlineformset_factory(Programme, Funder, form=FunderForm, extra=1, can_delete=True)
BudgetLineFormSet = inlineformset_factory(
    Programme, BudgetLine, form=BudgetLineForm, extra=1, can_delete=True
)


class ReportYearForm(Form):
    """The reporting year of a funder report: one the programme has run, up to this one; left
    empty, the default year (``selectors.default_report_year``)."""

    year = forms.TypedChoiceField(
        label=_("Reporting year"), coerce=int, choices=(), required=False, empty_value=None
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["year"].choices = [
            (year, year) for year in selectors.report_years(programme=programme)
        ]

    def clean_year(self):
        year = self.cleaned_data["year"]
        return year or selectors.default_report_year(programme=self.programme)
