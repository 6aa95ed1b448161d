"""State changes of the programmes app: enrolments, the charter, the programme itself."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import CompanyMember
from companies.services import ensure_in_good_standing
from rse_platform.tenants import audit

from . import selectors
from .models import CharterSignature, CharterVersion, Enrolment, Funder, FunderReport

# --- Programmes ----------------------------------------------------------------------------


@transaction.atomic
def save_programme(*, programme, changed, removed, actor):
    """Save a programme with its funders and budget lines (``changed`` rows are new or edited,
    ``removed`` rows go), all or nothing; the trail keeps who saved it.

    Rule: the funders' co-funding shares add up to 100 % at most.
    """
    kept = [item for item in changed if isinstance(item, Funder)]
    unchanged = Funder.objects.none()
    if programme.pk:
        unchanged = Funder.objects.filter(programme=programme).exclude(
            pk__in=[item.pk for item in [*kept, *removed] if isinstance(item, Funder) and item.pk]
        )
    total = sum(item.share or 0 for item in kept) + sum(unchanged.values_list("share", flat=True))
    if total > 100:
        raise ValidationError(_("The funders' shares add up to more than 100 %."), code="shares")
    programme.save()
    for item in changed:
        item.tenant_id = programme.tenant_id
        item.programme = programme
        item.save()
    for item in removed:
        item.delete()
    audit.record(
        tenant=programme.tenant, actor=actor, action="programme.saved", programme=programme.name
    )
    return programme


# --- Enrolments ---------------------------------------------------------------------------


@transaction.atomic
def set_enrolment(*, programme, company, status, actor, on=None):
    """Enrol a company in a programme or move it along prospect → engaged → alumni.

    The dates follow the status: engaging sets the engagement date (kept if it was already
    engaged), leaving sets the departure date; a company back to engaged has it cleared.
    Becoming engaged is refused to an excluded company and, when the programme makes the charter
    a condition (``charter_required``), to a company that has not signed its current version.
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
    if status == Enrolment.Status.ENGAGED and previous != Enrolment.Status.ENGAGED:
        ensure_in_good_standing(company=company)
        if programme.charter_required:
            _ensure_charter_signed(programme=programme, company=company)
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


def _ensure_charter_signed(*, programme, company):
    """The "refus d'adhésion": no engagement without the signature of the current charter."""
    version = CharterVersion.objects.filter(tenant=programme.tenant).order_by("-number").first()
    if version is None:
        raise ValidationError(
            _(
                "%(programme)s requires the charter to be signed before a company is engaged, "
                "and no charter is published yet."
            )
            % {"programme": programme.name},
            code="charter_missing",
        )
    if not CharterSignature.objects.filter(version=version, company=company).exists():
        raise ValidationError(
            _(
                "%(company)s has not signed version %(number)s of the charter: its leader must "
                "sign it before the company is engaged in %(programme)s."
            )
            % {"company": company.name, "number": version.number, "programme": programme.name},
            code="charter_unsigned",
        )


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
    ensure_in_good_standing(company=company)
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


# --- Funder report ------------------------------------------------------------------------


def open_funder_report(*, programme, year, today=None):
    """The programme's funder report for ``year``, created the first time it is asked for (the
    subject of the PDFs rendered for that year).

    Rule: a report covers a year from the programme's start to the current one.
    """
    if year not in selectors.report_years(programme=programme, today=today):
        raise ValidationError(
            _("Choose a year between %(first)s and %(last)s.")
            % {"first": programme.start_year, "last": (today or timezone.localdate()).year},
            code="report_year",
        )
    report, _created = FunderReport.objects.get_or_create(
        programme=programme, year=year, defaults={"tenant_id": programme.tenant_id}
    )
    return report
