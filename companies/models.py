"""The register every domain shares: companies, their people and positions, exclusions, imports.

Domain apps (programmes, clubs, diagnostics and those to come) depend on this kernel and on the
platform core; who may see which company is decided by the core's permission layer
(``companies.view``: managers everywhere, consultants through their assignment, company people on
their own company).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rse_platform.files.storage import RandomName
from rse_platform.files.validators import UploadValidator
from rse_platform.tenants.models import TenantOwned

from .siret import siren_of, validate_naf, validate_siret


class SizeBand(models.TextChoices):
    """Headcount bands used by the clubs' audiences (TPE, 10–40, > 40 …)."""

    MICRO = "micro", _("Under 10 (TPE)")
    SMALL = "small", _("10 to 40")
    MEDIUM = "medium", _("41 to 249")
    LARGE = "large", _("250 and more")

    @classmethod
    def of(cls, headcount):
        if headcount < 10:
            return cls.MICRO
        if headcount <= 40:
            return cls.SMALL
        if headcount < 250:
            return cls.MEDIUM
        return cls.LARGE


class Company(TenantOwned):
    """A company of the tenant's register."""

    name = models.CharField(_("legal name"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    naf_code = models.CharField(_("NAF code"), max_length=6, blank=True, validators=[validate_naf])
    sector = models.CharField(_("activity"), max_length=120, blank=True)
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), default=0)
    annual_revenue = models.DecimalField(
        _("annual revenue (€)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    is_project = models.BooleanField(
        _("project stage"),
        default=False,
        help_text=_("A founder's project, not incorporated yet (no SIRET)."),
    )
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("A French postcode has five digits."))],
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("registered on"), default=timezone.now)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        permissions = [("follow_company", _("Can follow the company as its consultant"))]
        # The register lists a tenant's companies by name.
        indexes = [models.Index(fields=["tenant", "name"], name="company_tenant_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "siret"],
                condition=~models.Q(siret=""),
                name="unique_siret_per_tenant",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def siren(self):
        return siren_of(self.siret)

    @property
    def size_band(self):
        return SizeBand.of(self.headcount)


class CompanyMember(TenantOwned):
    """A person of a company: the account through which a company member acts."""

    class Position(models.TextChoices):
        LEADER = "leader", _("Leader")
        MANAGER = "manager", _("Manager")
        FOUNDER = "founder", _("Founder")
        EMPLOYEE = "employee", _("Employee")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_positions"
    )
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)

    class Meta:
        verbose_name = _("company member")
        verbose_name_plural = _("company members")
        constraints = [
            models.UniqueConstraint(fields=["company", "user"], name="one_position_per_company")
        ]

    def __str__(self):
        return f"{self.user} — {self.company}"


class Exclusion(TenantOwned):
    """A company excluded from the network for breaking the charter; the reason is kept.

    While it is active the company leaves the engaged figures and may not join a club, register
    to an event, start a diagnostic or answer a campaign (``services.ensure_in_good_standing``).
    """

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="exclusions")
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided on"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("exclusion")
        verbose_name_plural = _("exclusions")
        ordering = ["-decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["company"],
                condition=models.Q(lifted_at__isnull=True),
                name="one_active_exclusion",
            )
        ]

    def __str__(self):
        return f"{self.company} ({self.decided_at:%Y-%m-%d})"


IMPORT_KINDS = ("csv", "xlsx")


class CompanyImport(TenantOwned):
    """An uploaded register file, checked row by row before anything is written.

    The file is kept under a random name (its content checked as CSV or XLSX); the name the
    manager gave it is ``original_name``. No page links it: the checked rows are what is shown.
    """

    class Status(models.TextChoices):
        INVALID = "invalid", _("Has errors")
        READY = "ready", _("Ready to import")
        DONE = "done", _("Imported")

    file = models.FileField(
        _("file"),
        upload_to=RandomName("imports"),
        validators=[UploadValidator(kinds=IMPORT_KINDS)],
    )
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices)
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.original_name
