from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from companies.forms import RegisterFiltersMixin
from rse_platform.files.validators import check_upload
from rse_platform.web.forms import Form, ModelForm, style_widget

from . import scoring
from .models import Answer, Campaign, Criterion, Diagnostic, Framework, Level, Scale, Theme

# A shared framework is a few hundred criteria at most: tens of kilobytes. Anything far larger is
# a mistake or an attempt to make the import parse a huge document.
FRAMEWORK_MAX_BYTES = 1024 * 1024


class EvidenceForm(ModelForm):
    """The file is checked by its content (``Answer.evidence``'s validator): a refused file is a
    field error, and nothing is stored."""

    class Meta:
        model = Answer
        fields = ["evidence"]
        labels = {"evidence": _("Evidence")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].required = True


class FrameworkForm(ModelForm):
    class Meta:
        model = Framework
        fields = ["name", "description"]
        labels = {"name": _("Name"), "description": _("Description")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ImportForm(Form):
    file = forms.FileField(label=_("JSON file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, kinds=["json"], max_bytes=FRAMEWORK_MAX_BYTES)
        return upload


class ThemeForm(ModelForm):
    class Meta:
        model = Theme
        fields = ["title", "weight"]
        labels = {"title": _("Title"), "weight": _("Weight")}


class CriterionForm(ModelForm):
    # Tenant-owned choices are declared with their queryset set per request (inside the scope).
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=None, empty_label=None)

    class Meta:
        model = Criterion
        fields = [
            "theme",
            "title",
            "guidance",
            "scale",
            "max_points",
            "level_texts",
            "unit",
            "iso_subject",
            "evidence_expected",
        ]
        labels = {
            "title": _("Title"),
            "guidance": _("Guidance"),
            "scale": _("Answer scale"),
            "max_points": _("Maximum points"),
            "unit": _("Unit"),
            "iso_subject": _("ISO 26000 core subject"),
            "evidence_expected": _("Evidence expected"),
        }
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}

    # One line per answer of the scale; the model keeps them as a list (see Criterion.level_texts).
    level_texts = forms.CharField(
        label=_("Level texts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Optional: what each answer means, one line per answer in the scale's order "
            "(0 to the maximum, A to D, “strongly agree” to “strongly disagree”, yes then no). "
            "Leave a line empty for an answer without text."
        ),
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(version=version).order_by(
            "order", "id"
        )
        self.fields["max_points"].required = False
        self.fields["max_points"].initial = None

    def clean_level_texts(self):
        lines = [line.strip() for line in self.cleaned_data["level_texts"].splitlines()]
        while lines and not lines[-1]:
            lines.pop()  # trailing empty lines are not answers
        return lines

    def clean(self):
        cleaned = super().clean()
        scale, maximum = cleaned.get("scale"), cleaned.get("max_points")
        texts = cleaned.get("level_texts") or []
        if scale == Scale.NUMBER:
            cleaned["max_points"] = Decimal("0")  # an indicator is recorded, never scored
            if any(texts):
                self.add_error("level_texts", _("A numeric indicator has no answer levels."))
            cleaned["level_texts"] = []
        elif scale and not maximum:
            self.add_error("max_points", _("A scored criterion needs a maximum above 0."))
        elif scale and texts:
            count = len(scoring.choices_for(scale, maximum))
            if len(texts) > count:
                self.add_error(
                    "level_texts",
                    _("This scale has %(count)s answers: give at most one line for each.")
                    % {"count": count},
                )
            else:
                cleaned["level_texts"] = texts + [""] * (count - len(texts))
        if not any(cleaned.get("level_texts") or []):
            cleaned["level_texts"] = []
        return cleaned


# The answer card that marks a criterion "not applicable" (it then leaves the maximum).
NOT_APPLICABLE = "na"


class AnswerForm(Form):
    """One criterion's autosave: only the fields the page sent change. Among the scale's answers
    ``na`` marks the criterion not applicable; beside a numeric indicator a ticked box does.
    Whether the answer is one of the scale's is the service's rule."""

    choice = forms.CharField(required=False, max_length=20)
    number = forms.CharField(required=False, max_length=40, strip=False)
    comment = forms.CharField(required=False, strip=False)
    not_applicable = forms.CharField(required=False, max_length=1)

    def clean_number(self):
        number = _parse_number(self.cleaned_data["number"])
        if number is None:
            raise ValidationError(_("Enter a number."))
        return number

    def changes(self):
        """The keyword arguments of ``services.save_answer`` for what was sent."""
        sent, data = self.data, self.cleaned_data
        changes = {}
        if "comment" in sent:
            changes["comment"] = data["comment"]
        if "choice" in sent:
            if data["choice"].strip() == NOT_APPLICABLE:
                changes.update(choice="", not_applicable=True)
            else:
                changes.update(choice=data["choice"], not_applicable=False)
        elif "not_applicable" in sent and data["not_applicable"] == "1":
            changes.update(number="", not_applicable=True)
        else:
            if "number" in sent:
                changes["number"] = data["number"]
            if "not_applicable" in sent:
                changes["not_applicable"] = False
        return changes


def _parse_number(raw):
    """French or English input (“12 500,5”) to a Decimal; "" clears; None when not a number."""
    raw = raw.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    if not raw:
        return ""
    try:
        number = scoring.quantize(raw)
    except ArithmeticError:
        return None
    return number if number.is_finite() and abs(number) < 10**12 else None


class LevelForm(ModelForm):
    class Meta:
        model = Level
        fields = ["name", "min_percent"]
        labels = {"name": _("Level"), "min_percent": _("Threshold (%)")}


class RemoveItemForm(Form):
    """Which theme, criterion or level of the version to remove: an id that is not one of them
    (letters, a huge number, another version's) is a form error, never a server error."""

    id = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id"].queryset = items


class StartForm(ModelForm):
    company = forms.ModelChoiceField(label=_("Company"), queryset=None, empty_label=None)
    version = forms.ModelChoiceField(label=_("Framework"), queryset=None, empty_label=None)

    class Meta:
        model = Diagnostic
        fields = ["company", "version"]

    def __init__(self, *args, companies, versions, campaigns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies.order_by("name")
        self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = _version_label
        if campaigns:
            # Asked, never assumed: a new self-assessment joins an open campaign only if wanted.
            self.fields["join_campaign"] = forms.BooleanField(
                label=_join_label(campaigns), required=False, initial=True
            )
            style_widget(self.fields["join_campaign"].widget)


def _join_label(campaigns):
    if len(campaigns) == 1:
        return _("Count it as the answer to the campaign “%(campaign)s” on %(framework)s") % {
            "campaign": campaigns[0].title,
            "framework": campaigns[0].version.framework.name,
        }
    return _(
        "Count it as the answer to the open campaign on this framework, where the company was "
        "invited and has not answered yet (%(campaigns)s)"
    ) % {"campaigns": ", ".join(f"“{campaign.title}”" for campaign in campaigns)}


class NoteForm(ModelForm):
    class Meta:
        model = Answer
        fields = ["consultant_note"]
        labels = {"consultant_note": _("Consultant's note")}
        widgets = {"consultant_note": forms.Textarea(attrs={"rows": 2})}


class ReviewForm(ModelForm):
    class Meta:
        model = Diagnostic
        fields = ["review_note"]
        labels = {"review_note": _("Review")}
        widgets = {"review_note": forms.Textarea(attrs={"rows": 3})}


class ChoicesById(forms.ModelMultipleChoiceField):
    """A number beyond the database's integer range is an invalid choice, like letters: SQLite
    cannot even bind it in the ``pk IN (…)`` query and would answer a server error."""

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # letters: the parent's message
            if not -(2**63) <= number < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class CampaignForm(RegisterFiltersMixin, ModelForm):
    """A campaign and its recipients, chosen by the register's filters (engaged companies, a
    club, a size band…); excluded companies are left out and said so."""

    version = forms.ModelChoiceField(label=_("Framework"), queryset=None)

    class Meta:
        model = Campaign
        fields = ["title", "version", "deadline", "reminder_days", "message"]
        labels = {
            "title": _("Title"),
            "deadline": _("Deadline"),
            "reminder_days": _("Reminder (days before the deadline)"),
            "message": _("Message"),
        }
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "message": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = _version_label
        self.add_register_filters()

    @property
    def recipient_fields(self):
        return [self[name] for name in self.register_filter_names()]

    @property
    def campaign_fields(self):
        return [self[name] for name in self.Meta.fields]


def _version_label(version):
    return f"{version.framework.name} (v{version.number})"
