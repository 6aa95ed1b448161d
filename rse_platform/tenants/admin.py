from django import forms
from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from . import branding
from .forms import ColorInput
from .models import AuditEntry, Invitation, Membership, Tenant


class TenantAdminForm(forms.ModelForm):
    """The accent colour may be left empty when a tenant is created: it gets the platform's."""

    class Meta:
        model = Tenant
        fields = "__all__"  # noqa: DJ007 (the admin form edits the whole tenant)
        widgets = {"accent_colour": ColorInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accent_colour"].required = False

    def clean_accent_colour(self):
        return branding.normalise(self.cleaned_data.get("accent_colour")) or (
            branding.DEFAULT_ACCENT
        )


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Tenant)
class TenantAdmin(GuardedModelAdmin):
    form = TenantAdminForm
    list_display = ["name", "slug", "kind", "territory", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "slug", "territory"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "tenant", "role", "created_at"]
    list_filter = ["tenant", "role"]
    search_fields = ["user__email", "user__last_name", "tenant__name"]
    autocomplete_fields = ["user"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "tenant", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["tenant", "role"]
    search_fields = ["email"]
    readonly_fields = ["token", "created_at", "accepted_at", "reminded_at"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "tenant", "actor", "action"]
    list_filter = ["tenant", "action"]
    readonly_fields = ["tenant", "actor", "action", "data", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
