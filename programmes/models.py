from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class Company(models.Model):
    """A company taking part in a tenant's programme (the full register comes with its issue)."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="companies")
    name = models.CharField(_("legal name"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    naf_code = models.CharField(_("NAF code"), max_length=6, blank=True)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), default=0)
    annual_revenue = models.DecimalField(
        _("annual revenue (€)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

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
