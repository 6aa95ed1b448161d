"""The forms of the directory's people, companies, consultants, support requests, competences and
search (the rules are the services'; these validate the input and say what is wrong)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from companies.models import SizeBand
from companies.siret import naf_section
from rse_platform.files.validators import UploadValidator
from rse_platform.tenants import registry
from rse_platform.web.forms import Form

from .. import search
from ..models import PHOTO_KINDS, PHOTO_MAX_BYTES

TEXT_MAX = 5000


def competence_choices(rows):
    """The competences as choices grouped by theme (those without a theme first)."""
    loose, themes = [], {}
    for competence in rows:
        label = competence.name
        if competence.archived:
            label = _("%(name)s (no longer offered)") % {"name": competence.name}
        if competence.theme:
            themes.setdefault(competence.theme, []).append((competence.pk, label))
        else:
            loose.append((competence.pk, label))
    return loose + list(themes.items())


class CompetencesField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Competences"))
        super().__init__(coerce=int, required=False, **kwargs)


# --- Filters ------------------------------------------------------------------------------------


class DirectoryFilterForm(Form):
    """The filters of the people's and the companies' lists (a GET form): every value is one the
    lists offer; an unknown one is ignored rather than refused."""

    theme = forms.ChoiceField(label=_("Theme"), required=False)
    competence = forms.TypedChoiceField(
        label=_("Competence"), required=False, coerce=int, empty_value=None
    )
    sector = forms.ChoiceField(label=_("Activity (NAF)"), required=False)
    size = forms.ChoiceField(label=_("Size"), required=False)
    commune = forms.ChoiceField(label=_("Commune"), required=False)

    def __init__(self, data, *, values, competences):
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["theme"].choices = everything + [(theme, theme) for theme in values.themes]
        self.fields["competence"].choices = everything + [
            (competence.pk, competence.name) for competence in competences
        ]
        self.fields["sector"].choices = everything + [
            (division, _division_label(division)) for division in values.divisions
        ]
        self.fields["size"].choices = everything + list(SizeBand.choices)
        self.fields["commune"].choices = everything + [
            (commune, commune) for commune in values.communes
        ]

    def filters(self):
        """The valid filters as the selectors take them (the others dropped)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned[name]
            for name in self.fields
            if name not in self.errors and cleaned.get(name) not in (None, "")
        }


def _division_label(division):
    section = naf_section(f"{division}.00Z")
    return f"{division} — {section[1]}" if section else division


class ConsultantFilterForm(DirectoryFilterForm):
    """The consultants' list filters on the taxonomy only."""

    def __init__(self, data, *, values, competences):
        super().__init__(data, values=values, competences=competences)
        for name in ("sector", "size", "commune"):
            del self.fields[name]


# --- One's own entry ----------------------------------------------------------------------------


class ProfileForm(Form):
    listed = forms.BooleanField(
        label=_("Appear in the directory"),
        required=False,
        help_text=_(
            "Only the programme's members see the directory. Your name and headline appear; "
            "each detail below only if you tick it."
        ),
    )
    headline = forms.CharField(
        label=_("Headline"),
        required=False,
        max_length=200,
        help_text=_("What you can help others with, in a sentence."),
    )
    show_position = forms.BooleanField(label=_("Show my position and company"), required=False)
    show_email = forms.BooleanField(label=_("Show my e-mail address"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    show_phone = forms.BooleanField(label=_("Show my phone number"), required=False)
    show_clubs = forms.BooleanField(
        label=_("Show the clubs I belong to"),
        required=False,
        help_text=_("The programme's clubs where you are a member, while they run."),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        validators=[UploadValidator(kinds=PHOTO_KINDS, max_bytes=PHOTO_MAX_BYTES)],
        help_text=_("PNG, JPEG or WebP, 2 MB at most."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)
    show_photo = forms.BooleanField(label=_("Show my photo"), required=False)
    competences = CompetencesField(
        help_text=_("What you know well and would share with the other members.")
    )
    wants_watch_digest = forms.BooleanField(
        label=_("Receive the weekly CSR watch"),
        required=False,
        help_text=_("On Monday morning, the news items the programme team posted the week before."),
    )

    def __init__(self, *args, competences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competences"].choices = competence_choices(competences)
        if registry.person_clubs() is None:  # no clubs app: nothing to show
            del self.fields["show_clubs"]


class ConsultantProfileForm(Form):
    expertise = forms.CharField(
        label=_("Expertise"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The problems you help companies solve."),
    )
    references = forms.CharField(
        label=_("References"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Missions, certifications, publications."),
    )
    competences = CompetencesField()
    show_followed_companies = forms.BooleanField(
        label=_("Show the companies I follow"),
        required=False,
        help_text=_("Only those that appear in the directory themselves."),
    )

    def __init__(self, *args, competences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competences"].choices = competence_choices(competences)


# --- A company's entry --------------------------------------------------------------------------


class CompanyListingForm(Form):
    listed = forms.BooleanField(
        label=_("The company appears in the directory"),
        required=False,
        help_text=_(
            "Its name, activity, commune and size come from the programme's register; the "
            "members see them with the text and competences below."
        ),
    )
    description = forms.CharField(
        label=_("What we do and share"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    competences = CompetencesField(help_text=_("What the company can share with the others."))

    def __init__(self, *args, competences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competences"].choices = competence_choices(competences)


# --- Support requests ---------------------------------------------------------------------------


class SupportRequestForm(Form):
    message = forms.CharField(
        label=_("Your problem"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you need help with, and what you already tried."),
    )
    consultant = forms.TypedChoiceField(
        label=_("Consultant"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, consultants, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultants = {user.pk: user for user in consultants}
        self.fields["consultant"].choices = [("", _("Whoever fits best"))] + [
            (user.pk, user.display_name) for user in self.consultants.values()
        ]

    def clean_consultant(self):
        consultant = self.cleaned_data["consultant"]
        return self.consultants[consultant] if consultant is not None else None


class SupportAnswerForm(Form):
    OPS = ("convert", "decline")

    op = forms.ChoiceField(choices=[(op, op) for op in OPS], widget=forms.HiddenInput)
    reply = forms.CharField(
        label=_("Reply to the company"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to decline: say why, and where else they may find help."),
    )


# --- The taxonomy -------------------------------------------------------------------------------


class CompetenceForm(Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    theme = forms.CharField(
        label=_("Theme"),
        required=False,
        max_length=120,
        help_text=_("Competences of the same theme are grouped; members filter by theme."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    order = forms.IntegerField(
        label=_("Order"),
        required=False,
        min_value=0,
        max_value=32767,
        help_text=_("Lower numbers come first in the lists."),
    )


# --- Search -------------------------------------------------------------------------------------


class SearchForm(Form):
    q = forms.CharField(label=_("Search the network"), required=False, max_length=200)
    kinds = forms.MultipleChoiceField(
        label=_("Look among"),
        required=False,
        choices=list(search.KINDS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
