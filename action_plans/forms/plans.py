"""Forms of plans, actions and indicators: input checks and messages only (services decide)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from companies.models import CompanyMember
from rse_platform.web.forms import Form, ModelForm

from ..models import Action, ActionType, Indicator, Measurement, PlanSettings

# "6 months, 1, 2, 3 years…": the horizons a programme's plans take.
HORIZONS = [
    (6, _("6 months")),
    (12, _("1 year")),
    (18, _("18 months")),
    (24, _("2 years")),
    (36, _("3 years")),
    (48, _("4 years")),
    (60, _("5 years")),
]
FROM_NOTHING = "none"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _horizon_choices(current=None):
    choices = list(HORIZONS)
    if current and current not in dict(choices):
        choices.append((current, _("%(months)s months") % {"months": current}))
        choices.sort()
    return choices


class PlanForm(Form):
    """A plan's title, horizon, start and priority themes (at most the tenant's limit)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    horizon_months = forms.TypedChoiceField(label=_("Horizon"), coerce=int, choices=HORIZONS)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    priority_themes = forms.MultipleChoiceField(
        label=_("Priority themes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, themes=(), limit=3, horizon=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.fields["horizon_months"].choices = _horizon_choices(horizon)
        self.fields["priority_themes"].choices = [(name, name) for name in themes]
        self.fields["priority_themes"].help_text = ngettext(
            "At most %(limit)s theme: the plan focuses on it.",
            "At most %(limit)s themes: the plan focuses on them.",
            limit,
        ) % {"limit": limit}
        if not themes:
            del self.fields["priority_themes"]
        self.initial.setdefault("starts_on", timezone.localdate())
        self.initial.setdefault("horizon_months", 12)

    def clean_priority_themes(self):
        themes = self.cleaned_data["priority_themes"]
        if len(themes) > self.limit:
            raise forms.ValidationError(
                ngettext(
                    "Choose at most %(limit)s priority theme.",
                    "Choose at most %(limit)s priority themes.",
                    self.limit,
                )
                % {"limit": self.limit},
                code="too_many_themes",
            )
        return themes


class PlanCreateForm(PlanForm):
    """A new plan, from one of the company's submitted self-assessments or from nothing."""

    start = forms.ChoiceField(label=_("Starting point"), widget=forms.RadioSelect)

    field_order = ["start", "title", "horizon_months", "starts_on", "priority_themes"]

    def __init__(self, *args, assessments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].choices = [
            (str(assessment.pk), _("The self-assessment %(label)s") % {"label": assessment.label})
            for assessment in assessments
        ] + [(FROM_NOTHING, _("Nothing: a blank plan"))]
        self.initial.setdefault("start", str(assessments[0].pk) if assessments else FROM_NOTHING)
        self.initial.setdefault("title", _("Action plan"))
        self.order_fields(self.field_order)

    def assessment_pk(self):
        start = self.cleaned_data["start"]
        return None if start == FROM_NOTHING else int(start)


class WeakestThemesForm(Form):
    """ "Build my plan from my N weakest themes": which self-assessment to read."""

    assessment = forms.TypedChoiceField(label=_("Self-assessment"), coerce=int)

    def __init__(self, *args, assessments=(), **kwargs):
        super().__init__(*args, prefix="weakest", **kwargs)
        self.fields["assessment"].choices = [
            (assessment.pk, assessment.label) for assessment in assessments
        ]


class PlanSettingsForm(ModelForm):
    class Meta:
        model = PlanSettings
        fields = ["max_priority_themes"]


class ActionTypeForm(Form):
    name = forms.CharField(label=_("Name"), max_length=120)


class ActionForm(ModelForm):
    """What an action is; its status changes on the board (``services.move_action``)."""

    theme = forms.ChoiceField(label=_("Theme"), required=False)

    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "theme",
            "criterion",
            "action_type",
            "owner",
            "starts_on",
            "due_on",
            "priority",
            "progress",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "criterion": forms.TextInput(),
            "starts_on": DateInput(),
            "due_on": DateInput(),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }

    def __init__(self, *args, plan, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.theme if self.instance.pk else ""
        extra = [current] if current else []
        names = list(dict.fromkeys([*plan.priority_themes, *themes, *extra]))
        priority = [(name, name) for name in plan.priority_themes]
        others = [(name, name) for name in names if name not in plan.priority_themes]
        choices = [("", _("No theme"))]
        if priority and others:
            choices += [(_("Priority themes"), priority), (_("Other themes"), others)]
        else:
            choices += priority + others
        self.fields["theme"].choices = choices
        self.fields["owner"].queryset = (
            CompanyMember.objects.filter(company=plan.company)
            .select_related("user")
            .order_by("user__last_name", "user__first_name", "pk")
        )
        self.fields["owner"].label_from_instance = lambda member: (
            member.user.get_full_name() or member.user.email
        )
        self.fields["owner"].empty_label = _("Nobody yet")
        types = ActionType.objects.filter(archived=False)
        if self.instance.action_type_id:
            types = ActionType.objects.filter(archived=False) | ActionType.objects.filter(
                pk=self.instance.action_type_id
            )
        self.fields["action_type"].queryset = types.order_by("order", "name")
        self.fields["action_type"].empty_label = _("No type")
        self.fields["criterion"].help_text = _("The self-assessment criterion it answers, if any.")

    def clean(self):
        cleaned = super().clean()
        starts, due = cleaned.get("starts_on"), cleaned.get("due_on")
        if starts and due and due < starts:
            self.add_error("due_on", _("The action is due after it starts."))
        return cleaned

    def _post_clean(self):
        # The services check the whole action (owner of the company, a writable plan).
        pass


class MoveForm(Form):
    """A card moved to another column (and place in it); abandoning says why."""

    status = forms.ChoiceField(label=_("Move to"), choices=Action.Status.choices)
    position = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why is it abandoned?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommentForm(Form):
    body = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AttachmentForm(Form):
    file = forms.FileField(label=_("Document"))


class IndicatorForm(ModelForm):
    class Meta:
        model = Indicator
        fields = ["label", "unit", "theme", "baseline", "baseline_on", "target", "target_on"]
        widgets = {"baseline_on": DateInput(), "target_on": DateInput()}

    def clean(self):
        cleaned = super().clean()
        baseline_on, target_on = cleaned.get("baseline_on"), cleaned.get("target_on")
        if baseline_on and target_on and target_on < baseline_on:
            self.add_error("target_on", _("The target date comes after the starting value's."))
        return cleaned

    def _post_clean(self):
        pass


class MeasurementForm(ModelForm):
    class Meta:
        model = Measurement
        fields = ["measured_on", "value", "note"]
        widgets = {"measured_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("measured_on", timezone.localdate())

    def _post_clean(self):
        pass
