from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from rse_platform.web.forms import ModelForm

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

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes


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


class FunderForm(ModelForm):
    class Meta:
        model = Funder
        fields = ["name", "share"]


class BudgetLineForm(ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["year", "label", "amount"]


FunderFormSet = inlineformset_factory(Programme, Funder, form=FunderForm, extra=1, can_delete=True)
BudgetLineFormSet = inlineformset_factory(
    Programme, BudgetLine, form=BudgetLineForm, extra=1, can_delete=True
)
