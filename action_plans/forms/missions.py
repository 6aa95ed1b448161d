"""Forms of consultant missions and their meetings: input checks and messages only (the rules
are the services')."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rse_platform.web.forms import Form

HALF_DAY = Decimal("0.5")


def _half_days(value):
    if value is not None and value % HALF_DAY:
        raise forms.ValidationError(
            _("Count the days in half-days: 0.5, 1, 1.5…"), code="half_days"
        )
    return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MissionForm(Form):
    """A manager assigns a consultant to a company: days, rate, dates (and, below, the funders'
    shares in ``FundingFormSet``)."""

    consultant = forms.ModelChoiceField(
        label=_("Consultant"),
        queryset=None,
        empty_label=_("Choose a consultant"),
        help_text=_("People holding the consultant role in this organisation."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    allocated_days = forms.DecimalField(
        label=_("Allocated days"),
        min_value=HALF_DAY,
        max_digits=5,
        decimal_places=1,
        help_text=_("Half-days allowed: 5, 7.5…"),
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5"}),
    )
    daily_rate = forms.DecimalField(
        label=_("Daily rate (€ excl. VAT)"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())
    plan = forms.ModelChoiceField(
        label=_("Action plan followed"),
        queryset=None,
        required=False,
        empty_label=_("None yet"),
    )

    def __init__(self, *args, consultants, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = consultants
        self.fields["consultant"].label_from_instance = lambda person: (
            f"{person.display_name} ({person.email})" if person.get_full_name() else person.email
        )
        self.fields["plan"].queryset = plans
        self.initial.setdefault("starts_on", timezone.localdate())

    def clean_allocated_days(self):
        return _half_days(self.cleaned_data["allocated_days"])

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The mission ends after it starts."))
        return data


class FundingForm(Form):
    funder = forms.CharField(label=_("Funder"), max_length=200, required=False)
    share = forms.DecimalField(
        label=_("Share of the cost (%)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "max": "100"}),
    )

    def clean(self):
        data = super().clean()
        funder, share = (data.get("funder") or "").strip(), data.get("share")
        if funder and share is None and "share" not in self.errors:
            self.add_error("share", _("Give this funder's share."))
        if share is not None and not funder:
            self.add_error("funder", _("Name the funder of this share."))
        return data


class BaseFundingFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        total = sum(
            (form.cleaned_data["share"] for form in self.forms if form.cleaned_data.get("share")),
            Decimal("0"),
        )
        if total > 100:
            raise forms.ValidationError(
                _("The funders' shares add up to more than 100 % of the cost."), code="over_100"
            )

    @property
    def fundings(self):
        """``(funder, share)`` pairs of the rows filled in."""
        return [
            (form.cleaned_data["funder"].strip(), form.cleaned_data["share"])
            for form in self.forms
            if (form.cleaned_data.get("funder") or "").strip()
        ]


FundingFormSet = forms.formset_factory(
    FundingForm, formset=BaseFundingFormSet, extra=3, max_num=10, validate_max=True
)


class MeetingForm(Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    days = forms.DecimalField(
        label=_("Days spent"),
        min_value=HALF_DAY,
        max_value=Decimal("99.5"),
        max_digits=3,
        decimal_places=1,
        help_text=_("In days or half-days: 0.5, 1, 1.5…"),
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5"}),
    )
    attendees = forms.CharField(
        label=_("Attendees"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm_over_budget = forms.BooleanField(
        label=_("Record it anyway: the mission goes past its allocated days"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("held_on", timezone.localdate())

    def clean_days(self):
        return _half_days(self.cleaned_data["days"])


class EndMissionForm(Form):
    confirm = forms.BooleanField(
        label=_("I confirm: the consultant stops following the company"),
        error_messages={"required": _("Tick the box to confirm that the mission ends.")},
    )
