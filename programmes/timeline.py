"""The programmes app's entries on a company's journey: enrolments and charter signatures
(exclusions are the register's own entries, see companies.timeline)."""

from django.utils.translation import gettext as _

from rse_platform.tenants.registry import TimelineEntry

from .models import CharterSignature, Enrolment


def company_entries(*, company):
    entries = []
    for enrolment in Enrolment.objects.filter(company=company).select_related("programme"):
        programme = enrolment.programme.name
        entries.append(
            TimelineEntry(
                enrolment.contacted_on, "enrolment", _("First contact: %(p)s") % {"p": programme}
            )
        )
        if enrolment.engaged_on:
            entries.append(
                TimelineEntry(
                    enrolment.engaged_on, "enrolment", _("Engaged in %(p)s") % {"p": programme}
                )
            )
        if enrolment.left_on:
            entries.append(
                TimelineEntry(
                    enrolment.left_on, "enrolment", _("Left %(p)s (alumni)") % {"p": programme}
                )
            )
    for signature in CharterSignature.objects.filter(company=company).select_related(
        "version", "signed_by"
    ):
        entries.append(
            TimelineEntry(
                signature.signed_at,
                "charter",
                _("Signed the charter (version %(n)s)") % {"n": signature.version.number},
                detail=signature.signed_by.display_name,
            )
        )
    return entries
