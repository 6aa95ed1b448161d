from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from rse_platform.web.forms import Form, ModelForm

from . import branding
from .models import Tenant
from .roles import Role


class InvitationForm(Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)


class AcceptInvitationForm(Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            from django.contrib.auth import get_user_model

            probe = get_user_model()(
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ColorInput(forms.TextInput):
    """The browser's colour picker. It always holds a value, so HTML allows neither ``required``
    nor ``maxlength`` on it."""

    input_type = "color"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.attrs.pop("maxlength", None)

    def use_required_attribute(self, initial):
        return False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("maxlength", None)
        return context


class BrandingForm(ModelForm):
    """The organisation's accent colour and logo; the model's validators check both (contrast,
    image kind read from the content, size)."""

    remove_logo = forms.BooleanField(
        label=_("Remove the logo (the initials mark is shown instead)"), required=False
    )

    class Meta:
        model = Tenant
        fields = ["accent_colour", "logo"]
        widgets = {
            "accent_colour": ColorInput(attrs={"class": "form-control-color"}),
            "logo": forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.logo:
            del self.fields["remove_logo"]
        for name in ("accent_colour", "logo"):
            self.fields[name].widget.attrs["aria-describedby"] = f"{name}-help"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-describedby"] = f"{name}-help {name}-error"
                attrs["aria-invalid"] = "true"

    def clean_accent_colour(self):
        return branding.normalise(self.cleaned_data["accent_colour"])

    @property
    def new_logo(self):
        """The uploaded logo, or None when the field was left empty."""
        return self.cleaned_data.get("logo") if "logo" in self.changed_data else None
