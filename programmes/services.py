"""State changes of the programmes app: register, enrolments, charter, imports, reports."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import get_perms

from rse_platform.tenants import audit, permissions

from . import importing
from .models import (
    CharterSignature,
    CharterVersion,
    Company,
    CompanyImport,
    CompanyMember,
    Enrolment,
    Exclusion,
    FunderReport,
)

# --- Companies ----------------------------------------------------------------------------


@transaction.atomic
def create_company(*, tenant, actor=None, **fields):
    company = Company(tenant=tenant, **fields)
    company.full_clean()
    company.save()
    audit.record(tenant=tenant, actor=actor, action="company.created", company=company.name)
    return company


@transaction.atomic
def update_company(*, company, actor, **fields):
    for name, value in fields.items():
        setattr(company, name, value)
    company.full_clean()
    company.save()
    audit.record(tenant=company.tenant, actor=actor, action="company.updated", company=company.name)
    return company


@transaction.atomic
def link_person(*, company, user, position, actor=None):
    """Attach a person to their company; they may then open it (and only it)."""
    person, created = CompanyMember.objects.update_or_create(
        company=company, user=user, defaults={"tenant": company.tenant, "position": position}
    )
    if not created:
        return person
    permissions.grant(user, "companies.view", company)
    audit.record(
        tenant=company.tenant,
        actor=actor,
        action="company.person_linked",
        email=user.email,
        company=company.name,
    )
    return person


@transaction.atomic
def assign_consultant(*, company, consultant, actor=None):
    """A consultant follows a company: a per-object grant, visible in the audit trail."""
    if "follow_company" in get_perms(consultant, company):
        return
    permissions.grant(consultant, "companies.view", company)
    permissions.grant(consultant, "companies.follow", company)
    audit.record(
        tenant=company.tenant,
        actor=actor,
        action="company.consultant_assigned",
        email=consultant.email,
        company=company.name,
    )


# --- Enrolments ---------------------------------------------------------------------------


@transaction.atomic
def set_enrolment(*, programme, company, status, actor, on=None):
    """Enrol a company in a programme or move it along prospect → engaged → alumni.

    The dates follow the status: engaging sets the engagement date (kept if it was already
    engaged), leaving sets the departure date; a company back to engaged has it cleared.
    """
    on = on or timezone.localdate()
    enrolment = (
        Enrolment.objects.select_for_update().filter(programme=programme, company=company).first()
    )
    if enrolment is None:
        enrolment = Enrolment(
            tenant=programme.tenant, programme=programme, company=company, contacted_on=on
        )
    previous = enrolment.status
    enrolment.status = status
    if status == Enrolment.Status.ENGAGED:
        enrolment.engaged_on = enrolment.engaged_on or on
        enrolment.left_on = None
    elif status == Enrolment.Status.ALUMNI:
        enrolment.engaged_on = enrolment.engaged_on or on
        enrolment.left_on = on
    enrolment.full_clean()
    enrolment.save()
    if previous != status:
        audit.record(
            tenant=programme.tenant,
            actor=actor,
            action="enrolment.status",
            company=company.name,
            programme=programme.name,
            status=enrolment.get_status_display(),
        )
    return enrolment


# --- Charter ------------------------------------------------------------------------------


@transaction.atomic
def publish_charter_version(*, tenant, title, text, actor):
    """Publish a new charter text; every company must then sign this version again."""
    last = (
        CharterVersion.objects.filter(tenant=tenant).select_for_update().order_by("-number").first()
    )
    version = CharterVersion.objects.create(
        tenant=tenant,
        number=(last.number + 1) if last else 1,
        title=title.strip(),
        text=text.strip(),
        published_by=actor,
    )
    audit.record(tenant=tenant, actor=actor, action="charter.published", number=version.number)
    return version


SIGNING_POSITIONS = {CompanyMember.Position.LEADER, CompanyMember.Position.FOUNDER}


@transaction.atomic
def sign_charter(*, company, user):
    """A company's leader (or founder) signs the current version of the charter, once."""
    version = CharterVersion.objects.filter(tenant=company.tenant).order_by("-number").first()
    if version is None:
        raise ValidationError(_("No charter has been published yet."))
    if not CompanyMember.objects.filter(
        company=company, user=user, position__in=SIGNING_POSITIONS
    ).exists():
        raise ValidationError(_("Only the company's leader can sign the charter for it."))
    if Exclusion.objects.filter(company=company, lifted_at__isnull=True).exists():
        raise ValidationError(_("This company is excluded from the programme."))
    signature, created = CharterSignature.objects.get_or_create(
        version=version,
        company=company,
        defaults={"tenant": company.tenant, "signed_by": user},
    )
    if created:
        audit.record(
            tenant=company.tenant,
            actor=user,
            action="charter.signed",
            company=company.name,
            number=version.number,
        )
    return signature


@transaction.atomic
def exclude_company(*, company, reason, actor):
    """Exclude a company for breaking the charter; the reason stays on record."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the exclusion."))
    if Exclusion.objects.filter(company=company, lifted_at__isnull=True).exists():
        raise ValidationError(_("This company is already excluded."))
    exclusion = Exclusion.objects.create(
        tenant=company.tenant, company=company, reason=reason, decided_by=actor
    )
    audit.record(
        tenant=company.tenant, actor=actor, action="company.excluded", company=company.name
    )
    return exclusion


@transaction.atomic
def lift_exclusion(*, exclusion, actor):
    exclusion.lifted_at = timezone.now()
    exclusion.save(update_fields=["lifted_at"])
    audit.record(
        tenant=exclusion.tenant,
        actor=actor,
        action="company.exclusion_lifted",
        company=exclusion.company.name,
    )


# --- Import -------------------------------------------------------------------------------


def check_company_file(*, tenant, upload, actor):
    """Read and check an uploaded register; nothing but the check itself is saved.

    Raises ValidationError when the file as a whole is refused (type, size, no header).
    """
    from rse_platform.tenants.validators import validate_upload_size

    validate_upload_size(upload)
    try:
        rows = importing.read_rows(upload)
    except importing.FileRejected as error:
        raise ValidationError(str(error)) from error
    existing = Company.objects.filter(tenant=tenant).values_list("siret", "name")
    clean, errors = importing.check_rows(
        rows,
        existing_sirets={siret for siret, _name in existing if siret},
        existing_names={name.casefold() for _siret, name in existing},
    )
    upload.seek(0)
    return CompanyImport.objects.create(
        tenant=tenant,
        file=upload,
        original_name=upload.name[:255],
        uploaded_by=actor,
        status=CompanyImport.Status.INVALID if errors else CompanyImport.Status.READY,
        rows=clean,
        errors=errors,
    )


@transaction.atomic
def confirm_import(*, company_import, actor):
    """Write every company of a clean file, or none: checked again inside the transaction."""
    company_import = CompanyImport.objects.select_for_update().get(pk=company_import.pk)
    if company_import.status != CompanyImport.Status.READY:
        raise ValidationError(_("This file cannot be imported (it has errors or was imported)."))
    tenant = company_import.tenant
    existing = Company.objects.filter(tenant=tenant).values_list("siret", "name")
    _clean, errors = importing.check_rows(
        company_import.rows,
        existing_sirets={siret for siret, _name in existing if siret},
        existing_names={name.casefold() for _siret, name in existing},
    )
    if errors:
        raise ValidationError(_("The register changed since the check: upload the file again."))
    companies = []
    for row in company_import.rows:
        company = Company(
            tenant=tenant,
            **{
                **row,
                "annual_revenue": Decimal(row["annual_revenue"]),
                "founded_on": date.fromisoformat(row["founded_on"]) if row["founded_on"] else None,
            },
        )
        company.full_clean()
        companies.append(company)
    Company.objects.bulk_create(companies)
    company_import.status = CompanyImport.Status.DONE
    company_import.imported_at = timezone.now()
    company_import.save(update_fields=["status", "imported_at"])
    audit.record(tenant=tenant, actor=actor, action="company.imported", count=len(companies))
    return len(companies)


# --- Funder report ------------------------------------------------------------------------


def request_funder_report(*, programme, actor):
    """Queue the PDF funder report; the page polls until the worker has rendered it."""
    from .tasks import render_funder_report

    report = FunderReport.objects.create(
        tenant=programme.tenant, programme=programme, requested_by=actor
    )
    transaction.on_commit(lambda: render_funder_report.delay(programme.tenant_id, report.pk))
    return report
