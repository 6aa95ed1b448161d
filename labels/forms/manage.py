"""Forms of the programme team's label pages: input checks and messages only (the rules are the
services'). Lists typed in a text box (NAF prefixes, communes, steps, levels) are parsed here
into what the services take."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from rse_platform.web.forms import Form

from ..models import Application, Label, ScoredPart

S = Application.Status


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def split_list(value):
    """``"52.1, 49.41\\n52.29"`` -> ``["52.1", "49.41", "52.29"]``: commas or lines, blanks and
    repeats dropped, the order kept."""
    items = (item.strip() for item in re.split(r"[,\n;]", value or ""))
    return list(dict.fromkeys(item for item in items if item))


def split_lines(value):
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def parse_levels(value):
    """``"Gold: 80\\nSilver: 60"`` -> ``[{"name": "Gold", "min": "80"}, …]``; ValidationError
    naming the lines that are not "name: minimum"."""
    levels, bad = [], []
    for line in split_lines(value):
        name, separator, minimum = line.rpartition(":")
        try:
            number = Decimal(minimum.strip().replace(",", "."))
        except InvalidOperation:
            number = None
        if not separator or not name.strip() or number is None or not number.is_finite():
            bad.append(line)
            continue
        levels.append({"name": name.strip(), "min": str(number)})
    if bad:
        raise forms.ValidationError(
            _("Write each level as “name: minimum total”, one per line (not: %(lines)s).")
            % {"lines": "; ".join(bad)},
            code="levels",
        )
    return levels


def levels_text(levels):
    return "\n".join(f"{level['name']}: {level['min']}" for level in levels)


class LabelForm(Form):
    """A label's definition; its scored parts come in ``PartFormSet``."""

    name = forms.CharField(label=_("Name"), max_length=120)
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        help_text=_("Letters, figures and hyphens, unique in the programme: enr, ecoride."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.ChoiceField(
        label=_("Awarded by"), choices=Label.Body.choices, widget=forms.RadioSelect
    )
    validity_months = forms.IntegerField(
        label=_("Validity (months)"),
        min_value=1,
        max_value=120,
        initial=24,
        help_text=_("24 for two years, 36 for three."),
    )
    framework_version_id = forms.TypedChoiceField(
        label=_("Grid"),
        coerce=int,
        help_text=_(
            "The published grid of the self-assessment, the campaign and the jury's scoring."
        ),
    )
    customer_framework_version_id = forms.TypedChoiceField(
        label=_("Customer survey grid"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Only when the label has a customer survey."),
    )
    eligibility_conditions = forms.MultipleChoiceField(
        label=_("Conditions to apply"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    eligible_naf_prefixes = forms.CharField(
        label=_("Activities (NAF code prefixes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Separated by commas or lines, e.g. 52.1, 49.41. Empty: every activity."),
    )
    eligible_communes = forms.CharField(
        label=_("Territory (communes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Separated by commas or lines. Empty: every commune."),
    )
    steps = forms.CharField(
        label=_("Steps of the process"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, in order: registration and self-assessment, audit, jury…"),
    )
    decision = forms.ChoiceField(
        label=_("Decision rule"), choices=Label.Rule.choices, widget=forms.RadioSelect
    )
    threshold = forms.DecimalField(
        label=_("Threshold"),
        required=False,
        min_value=Decimal("0"),
        max_digits=7,
        decimal_places=2,
        help_text=_("Granted when the total is strictly above it (ENR: 120)."),
    )
    levels = forms.CharField(
        label=_("Levels"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line from the highest to the lowest, with its minimum total: Gold: 80."
        ),
    )
    jurors_per_application = forms.IntegerField(
        label=_("Jurors per application"), min_value=1, max_value=20, initial=3
    )
    archived = forms.BooleanField(
        label=_("Archived: no new wave, the label stays on record"), required=False
    )

    RULE_FIELDS = ("decision", "threshold", "levels")

    def __init__(self, *args, tenant, grids, conditions, label=None, locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant, self.label = tenant, label
        self.fields["framework_version_id"].choices = [("", _("Choose a grid")), *grids]
        self.fields["customer_framework_version_id"].choices = [("", _("None")), *grids]
        self.fields["eligibility_conditions"].choices = [
            (key, condition.label) for key, condition in conditions.items()
        ]
        if label is None:
            del self.fields["archived"]
        if locked:  # companies applied: the rule stays the one they applied to
            for name in self.RULE_FIELDS:
                self.fields[name].disabled = True

    @classmethod
    def initial_for(cls, label):
        return {
            "name": label.name,
            "slug": label.slug,
            "description": label.description,
            "body": label.body,
            "validity_months": label.validity_months,
            "framework_version_id": label.framework_version_id,
            "customer_framework_version_id": label.customer_framework_version_id,
            "eligibility_conditions": label.eligibility_conditions,
            "eligible_naf_prefixes": ", ".join(label.eligible_naf_prefixes),
            "eligible_communes": "\n".join(label.eligible_communes),
            "steps": "\n".join(label.steps),
            "decision": label.decision,
            "threshold": label.threshold,
            "levels": levels_text(label.levels),
            "jurors_per_application": label.jurors_per_application,
            "archived": label.archived,
        }

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        others = Label.objects.filter(tenant=self.tenant, slug=slug)
        if self.label is not None:
            others = others.exclude(pk=self.label.pk)
        if others.exists():
            raise forms.ValidationError(
                _("Another label of the programme has this short name."), code="slug"
            )
        return slug

    def clean(self):
        data = super().clean()
        if self.fields["decision"].disabled:
            return data
        if data.get("decision") == Label.Rule.LEVELS:
            try:
                data["level_list"] = parse_levels(data.get("levels"))
            except forms.ValidationError as error:
                self.add_error("levels", error)
        elif (
            data.get("decision") == Label.Rule.THRESHOLD
            and data.get("threshold") is None
            and "threshold" not in self.errors
        ):
            self.add_error("threshold", _("Give the threshold the total must be above."))
        return data

    def definition(self):
        """The keyword arguments of ``create_label`` / ``update_label`` (the parts aside)."""
        data = self.cleaned_data
        fields = {
            "name": data["name"].strip(),
            "slug": data["slug"],
            "description": data["description"].strip(),
            "body": data["body"],
            "validity_months": data["validity_months"],
            "framework_version_id": data["framework_version_id"],
            "customer_framework_version_id": data["customer_framework_version_id"],
            "eligibility_conditions": list(data["eligibility_conditions"]),
            "eligible_naf_prefixes": split_list(data["eligible_naf_prefixes"]),
            "eligible_communes": split_list(data["eligible_communes"]),
            "steps": split_lines(data["steps"]),
            "jurors_per_application": data["jurors_per_application"],
        }
        if "archived" in self.fields:
            fields["archived"] = data["archived"]
        if not self.fields["decision"].disabled:
            fields["decision"] = data["decision"]
            is_threshold = data["decision"] == Label.Rule.THRESHOLD
            fields["threshold"] = data["threshold"] if is_threshold else None
            fields["levels"] = [] if is_threshold else data.get("level_list", [])
        return fields


class PartForm(Form):
    name = forms.CharField(label=_("Part"), max_length=120, required=False)
    maximum = forms.DecimalField(
        label=_("Maximum"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=7,
        decimal_places=2,
    )
    source = forms.ChoiceField(
        label=_("Scored by"),
        required=False,
        choices=[("", "—"), *ScoredPart.Source.choices],
    )

    def clean(self):
        data = super().clean()
        name = (data.get("name") or "").strip()
        filled = name or data.get("maximum") is not None or data.get("source")
        if filled:
            if not name:
                self.add_error("name", _("Name this part."))
            if data.get("maximum") is None and "maximum" not in self.errors:
                self.add_error("maximum", _("Give this part's maximum."))
            if not data.get("source") and "source" not in self.errors:
                self.add_error("source", _("Say who scores this part."))
        return data


class BasePartFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        # Every row is read, even one left as it was shown: the parts are replaced as a whole.
        kwargs["empty_permitted"] = False
        return super()._construct_form(i, **kwargs)

    @property
    def parts(self):
        """The rows filled in, as ``create_label`` takes them."""
        return [
            {
                "name": form.cleaned_data["name"].strip(),
                "maximum": form.cleaned_data["maximum"],
                "source": form.cleaned_data["source"],
            }
            for form in self.forms
            if (form.cleaned_data.get("name") or "").strip()
        ]


PartFormSet = forms.formset_factory(
    PartForm, formset=BasePartFormSet, extra=2, max_num=12, validate_max=True
)


class WaveForm(Form):
    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("For instance “Spring 2026”.")
    )
    opens_on = forms.DateField(label=_("Applications open on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Applications close on"), widget=DateInput())
    jury_on = forms.DateField(
        label=_("Jury on"),
        required=False,
        widget=DateInput(),
        help_text=_("On or after the closing day."),
    )

    def clean(self):
        data = super().clean()
        opens, closes, jury = data.get("opens_on"), data.get("closes_on"), data.get("jury_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("A wave closes after it opens."))
        if closes and jury and jury < closes:
            self.add_error("jury_on", _("The jury meets once the applications are closed."))
        return data


class MoveForm(Form):
    """A move of the application, with its reason where the workflow asks for one."""

    to = forms.ChoiceField(label=_("Move the application"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The company reads it in the e-mail and in the history."),
    )

    def __init__(self, *args, moves, **kwargs):
        super().__init__(*args, **kwargs)
        self.moves = {move.to: move for move in moves}
        # Any status: a move the workflow refuses is refused by the service, with its reason.
        self.fields["to"].choices = [(move.to, move.label) for move in moves] + [
            (value, label) for value, label in S.choices if value not in self.moves
        ]

    def clean(self):
        data = super().clean()
        move = self.moves.get(data.get("to"))
        if move is not None and move.reason_required and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why."))
        return data


class AuditorForm(Form):
    auditor = forms.ModelChoiceField(
        label=_("Auditor"),
        queryset=None,
        empty_label=_("Choose an auditor"),
        help_text=_("People holding the auditor role in this organisation."),
    )

    def __init__(self, *args, auditors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auditor"].queryset = auditors
        self.fields["auditor"].label_from_instance = _person


def _person(person):
    return f"{person.display_name} ({person.email})" if person.get_full_name() else person.email


class JurorForm(Form):
    juror = forms.ModelChoiceField(label=_("Juror"), queryset=None, empty_label=_("Choose a juror"))

    def __init__(self, *args, jurors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["juror"].queryset = jurors
        self.fields["juror"].label_from_instance = _person


class DeliberationForm(Form):
    """The decision the programme team records after the jury's deliberation. A correction of a
    decision in force asks for its reason; a deferral too."""

    deliberation = forms.CharField(
        label=_("Deliberation (minutes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the jury discussed; kept with the decision, not sent to the company."),
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the label is granted, refused or deferred: the company reads it."),
    )
    defer = forms.BooleanField(
        label=_("Defer the decision (the application may go back to the jury)"), required=False
    )
    reason = forms.CharField(
        label=_("Reason for the deferral or the correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, correction=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.correction = correction
        if correction:
            self.fields["reason"].label = _("Reason for the correction")
            self.fields["reason"].required = True
            self.fields["reason"].help_text = _(
                "The decision in force stays on record; this one supersedes it."
            )

    def clean(self):
        data = super().clean()
        reason = (data.get("reason") or "").strip()
        if data.get("defer") and not reason and "reason" not in self.errors:
            self.add_error("reason", _("Say why the decision is deferred."))
        return data


class WithdrawCertificateForm(Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The verification page then says “withdrawn” and the company leaves the showcase."
        ),
    )
