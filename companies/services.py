"""State changes of the company register: companies, people, consultants, exclusions, imports."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rse_platform.files.storage import display_name
from rse_platform.files.validators import check_upload
from rse_platform.tenants import audit, permissions
from rse_platform.tenants import selectors as tenant_selectors
from rse_platform.tenants.models import Membership
from rse_platform.tenants.roles import Role

from . import importing
from .models import IMPORT_KINDS, Company, CompanyImport, CompanyMember, Exclusion

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
    """Attach a person holding the company-member role to their company; they may then open it
    (and only it) for as long as they keep that role."""
    if not Membership.objects.filter(tenant=company.tenant, user=user, role=Role.MEMBER).exists():
        raise ValidationError(_("Only a person with the company-member role can be linked."))
    person, created = CompanyMember.objects.update_or_create(
        company=company, user=user, defaults={"tenant": company.tenant, "position": position}
    )
    if not created:
        return person
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
    """A consultant follows a company: a per-object grant, visible in the audit trail.

    Only a person holding the consultant role may be assigned; the grant is trusted only while
    they keep that role and is revoked when it ends.
    """
    consultants = tenant_selectors.people_with_role(tenant=company.tenant, role=Role.CONSULTANT)
    if not consultants.filter(pk=consultant.pk).exists():
        raise ValidationError(_("Only a person with the consultant role can follow a company."))
    if permissions.has_grant(consultant, "companies.follow", company):
        return
    permissions.grant(consultant, "companies.follow", company)
    audit.record(
        tenant=company.tenant,
        actor=actor,
        action="company.consultant_assigned",
        email=consultant.email,
        company=company.name,
    )


@transaction.atomic
def unassign_consultant(*, company, consultant, actor=None):
    """The consultant stops following the company: the grant goes, the trail keeps the trace."""
    if not permissions.has_grant(consultant, "companies.follow", company):
        return
    permissions.revoke(consultant, "companies.follow", company)
    audit.record(
        tenant=company.tenant,
        actor=actor,
        action="company.consultant_unassigned",
        email=consultant.email,
        company=company.name,
    )


# --- Exclusion ---------------------------------------------------------------------------


def ensure_in_good_standing(*, company):
    """Refuse, with the reason, what an excluded company may not do: join a club, register to an
    event, start a diagnostic, answer a campaign. Lifting the exclusion restores it all."""
    exclusion = Exclusion.objects.filter(company=company, lifted_at__isnull=True).first()
    if exclusion is not None:
        raise ValidationError(
            _("%(company)s was excluded from the programme on %(date)s: %(reason)s")
            % {
                "company": company.name,
                "date": date_format(timezone.localtime(exclusion.decided_at), "SHORT_DATE_FORMAT"),
                "reason": exclusion.reason,
            },
            code="excluded",
        )


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

    The upload is recognised by its content (CSV or XLSX, within the size limit, no zip bomb)
    before any line is read. Raises ValidationError when the file as a whole is refused.
    """
    kind = check_upload(upload, kinds=IMPORT_KINDS)
    try:
        rows = importing.read_rows(upload, kind=kind)
    except importing.FileRejected as error:
        raise ValidationError(str(error), code="rejected") from error
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
        original_name=display_name(upload.name),
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


BULK_LIMIT = 100  # a page of the register at its largest size


class BulkRefused(ValidationError):
    """A bulk action one or more ticked companies cannot take: ``refusals`` names each one."""

    def __init__(self, refusals):
        self.refusals = refusals
        super().__init__([f"{company.name}: {message}" for company, message in refusals])


def apply_bulk_action(*, action, companies, value, actor):
    """Apply a register bulk action (``registry.CompanyBulkAction``) to ``companies``.

    All or nothing, like an import: every company is tried inside one transaction, and if any
    refuses, nothing is written and each refusal is reported (``BulkRefused``). At most
    ``BULK_LIMIT`` companies, so the request stays short.
    """
    companies = list(companies)
    if not companies:
        raise ValidationError(_("Tick at least one company."))
    if len(companies) > BULK_LIMIT:
        raise ValidationError(_("At most %(limit)s companies at once.") % {"limit": BULK_LIMIT})
    if value not in {choice for choice, _label in action.choices(companies[0].tenant)}:
        raise ValidationError(_("Choose what to apply it to."))
    refusals = []
    with transaction.atomic():
        for company in companies:
            try:
                with transaction.atomic():
                    action.apply(company=company, value=value, actor=actor)
            except ValidationError as error:
                refusals.append((company, " ".join(error.messages)))
        if refusals:
            transaction.set_rollback(True)
    if refusals:
        raise BulkRefused(refusals)
    return len(companies)
