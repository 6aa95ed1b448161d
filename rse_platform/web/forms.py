"""One form style for the whole platform.

Every form inherits ``Form`` or ``ModelForm`` from here (``ModelForm`` wherever a model is
edited): widgets get the CSS library's classes once, so templates render fields plainly with
``{% include "partials/form_fields.html" %}`` and no app styles its own forms.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _


class StyledFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            style_widget(field.widget)

    def add_service_error(self, error: ValidationError):
        """Show a service's ValidationError on the form: per field when it names fields that the
        form has, otherwise above the form. Views call this instead of formatting messages."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                target = field if field in self.fields else None
                if field == NON_FIELD_ERRORS:
                    target = None
                self.add_error(target, errors)
        else:
            self.add_error(None, error)


def style_widget(widget):
    if isinstance(widget, forms.MultiWidget):
        for sub in widget.widgets:
            style_widget(sub)
        return
    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple too
        # Each choice in Bootstrap's .form-check, its label beside its box (not around it).
        widget.template_name = "web/forms/check_list.html"
        widget.option_template_name = "web/forms/check_option.html"
        css = "form-check-input"
    elif isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
        if widget.template_name == "django/forms/widgets/select.html":
            widget.template_name = "web/forms/select.html"  # twice as fast on a long list
    elif isinstance(widget, forms.HiddenInput):
        return
    else:
        css = "form-control"
    existing = widget.attrs.get("class", "")
    if css not in existing.split():
        widget.attrs["class"] = f"{existing} {css}".strip()


class Form(StyledFormMixin, forms.Form):
    pass


def _tenant_rows_later(db_field, **kwargs):
    """A relation to a tenant-owned model starts with no choices: form classes are built at
    import, outside any tenant scope, where such a model cannot be queried."""
    if db_field.is_relation and _tenant_owned(db_field.related_model):
        kwargs.setdefault("queryset", db_field.related_model._default_manager.none())
    return db_field.formfield(**kwargs)


def _tenant_owned(model):
    from rse_platform.tenants.models import TenantOwned

    return model is not None and issubclass(model, TenantOwned)


class _ModelFormMetaclass(forms.models.ModelFormMetaclass):
    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = _tenant_rows_later
        return super().__new__(mcs, name, bases, attrs)


class ModelForm(StyledFormMixin, forms.ModelForm, metaclass=_ModelFormMetaclass):
    """A ModelForm whose relations to tenant-owned models offer the current tenant's rows (the
    form is built inside the request's tenant scope); a view narrows them further if needed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if _tenant_owned(model) and field.queryset.query.is_empty():
                field.queryset = model.objects.all()


def error_message(error: ValidationError) -> str:
    """A service error as one sentence, for the flash messages of POST-only actions."""
    return " ".join(error.messages)


class PersonByEmailField(forms.EmailField):
    """A person among ``queryset`` named by their e-mail address (any case): how a form picks
    one person in a programme of thousands, where a select of everyone would be a page itself.
    Cleans to the account, or to the error ``not_found``."""

    def __init__(self, *, queryset=None, not_found="", **kwargs):
        super().__init__(**kwargs)
        self.queryset = queryset
        self.not_found = not_found or _("Nobody in the programme has this address.")

    def clean(self, value):
        email = super().clean(value)
        if not email:
            return None
        person = self.queryset.filter(email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(self.not_found, code="not_found")
        return person
