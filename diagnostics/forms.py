from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rse_platform.files.validators import check_upload
from rse_platform.web.forms import Form, ModelForm

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

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(version=version).order_by(
            "order", "id"
        )
        self.fields["max_points"].required = False
        self.fields["max_points"].initial = None

    def clean(self):
        cleaned = super().clean()
        scale, maximum = cleaned.get("scale"), cleaned.get("max_points")
        if scale == Scale.NUMBER:
            cleaned["max_points"] = Decimal("0")  # an indicator is recorded, never scored
        elif scale and not maximum:
            self.add_error("max_points", _("A scored criterion needs a maximum above 0."))
        return cleaned


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

    def __init__(self, *args, companies, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies.order_by("name")
        self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = _version_label


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


class CampaignForm(ModelForm):
    version = forms.ModelChoiceField(label=_("Framework"), queryset=None)
    companies = ChoicesById(
        label=_("Companies"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

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

    def __init__(self, *args, versions, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = _version_label
        self.fields["companies"].queryset = companies.order_by("name")


def _version_label(version):
    return f"{version.framework.name} (v{version.number})"
