from django.contrib import admin

from .models import Campaign, Diagnostic, Framework, FrameworkVersion

# Admin requests run with tenant scopes disabled (rse_platform.accounts.middleware).


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "tenant", "created_at"]
    list_filter = ["tenant"]


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["framework", "number", "status", "published_at", "tenant"]
    list_filter = ["tenant", "status"]
    readonly_fields = ["status", "published_at"]


@admin.register(Diagnostic)
class DiagnosticAdmin(admin.ModelAdmin):
    list_display = ["company", "version", "status", "overall_percent", "level", "tenant"]
    list_filter = ["tenant", "status"]
    readonly_fields = ["overall_percent", "level", "submitted_at"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "deadline", "tenant"]
    list_filter = ["tenant"]
