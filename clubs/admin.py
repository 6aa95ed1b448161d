"""The platform operators' view (scopes are disabled for /admin/ by PlatformAdminMiddleware)."""

from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from .models import Club, ClubMember, Event, EventDocument, EventTopic, Registration, SurveyAnswer


class ClubMemberInline(admin.TabularInline):
    model = ClubMember
    extra = 0
    fields = ["user", "company", "status"]
    raw_id_fields = ["user", "company"]


@admin.register(Club)
class ClubAdmin(GuardedModelAdmin):
    list_display = ["name", "tenant", "kind", "meetings_per_year"]
    list_filter = ["tenant", "kind"]
    search_fields = ["name"]
    inlines = [ClubMemberInline]
    raw_id_fields = ["facilitator"]


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["user", "company", "status", "attended"]
    raw_id_fields = ["user", "company", "registered_by"]


class TopicInline(admin.TabularInline):
    model = EventTopic
    extra = 0


class DocumentInline(admin.TabularInline):
    model = EventDocument
    extra = 0
    raw_id_fields = ["uploaded_by"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "tenant", "club", "kind", "starts_at", "status", "capacity"]
    list_filter = ["tenant", "kind", "status"]
    search_fields = ["title", "theme"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["club", "host_company"]
    inlines = [RegistrationInline, TopicInline, DocumentInline]


@admin.register(SurveyAnswer)
class SurveyAnswerAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "rating", "tenant"]
    list_filter = ["tenant", "rating"]
    raw_id_fields = ["event", "user"]
