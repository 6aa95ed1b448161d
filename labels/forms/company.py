"""Forms of the companies' label pages and of the customer survey: input checks and messages
only (the rules are the services')."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rse_platform.web.forms import Form

MAX_CUSTOMERS = 200  # addresses in one invitation batch: a customer list, not a mailing list


class ApplyForm(Form):
    """The company that applies in a wave, among the person's own companies."""

    company = forms.ModelChoiceField(
        label=_("Company"),
        queryset=None,
        empty_label=_("Choose the company"),
        error_messages={"invalid_choice": _("Choose one of your companies.")},
    )

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies


class AssessmentForm(Form):
    """One of the company's submitted self-assessments on the label's grid."""

    assessment = forms.TypedChoiceField(
        label=_("Self-assessment"),
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": _("Choose one of the company's submitted self-assessments.")
        },
    )

    def __init__(self, *args, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].choices = [
            ("", _("Choose a self-assessment")),
            *((assessment.pk, assessment.label) for assessment in assessments),
        ]


class EvidenceForm(Form):
    file = forms.FileField(
        label=_("Document"),
        help_text=_(
            "PDF, image, or office document (Word, Excel, PowerPoint, OpenDocument); its type "
            "is read from its content."
        ),
    )


class CustomersForm(Form):
    emails = forms.CharField(
        label=_("Your customers' e-mail addresses"),
        help_text=_("One address per line. Each customer receives a link to a short survey."),
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off", "spellcheck": "false"}),
        max_length=20_000,
    )

    def clean_emails(self):
        lines = [line.strip() for line in self.cleaned_data["emails"].splitlines()]
        addresses = [line for line in lines if line]
        if not addresses:
            raise forms.ValidationError(_("Give at least one address."), code="empty")
        if len(addresses) > MAX_CUSTOMERS:
            raise forms.ValidationError(
                _("Give at most %(count)s addresses at a time.") % {"count": MAX_CUSTOMERS},
                code="too_many",
            )
        return addresses


class SurveyForm(Form):
    """The customer survey: one group of choices per question of the label's customer grid."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[self.field_name(question)] = forms.ChoiceField(
                label=question.title,
                help_text=question.guidance,
                choices=[(str(value), label) for value, label in question.choices],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer to this question.")},
            )

    @staticmethod
    def field_name(question):
        return f"q{question.pk}"

    def answers(self):
        """``{criterion pk (str): value}``, as the grid reader scores them."""
        return {
            str(question.pk): self.cleaned_data[self.field_name(question)]
            for question in self.questions
        }
