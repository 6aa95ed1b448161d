from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rse_platform.files.storage import RandomName
from rse_platform.files.validators import UploadValidator
from rse_platform.tenants.models import TenantOwned


class Programme(TenantOwned):
    """A support programme a tenant runs, with its objectives and funding."""

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
    charter_required = models.BooleanField(
        _("signing the charter is a condition of engagement"),
        default=False,
        help_text=_(
            "A company becomes engaged only once its leader has signed the current version of "
            "the charter."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_year", "name"]

    def __str__(self):
        return self.name


class Funder(TenantOwned):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="funders")
    name = models.CharField(_("funder"), max_length=200)
    share = models.DecimalField(
        _("co-funding share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    # Shown on the funder report (PDF): funders expect their logo on what they co-fund.
    logo = models.ImageField(
        _("logo"),
        upload_to=RandomName("programmes/funders"),
        blank=True,
        validators=[UploadValidator(kinds=["png", "jpeg", "webp"])],
        help_text=_("PNG, JPEG or WebP; printed on the funder report."),
    )

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["-share", "name"]

    def __str__(self):
        return f"{self.name} ({self.share} %)"


class BudgetLine(TenantOwned):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    label = models.CharField(_("budget line"), max_length=200)
    amount = models.DecimalField(
        _("amount (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["-year", "label"]

    def __str__(self):
        return f"{self.year} — {self.label}"


class FunderReport(TenantOwned):
    """The funder report of one programme for one reporting year (1 January to 31 December):
    the subject of the PDF the worker renders, so each year has its own documents."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="funder_reports"
    )
    year = models.PositiveSmallIntegerField(
        _("reporting year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )

    class Meta:
        verbose_name = _("funder report")
        verbose_name_plural = _("funder reports")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="one_funder_report_a_year"),
        ]

    def __str__(self):
        return f"{self.programme} — {self.year}"


class Enrolment(TenantOwned):
    """A company's place in a programme: prospect, then engaged, then alumni."""

    class Status(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        ENGAGED = "engaged", _("Engaged")
        ALUMNI = "alumni", _("Alumni")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="enrolments")
    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    contacted_on = models.DateField(_("first contact"), default=timezone.localdate)
    engaged_on = models.DateField(_("engaged on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        indexes = [models.Index(fields=["programme", "status"], name="enrolment_programme_status")]
        constraints = [
            models.UniqueConstraint(fields=["programme", "company"], name="one_enrolment"),
        ]

    def __str__(self):
        return f"{self.company} — {self.programme} ({self.get_status_display()})"


class CharterVersion(TenantOwned):
    """One published text of the tenant's values charter; never edited once published."""

    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published on"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("charter version")
        verbose_name_plural = _("charter versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="one_charter_number"),
        ]

    def __str__(self):
        return f"{self.title} (v{self.number})"


class CharterSignature(TenantOwned):
    version = models.ForeignKey(CharterVersion, on_delete=models.PROTECT, related_name="signatures")
    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="signatures"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed on"), default=timezone.now)

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
