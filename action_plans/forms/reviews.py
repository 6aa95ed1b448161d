"""The review of a plan: at a milestone, or the final one ("bilan") that closes it."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rse_platform.web.forms import Form

from ..models import Review


class ReviewForm(Form):
    """``comparisons``: ``(pk, label)`` of the company's self-assessments submitted since the
    plan's starting point, offered to compare the themes before and after."""

    kind = forms.ChoiceField(
        label=_("Kind of review"), choices=Review.Kind.choices, widget=forms.RadioSelect
    )
    held_on = forms.DateField(
        label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    summary = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The actions carried out since the start or the last review, and their results."
        ),
    )
    conclusion = forms.CharField(
        label=_("Consultant's conclusion"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the figures say, what to re-orient, what comes next."),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("—"))] + list(Review.Outcome.choices),
        required=False,
        help_text=_("Required for a final review: it closes the plan."),
    )
    comparison = forms.TypedChoiceField(
        label=_("Compare with a newer self-assessment"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Its theme scores are set beside those of the plan's starting point."),
    )

    def __init__(self, *args, comparisons=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("held_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["comparison"].choices = [("", _("No comparison"))] + list(comparisons)
        if not comparisons:
            self.fields["comparison"].help_text = _(
                "No self-assessment was submitted since the plan started: once the company "
                "submits one, it can be compared here."
            )

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("Record a review once it was held."), code="future")
        return held_on

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Review.Kind.FINAL and not cleaned.get("outcome"):
            self.add_error(
                "outcome",
                _("Say whether the objectives were reached: the final review closes the plan."),
            )
        if kind == Review.Kind.MILESTONE:
            cleaned["outcome"] = ""  # a milestone review has no outcome: the plan goes on
        return cleaned
