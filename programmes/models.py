from decimal import Decimal

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from rse_platform.tenants.validators import validate_upload_size

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


class Company(models.Model):
    """A company of the tenant's register."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="companies")
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
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("registered on"), default=timezone.now)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        permissions = [("follow_company", _("Can follow the company as its consultant"))]
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


class CompanyMember(models.Model):
    """A person of a company: the account through which a company member acts."""

    class Position(models.TextChoices):
        LEADER = "leader", _("Leader")
        MANAGER = "manager", _("Manager")
        FOUNDER = "founder", _("Founder")
        EMPLOYEE = "employee", _("Employee")

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_positions"
    )
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("company member")
        verbose_name_plural = _("company members")
        constraints = [
            models.UniqueConstraint(fields=["company", "user"], name="one_position_per_company")
        ]

    def __str__(self):
        return f"{self.user} — {self.company}"


class Programme(models.Model):
    """A support programme a tenant runs, with its objectives and funding."""

    tenant = models.ForeignKey(
        "tenants.Tenant", on_delete=models.CASCADE, related_name="programmes"
    )
    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(
        _("start year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    description = models.TextField(_("description"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    target_companies = models.PositiveIntegerField(
        _("target of engaged companies"), null=True, blank=True
    )
    territory_private_employees = models.PositiveIntegerField(
        _("private-sector employees of the territory"),
        null=True,
        blank=True,
        help_text=_("Used to compute the share of the territory's employees reached."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_year", "name"]

    def __str__(self):
        return self.name


class Funder(models.Model):
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="funders")
    name = models.CharField(_("funder"), max_length=200)
    share = models.DecimalField(
        _("co-funding share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["-share", "name"]

    def __str__(self):
        return f"{self.name} ({self.share} %)"


class BudgetLine(models.Model):
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    label = models.CharField(_("budget line"), max_length=200)
    amount = models.DecimalField(
        _("amount (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["-year", "label"]

    def __str__(self):
        return f"{self.year} — {self.label}"


class Enrolment(models.Model):
    """A company's place in a programme: prospect, then engaged, then alumni."""

    class Status(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        ENGAGED = "engaged", _("Engaged")
        ALUMNI = "alumni", _("Alumni")

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="enrolments")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    contacted_on = models.DateField(_("first contact"), default=timezone.localdate)
    engaged_on = models.DateField(_("engaged on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["programme", "company"], name="one_enrolment"),
        ]

    def __str__(self):
        return f"{self.company} — {self.programme} ({self.get_status_display()})"


class CharterVersion(models.Model):
    """One published text of the tenant's values charter; never edited once published."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published on"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("charter version")
        verbose_name_plural = _("charter versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="one_charter_number"),
        ]

    def __str__(self):
        return f"{self.title} (v{self.number})"


class CharterSignature(models.Model):
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(CharterVersion, on_delete=models.PROTECT, related_name="signatures")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="signatures")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed on"), default=timezone.now)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("charter signature")
        verbose_name_plural = _("charter signatures")
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "company"], name="one_signature_per_version"
            ),
        ]

    def __str__(self):
        return f"{self.company} — v{self.version.number}"


class Exclusion(models.Model):
    """A company excluded for breaking the charter; the reason is kept."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="exclusions")
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided on"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted on"), null=True, blank=True)

    objects = ScopedManager(tenant="tenant")

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


class CompanyImport(models.Model):
    """An uploaded register file, checked row by row before anything is written."""

    class Status(models.TextChoices):
        INVALID = "invalid", _("Has errors")
        READY = "ready", _("Ready to import")
        DONE = "done", _("Imported")

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    file = models.FileField(
        _("file"),
        upload_to="imports/%Y/%m/",
        validators=[FileExtensionValidator(["csv", "xlsx"]), validate_upload_size],
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

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.original_name


class FunderReport(models.Model):
    """A funder report PDF rendered in the background."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    file = models.FileField(upload_to="reports/%Y/", blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    failed = models.BooleanField(default=False)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.programme} ({self.requested_at:%Y-%m-%d})"
