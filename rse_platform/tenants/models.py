from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager, get_scope

from rse_platform.files.storage import RandomName
from rse_platform.files.validators import UploadValidator

from . import branding, generations
from .roles import Role
from .validators import validate_accent_colour, validate_tenant_slug


class Tenant(models.Model):
    """A cluster, pôle or collectivité running its own CSR programme on the platform."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("Business cluster")
        COMPETITIVENESS_POLE = "pole", _("Competitiveness pole")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        FEDERATION = "federation", _("Federation")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("address"),
        max_length=60,
        unique=True,
        validators=[validate_tenant_slug],
        help_text=_("Used in the platform's addresses: /<address>/…"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    territory = models.CharField(_("territory"), max_length=200, blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to=RandomName("tenants/logos"),
        blank=True,
        validators=[UploadValidator(kinds=["png", "jpeg", "webp"])],
        help_text=_("PNG, JPEG or WebP; shown in the header to the people of the organisation."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default=branding.DEFAULT_ACCENT,
        validators=[validate_accent_colour],
        help_text=_(
            "Buttons, links and the header's mark take this colour, so that people who work "
            "for several organisations always see where they are."
        ),
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("tenant")
        verbose_name_plural = _("tenants")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def initials(self):
        """Up to three capitals of the name's main words: the mark shown when there is no logo
        (« Communauté de communes Pévèle Carembault » → « CPC »)."""
        words = [word for word in self.name.replace("-", " ").split() if word[:1].isupper()]
        return "".join(word[0] for word in words[:3]) or self.name[:2].upper()

    @property
    def branding_version(self):
        """Changes whenever the accent or the logo does: busts the cached theme and logo."""
        return branding.version(self.accent_colour, self.logo.name if self.logo else "")


class TenantQuerySet(models.QuerySet):
    """The queryset of every tenant-owned model: writes that send no signal (``update()``, and so
    ``bulk_update()``; ``bulk_create()``) still move the tenant's generation on, so what the home
    keeps from the tenant's rows never outlives a write (``generations``)."""

    def update(self, **kwargs):
        tenant_ids = self._written_tenant_ids()
        updated = super().update(**kwargs)
        if updated:
            for tenant_id in tenant_ids:
                generations.bump(tenant_id)
        return updated

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        for tenant_id in {obj.tenant_id for obj in created}:
            generations.bump(tenant_id)
        return created

    bulk_create.alters_data = True

    def _written_tenant_ids(self):
        """The tenant in scope, or (scopes disabled: a task, a command) the tenants of the rows."""
        scope = get_scope()
        current = scope.get("tenant") if scope.get("_enabled", True) else None
        if isinstance(current, Tenant):
            return {current.pk}
        if isinstance(current, int):
            return {current}
        return set(self.order_by().values_list("tenant_id", flat=True).distinct())


def tenant_manager():
    """The manager of a tenant-owned model: refuses to query outside ``scope(tenant=…)``
    (django-scopes), so no code path can forget the tenant filter; writes through
    ``TenantQuerySet``."""
    return ScopedManager(
        _manager_class=models.Manager.from_queryset(TenantQuerySet), tenant="tenant"
    )


class TenantOwned(models.Model):
    """Base of every tenant-owned row: a tenant foreign key and the tenant manager."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")

    objects = tenant_manager()

    class Meta:
        abstract = True


class Membership(models.Model):
    """A person's role in a tenant. No membership, no access: the tenant answers 404."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("member since"), default=timezone.now)

    objects = tenant_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["tenant__name", "user__last_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="one_role_per_tenant"),
        ]

    def __str__(self):
        return f"{self.user} — {self.tenant} ({self.get_role_display()})"


class Invitation(models.Model):
    """An e-mail invitation to join a tenant with a role; its link lets the person sign up."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    token = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(max_length=10, default="fr")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = tenant_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.tenant}"

    @property
    def is_open(self):
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class AuditEntry(models.Model):
    """Who changed what, and when, in a tenant: the trail managers read on their home page."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=60)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = tenant_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-id"]
        # The home page and the dashboard read a tenant's most recent rows, in this ordering.
        indexes = [
            models.Index(fields=["tenant", "-created_at", "-id"], name="audit_tenant_recent")
        ]

    def __str__(self):
        from .audit import describe

        return str(describe(self))
