from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rse_platform.tenants.forms import StyledForm
from rse_platform.tenants.validators import validate_upload_size

from .models import IsoSubject, Scale

# Extension → the magic bytes its content must start with. Office files (docx, xlsx, pptx, odt,
# ods) are ZIP containers; the old binary formats share the OLE2 signature.
EVIDENCE_SIGNATURES = {
    "pdf": [b"%PDF-"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    "docx": [b"PK\x03\x04"],
    "xlsx": [b"PK\x03\x04"],
    "pptx": [b"PK\x03\x04"],
    "odt": [b"PK\x03\x04"],
    "ods": [b"PK\x03\x04"],
    "doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    "xls": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
}


def validate_evidence(upload):
    """Size first, then the extension, then what the content really is."""
    validate_upload_size(upload)
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    signatures = EVIDENCE_SIGNATURES.get(extension)
    if signatures is None:
        raise ValidationError(
            _("Accepted files: PDF, PNG, JPEG and office documents (%(types)s).")
            % {"types": ", ".join(sorted(EVIDENCE_SIGNATURES))}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(_("The file's content does not match its extension."))


class EvidenceForm(StyledForm):
    evidence = forms.FileField(label=_("Evidence"), validators=[validate_evidence])


class FrameworkForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ImportForm(StyledForm):
    file = forms.FileField(label=_("JSON file"))


class ThemeForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    weight = forms.DecimalField(
        label=_("Weight"), min_value=0, max_digits=6, decimal_places=2, initial=1
    )


class CriterionForm(StyledForm):
    theme = forms.TypedChoiceField(label=_("Theme"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=300)
    guidance = forms.CharField(
        label=_("Guidance"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    scale = forms.ChoiceField(label=_("Answer scale"), choices=Scale.choices)
    max_points = forms.DecimalField(
        label=_("Maximum points"), min_value=0, max_digits=7, decimal_places=2, required=False
    )
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    iso_subject = forms.ChoiceField(
        label=_("ISO 26000 core subject"),
        choices=[("", "—"), *IsoSubject.choices],
        required=False,
    )
    evidence_expected = forms.CharField(
        label=_("Evidence expected"), max_length=300, required=False
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [(theme.pk, theme.title) for theme in themes]

    def clean(self):
        cleaned = super().clean()
        scale, maximum = cleaned.get("scale"), cleaned.get("max_points")
        if scale and scale != Scale.NUMBER and not maximum:
            self.add_error("max_points", _("A scored criterion needs a maximum above 0."))
        return cleaned


class LevelForm(StyledForm):
    name = forms.CharField(label=_("Level"), max_length=60)
    min_percent = forms.DecimalField(
        label=_("Threshold (%)"), min_value=0, max_value=100, max_digits=5, decimal_places=2
    )


class StartForm(StyledForm):
    company = forms.TypedChoiceField(label=_("Company"), coerce=int)
    version = forms.TypedChoiceField(label=_("Framework"), coerce=int)

    def __init__(self, *args, companies, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].choices = [(company.pk, company.name) for company in companies]
        self.fields["version"].choices = [
            (version.pk, f"{version.framework.name} (v{version.number})") for version in versions
        ]


class NoteForm(StyledForm):
    note = forms.CharField(
        label=_("Consultant's note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(StyledForm):
    review_note = forms.CharField(
        label=_("Review"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CampaignForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    version = forms.TypedChoiceField(label=_("Framework"), coerce=int)
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    reminder_days = forms.IntegerField(
        label=_("Reminder (days before the deadline)"), min_value=0, initial=7
    )
    message = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    companies = forms.TypedMultipleChoiceField(
        label=_("Companies"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, versions, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [
            (version.pk, f"{version.framework.name} (v{version.number})") for version in versions
        ]
        self.fields["companies"].choices = [(company.pk, company.name) for company in companies]
