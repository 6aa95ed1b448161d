"""Forms of the juror's pages: the conflicts of interest, the scores of the jury parts and an
amendment. Input checks and messages only: the rules are the services' (``declare_conflict``,
``save_score``, ``submit_scores``, ``amend_score``)."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from rse_platform.web.forms import Form, style_widget

COMMENT_MAX = 5000
NOTE_MAX = 255  # ConflictDeclaration.note


def parse_score(raw):
    """A score as a person types it: "12,5" or "12.5", spaces ignored. ``None`` when empty;
    ``ValueError`` when it is not a plain number."""
    text = (raw or "").strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not text:
        return None
    text = text.replace(",", ".")
    if text.count(".") > 1 or not text.replace(".", "").lstrip("+-").isdigit():
        raise ValueError(text)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    return value


def show_score(value):
    """A score written back in a field the way a French reader types it: "12,5", "30"."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))


class ScoreField(forms.Field):
    """A score from 0 to ``maximum``, decimals allowed (two at most), with a comma or a dot."""

    def __init__(self, *, maximum, **kwargs):
        self.maximum = Decimal(maximum)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": 12}),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return show_score(value)
        return value

    def to_python(self, value):
        try:
            score = parse_score(str(value) if value is not None else "")
        except ValueError:
            raise forms.ValidationError(
                _("Type a number, such as 12 or 12,5."), code="number"
            ) from None
        if score is None:
            return None
        if score < 0 or score > self.maximum:
            raise forms.ValidationError(
                _("Give a score from 0 to %(maximum)s."),
                code="range",
                params={"maximum": show_score(self.maximum)},
            )
        if score != score.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("Two decimals at most, such as 12,25."), code="decimals")
        return score


# --- Conflicts of interest ----------------------------------------------------------------------


class ConflictsForm(Form):
    """One box (and an optional note) per applicant company not declared yet: a ticked box is a
    conflict of interest to declare."""

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.companies = list(companies)
        for company in self.companies:
            self.fields[f"conflict_{company.pk}"] = forms.BooleanField(
                label=_("I have a conflict of interest with %(company)s")
                % {"company": company.name},
                required=False,
            )
            self.fields[f"note_{company.pk}"] = forms.CharField(
                label=_("Note for the programme team (optional)"),
                max_length=NOTE_MAX,
                required=False,
            )
        for field in self.fields.values():
            style_widget(field.widget)

    def row(self, company):
        """The bound box and note of one company (the template's table reads them)."""
        return self[f"conflict_{company.pk}"], self[f"note_{company.pk}"]

    def clean(self):
        data = super().clean()
        for company in self.companies:
            note = (data.get(f"note_{company.pk}") or "").strip()
            if note and not data.get(f"conflict_{company.pk}"):
                self.add_error(
                    f"note_{company.pk}",
                    _("Tick the box to declare this conflict, or clear the note."),
                )
        return data

    @property
    def declared(self):
        """``[(company, note)]``: the companies ticked, with their note."""
        return [
            (company, (self.cleaned_data.get(f"note_{company.pk}") or "").strip())
            for company in self.companies
            if self.cleaned_data.get(f"conflict_{company.pk}")
        ]


# --- Scores -------------------------------------------------------------------------------------


class ScoresForm(Form):
    """A value and a comment per jury part, with the version of the score the page showed (a
    hidden field: ``save_score`` refuses a save over a version changed in another window).

    ``submitting``: every part needs a value. ``parts``: the parts on the page (one part for a
    save of that part alone)."""

    def __init__(self, *args, parts, scores, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = list(parts)
        self.scores = scores  # {part id: JuryScore}
        self.submitting = submitting
        for part in self.parts:
            score = scores.get(part.pk)
            self.fields[f"value_{part.pk}"] = ScoreField(
                maximum=part.maximum,
                label=_("Score (0 to %(maximum)s)") % {"maximum": show_score(part.maximum)},
                required=False,
                initial=score.value if score else None,
            )
            self.fields[f"comment_{part.pk}"] = forms.CharField(
                label=_("Comment"),
                max_length=COMMENT_MAX,
                required=False,
                initial=score.comment if score else "",
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"version_{part.pk}"] = forms.IntegerField(
                min_value=0,
                required=False,
                initial=score.version if score else 0,
                widget=forms.HiddenInput,
            )
        for field in self.fields.values():
            style_widget(field.widget)

    def clean(self):
        data = super().clean()
        for part in self.parts:
            value = data.get(f"value_{part.pk}")
            if f"value_{part.pk}" in self.errors:
                continue
            if value is None and self.submitting:
                self.add_error(f"value_{part.pk}", _("Score this part before submitting."))
            elif value is None and (data.get(f"comment_{part.pk}") or "").strip():
                self.add_error(
                    f"value_{part.pk}", _("Give this part a score to save your comment.")
                )
        for part in self.parts:
            if f"version_{part.pk}" in self.errors:
                self.errors.pop(f"version_{part.pk}")
                self.add_error(None, _("The page was changed in transit: reload it."))
                break
        return data

    @property
    def entries(self):
        """``[(part, value, comment, version)]`` of the parts given a value."""
        return [
            (
                part,
                self.cleaned_data[f"value_{part.pk}"],
                (self.cleaned_data.get(f"comment_{part.pk}") or "").strip(),
                self.cleaned_data.get(f"version_{part.pk}") or 0,
            )
            for part in self.parts
            if self.cleaned_data.get(f"value_{part.pk}") is not None
        ]


class AmendForm(Form):
    """A submitted score changed with its reason (kept in the history)."""

    value = forms.CharField()  # replaced in __init__ by the part's score field
    reason = forms.CharField(
        label=_("Why do you change it?"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The other jurors and the programme team read it in the history."),
        error_messages={"required": _("Say why you change a submitted score.")},
    )

    def __init__(self, *args, part, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"] = ScoreField(
            maximum=part.maximum,
            label=_("New score (0 to %(maximum)s)") % {"maximum": show_score(part.maximum)},
            error_messages={"required": _("Give the new score.")},
        )
        style_widget(self.fields["value"].widget)
        self.order_fields(["value", "reason"])

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why you change a submitted score."), code="reason")
        return reason
