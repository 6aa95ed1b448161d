from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from .models import Company, CompanyMember


class CompanyMemberInline(admin.TabularInline):
    model = CompanyMember
    extra = 0
    fields = ["user", "position"]
    autocomplete_fields = ["user"]


@admin.register(Company)
class CompanyAdmin(GuardedModelAdmin):
    list_display = ["name", "tenant", "commune", "headcount", "annual_revenue"]
    list_filter = ["tenant"]
    search_fields = ["name", "siret", "commune"]
    inlines = [CompanyMemberInline]

    def save_formset(self, request, form, formset, change):
        people = formset.save(commit=False)
        for person in people:
            person.tenant_id = form.instance.tenant_id
            person.save()
        for person in formset.deleted_objects:
            person.delete()
