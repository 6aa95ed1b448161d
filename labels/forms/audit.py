"""The auditor's form: the audit's score and report (the rules are ``services.record_audit``)."""

from decimal import Decimal

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from rse_platform.web.forms import Form


class AuditForm(Form):
    score = forms.DecimalField(
        label=_("Audit score"),
        min_value=Decimal("0"),
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"min": "0", "step": "0.5"}),
    )
    report = forms.CharField(
        label=_("Audit report"),
        help_text=_("What you checked, what you found, what the company should improve."),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=50_000,
    )

    def __init__(self, *args, maximum, **kwargs):
        super().__init__(*args, **kwargs)
        self.maximum = maximum
        self.fields["score"].help_text = _("From 0 to %(maximum)s.") % {
            "maximum": number_format(maximum.normalize(), use_l10n=True)
        }
        self.fields["score"].widget.attrs["max"] = str(maximum)

    def clean_score(self):
        score = self.cleaned_data["score"]
        if score > self.maximum:
            raise forms.ValidationError(
                _("The audit is scored from 0 to %(maximum)s.")
                % {"maximum": number_format(self.maximum.normalize(), use_l10n=True)},
                code="max_value",
            )
        return score
