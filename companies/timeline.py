"""The register's entries on a company's journey: exclusions and their lifting."""

from django.utils.translation import gettext as _

from rse_platform.tenants.registry import TimelineEntry

from .models import Exclusion


def company_entries(*, company):
    entries = []
    for exclusion in Exclusion.objects.filter(company=company):
        entries.append(
            TimelineEntry(exclusion.decided_at, "exclusion", _("Excluded"), detail=exclusion.reason)
        )
        if exclusion.lifted_at:
            entries.append(TimelineEntry(exclusion.lifted_at, "exclusion", _("Exclusion lifted")))
    return entries
