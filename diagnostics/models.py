from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rse_platform.files.storage import RandomName
from rse_platform.files.validators import UploadValidator
from rse_platform.tenants.models import TenantOwned

# What a company may attach as evidence, recognised by the file's content (not its name).
EVIDENCE_KINDS = ("pdf", "png", "jpeg", "docx", "xlsx", "pptx", "odt", "ods", "odp")


class Framework(TenantOwned):
    """A self-assessment grid (référentiel) of one tenant; its content lives in versions."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="unique_framework_name")
        ]

    def __str__(self):
        return self.name


class FrameworkVersion(TenantOwned):
    """One edition of a framework. Published versions never change: answers point to them."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["framework__name", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="unique_version_number")
        ]

    def __str__(self):
        return f"{self.framework.name} v{self.number}"

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class Theme(TenantOwned):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="themes")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["version", "order", "id"]

    def __str__(self):
        return self.title


class Scale(models.TextChoices):
    POINTS = "points", _("Points (0 to maximum)")
    LETTER = "letter", _("Letter grade (A to D)")
    AGREEMENT = "agreement", _("Agreement (5 levels)")
    YES_NO = "yes_no", _("Yes / no")
    NUMBER = "number", _("Numeric indicator (not scored)")


class IsoSubject(models.TextChoices):
    GOVERNANCE = "governance", _("Organisational governance")
    HUMAN_RIGHTS = "human_rights", _("Human rights")
    LABOUR = "labour", _("Labour practices")
    ENVIRONMENT = "environment", _("The environment")
    FAIR_PRACTICES = "fair_practices", _("Fair operating practices")
    CONSUMERS = "consumers", _("Consumer issues")
    COMMUNITY = "community", _("Community involvement and development")


class Criterion(TenantOwned):
    # Denormalised from the theme so that a version's scoring is one flat query.
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="criteria")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=300)
    guidance = models.TextField(_("guidance"), blank=True)
    iso_subject = models.CharField(
        _("ISO 26000 core subject"), max_length=20, choices=IsoSubject.choices, blank=True
    )
    evidence_expected = models.CharField(_("evidence expected"), max_length=300, blank=True)
    scale = models.CharField(_("answer scale"), max_length=10, choices=Scale.choices)
    max_points = models.DecimalField(
        _("maximum points"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    # What each answer of the scale means for this criterion, in the scale's order (0 to the
    # maximum, A to D, strongly agree to strongly disagree, yes then no); "" where it has none.
    # Shown on the answer cards, so the meaning is read where it is chosen, not in a legend.
    level_texts = models.JSONField(_("level texts"), default=list, blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["theme__order", "theme_id", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale="number", max_points=0) | ~models.Q(scale="number"),
                name="numeric_indicators_do_not_score",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_scored(self):
        return self.scale != Scale.NUMBER


class Level(TenantOwned):
    """A level reached when the overall score (in %) is at least ``min_percent``."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="levels")
    name = models.CharField(_("name"), max_length=60)
    min_percent = models.DecimalField(
        _("threshold (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["version", "min_percent"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "min_percent"], name="one_level_per_threshold"
            )
        ]

    def __str__(self):
        return self.name


class Campaign(TenantOwned):
    """A framework sent by the programme team to a set of companies, with a deadline."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="campaigns"
    )
    title = models.CharField(_("title"), max_length=200)
    message = models.TextField(_("message"), blank=True)
    deadline = models.DateField(_("deadline"))
    reminder_days = models.PositiveIntegerField(_("reminder (days before the deadline)"), default=7)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-deadline", "-id"]

    def __str__(self):
        return self.title


class CampaignInvitation(TenantOwned):
    """A company invited to a campaign.

    ``sent_at`` / ``reminded_at`` are for the pages: set once the mailer holds the e-mails of the
    company's people (``notifications``); the mailer's ledger, not these dates, makes each e-mail
    leave once and retries a failed one.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="diagnostic_invitations"
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign invitation")
        verbose_name_plural = _("campaign invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "company"], name="one_invitation_per_company"
            )
        ]

    def __str__(self):
        return f"{self.campaign} → {self.company}"


class Diagnostic(TenantOwned):
    """A company's self-assessment against one framework version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="diagnostics"
    )
    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="diagnostics"
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="diagnostics"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Snapshot taken at submission so that benchmarks read one column, not every answer.
    overall_percent = models.DecimalField(
        _("overall score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    level = models.CharField(_("level"), max_length=60, blank=True)
    review_note = models.TextField(_("review"), blank=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-started_at", "-id"]
        # The lists read a tenant's (or a company's) latest self-assessments, and by status.
        indexes = [
            models.Index(
                fields=["tenant", "company", "-started_at"], name="diagnostic_company_recent"
            ),
            models.Index(fields=["tenant", "-started_at"], name="diagnostic_tenant_recent"),
            models.Index(fields=["tenant", "status"], name="diagnostic_tenant_status"),
            # The reviews to do, oldest submission first: read in order, stopped at the cap.
            models.Index(
                fields=["tenant", "status", "submitted_at", "id"], name="diagnostic_submitted"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False),
                name="submitted_diagnostics_have_a_date",
            )
        ]

    def __str__(self):
        return f"{self.company} — {self.version}"

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED


class Answer(TenantOwned):
    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="answers")
    choice = models.CharField(_("answer"), max_length=20, blank=True)
    # Points derived from the choice when it is given; the version is immutable, so they stay true.
    points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    number = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    # Said explicitly by the company: the criterion leaves the maximum of its theme and of the
    # total, and counts as done for submission. It never carries an answer at the same time.
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.FileField(
        _("evidence"),
        upload_to=RandomName("diagnostics/evidence"),
        validators=[UploadValidator(kinds=EVIDENCE_KINDS)],
        blank=True,
    )
    # The name the person gave the file, for the download; the stored name is random.
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    consultant_note = models.TextField(_("consultant's note"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["diagnostic", "criterion"], name="one_answer_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(not_applicable=False)
                | models.Q(choice="", number__isnull=True, points__isnull=True),
                name="not_applicable_answers_are_blank",
            ),
        ]

    def __str__(self):
        return f"{self.diagnostic} · {self.criterion}"

    @property
    def is_answered(self):
        return bool(self.choice) or self.number is not None

    @property
    def is_complete(self):
        """Answered or marked not applicable: nothing left to do on this criterion."""
        return self.is_answered or self.not_applicable
