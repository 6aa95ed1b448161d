from django.contrib import admin

from .models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """Read-only: operators look here for e-mails that failed; the mailer alone writes rows."""

    list_display = ["created_at", "tenant", "key", "email", "status", "attempts", "sent_at"]
    list_filter = ["status", "tenant"]
    search_fields = ["key", "email"]
    exclude = ["attachments"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
