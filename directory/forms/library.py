"""Forms of the resource library and the watch: input checks and messages only (the rules are
the services': a resource is a file or a link; an upload's type is read from its content)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rse_platform.web.forms import Form

from ..models import NEWS_BODY_MAX, Resource
from .exchange import theme_field


class ResourceForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Resource.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    theme = theme_field()
    level = forms.ChoiceField(
        label=_("Reading level"),
        choices=Resource.Level.choices,
        initial=Resource.Level.ESSENTIAL,
        widget=forms.RadioSelect,
        help_text=_(
            "As in the PIL'ES manual: the essentials to act, or the details to go further."
        ),
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "PDF, image, or office document (Word, Excel, PowerPoint, OpenDocument); its type "
            "is read from its content. Or give a link below."
        ),
    )
    url = forms.URLField(
        label=_("Address of the link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("For a web page; leave it empty when you give a file."),
    )
    published = forms.BooleanField(label=_("Visible to the members"), required=False, initial=True)

    def __init__(self, *args, resource=None, **kwargs):
        super().__init__(*args, **kwargs)
        if resource is not None:
            # A resource keeps its kind; its file is replaced by uploading another one.
            del self.fields["kind"]
            if resource.file:
                self.fields["file"].help_text = _(
                    "A new file replaces “%(name)s”; its type is read from its content."
                ) % {"name": resource.file_name}


class NewsForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        max_length=NEWS_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few lines: 1,000 characters at most."),
    )
    theme = theme_field()
    source_name = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=_("ADEME, a trade newspaper, a law…"),
    )
    source_url = forms.URLField(
        label=_("Address of the source"), max_length=500, required=False, assume_scheme="https"
    )


class WatchForm(Form):
    wants_watch_digest = forms.BooleanField(
        label=_("Receive the weekly CSR watch by e-mail"), required=False
    )
