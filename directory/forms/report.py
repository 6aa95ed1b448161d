"""The improvement report's one form: a theme turned into a draft workshop of a club."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rse_platform.web.forms import Form


class WorkshopForm(Form):
    """``clubs``: ``[(pk, name)]`` from the core's workshop drafter; "" is the whole programme."""

    theme = forms.CharField(max_length=120, widget=forms.HiddenInput)
    club = forms.TypedChoiceField(label=_("Club"), coerce=int, empty_value=None, required=False)
    title = forms.CharField(label=_("Title of the workshop"), max_length=200)

    def __init__(self, *args, clubs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["club"].choices = [("", _("The whole programme")), *clubs]

    @classmethod
    def for_theme(cls, theme, *, clubs, index):
        """The form of the report's ``index``-th theme (its own field ids on a page of many)."""
        return cls(
            clubs=clubs,
            auto_id=f"id_w{index}_%s",
            initial={"theme": theme, "title": _("Workshop: %(theme)s") % {"theme": theme}},
        )
