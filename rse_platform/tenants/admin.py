from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from .models import AuditEntry, Invitation, Membership, Tenant


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Tenant)
class TenantAdmin(GuardedModelAdmin):
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
