"""Forms of the good practices and the service exchange: input checks and messages only (the
rules are the services'). The companies a form offers are those the person may act for
(``directory.publish``), narrowed by the view."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rse_platform.web.forms import Form, PersonByEmailField, style_widget

from ..models import Offer, Practice, PracticeDocument

THEME_LIST = "theme-options"  # the id of the page's <datalist> of known themes


def theme_field(**kwargs):
    return forms.CharField(
        label=_("Theme"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"list": THEME_LIST, "autocomplete": "off"}),
        **kwargs,
    )


class CompanyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class OnlyCompanyField(CompanyChoiceField):
    """The one company the person acts for: a hidden field that defaults to it."""

    widget = forms.HiddenInput

    def __init__(self, *, company, **kwargs):
        super().__init__(required=False, initial=company.pk, **kwargs)
        self.company = company

    def clean(self, value):
        return super().clean(value) or self.company


def with_company(form, companies, *, label):
    """Put ``companies`` (those the person may act for) first in ``form``: a choice, or the one
    company as a hidden field (``form.acting_for`` names it)."""
    first_two = list(companies[:2])
    form.acting_for = first_two[0] if len(first_two) == 1 else None
    if form.acting_for is not None:
        field = OnlyCompanyField(company=form.acting_for, label=label, queryset=companies)
    else:
        field = CompanyChoiceField(label=label, queryset=companies, empty_label=None)
        style_widget(field.widget)
    form.fields = {"company": field, **form.fields}


# --- Good practices -----------------------------------------------------------------------------


class PracticeForm(Form):
    """A good practice: its company (when it is new), what it is about and who to contact."""

    title = forms.CharField(label=_("Title"), max_length=200)
    theme = theme_field(help_text=_("Energy, waste, mobility, GPEC…"))
    context = forms.CharField(
        label=_("Context"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the company started from, and why it acted."),
    )
    what_was_done = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5})
    )
    results = forms.CharField(
        label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    figures = forms.CharField(
        label=Practice._meta.get_field("figures").verbose_name.capitalize(),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=Practice._meta.get_field("figures").help_text,
    )
    contact = PersonByEmailField(
        label=_("Contact (e-mail address)"),
        required=False,
        not_found=_("Nobody of the company's people has this address."),
        help_text=_(
            "One of the company's people. The contact appears on the practice only if they "
            "are listed in the directory, with what they chose to show."
        ),
    )

    def __init__(self, *args, companies=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = people
        if companies is not None:
            with_company(self, companies, label=_("Company"))

    def fields_for_service(self):
        data = dict(self.cleaned_data)
        data.pop("company", None)
        return data


class PracticeDocumentForm(Form):
    file = forms.FileField(
        label=_("Document"),
        help_text=_(
            "PDF, image, or office document (Word, Excel, PowerPoint, OpenDocument); its type "
            "is read from its content."
        ),
    )


class RemoveDocumentForm(Form):
    document = forms.ModelChoiceField(queryset=PracticeDocument.objects.none())

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if documents is not None:
            self.fields["document"].queryset = documents


class PublishForm(Form):
    """Publish (``publish=1``) or take back to a draft (``publish=0``)."""

    publish = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )


class FeatureForm(Form):
    featured = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )


# --- The service exchange -----------------------------------------------------------------------


class OfferForm(Form):
    kind = forms.ChoiceField(
        label=_("You"),
        choices=[
            (Offer.Kind.OFFER, _("offer a service")),
            (Offer.Kind.REQUEST, _("ask for a service")),
        ],
        widget=forms.RadioSelect,
        initial=Offer.Kind.OFFER,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("Lend a meeting room, share a training, review a tender answer…"),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What, when, for whom. The exchange is free of charge: it runs on trust."),
    )
    theme = theme_field()

    def __init__(self, *args, companies=None, **kwargs):
        super().__init__(*args, **kwargs)
        with_company(self, companies, label=_("On behalf of"))


class AnswerForm(Form):
    message = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("What you propose, and how to reach you."),
    )

    def __init__(self, *args, companies=None, **kwargs):
        super().__init__(*args, **kwargs)
        with_company(self, companies, label=_("On behalf of"))


class CloseForm(Form):
    outcome = forms.ChoiceField(
        choices=[(Offer.Status.DONE, "done"), (Offer.Status.WITHDRAWN, "withdrawn")]
    )


class ThanksForm(Form):
    message = forms.CharField(
        label=_("Your thanks"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("A few words the other company reads; they stay on the exchange's page."),
    )

    def __init__(self, *args, companies=None, **kwargs):
        super().__init__(*args, **kwargs)
        with_company(self, companies, label=_("On behalf of"))
