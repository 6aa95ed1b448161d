"""Action plans (priority themes, indicators, actions) and the consultant missions that follow them.

A plan belongs to one company and may start from a submitted self-assessment (read through the
core registry: this app does not import diagnostics). A mission puts a consultant beside a company
for a number of co-funded days; its meetings consume them.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rse_platform.files.storage import RandomName
from rse_platform.files.validators import UploadValidator
from rse_platform.tenants.models import TenantOwned

DAYS = {"max_digits": 5, "decimal_places": 1}
MONEY = {"max_digits": 12, "decimal_places": 2}
FIGURE = {"max_digits": 14, "decimal_places": 2}


class PlanSettings(TenantOwned):
    """A tenant's choices for its plans: how many priority themes a plan may have."""

    max_priority_themes = models.PositiveSmallIntegerField(
        _("priority themes per plan"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("The programme's plans focus on at most this many themes."),
    )

    class Meta:
        verbose_name = _("action plan settings")
        verbose_name_plural = _("action plan settings")
        constraints = [models.UniqueConstraint(fields=["tenant"], name="one_plan_settings")]


class ActionType(TenantOwned):
    """The kinds of action a programme reports on (mobility plan, circular economy…)."""

    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        verbose_name = _("action type")
        verbose_name_plural = _("action types")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="unique_action_type_name")
        ]

    def __str__(self):
        return self.name


class Plan(TenantOwned):
    """A company's action plan, from its start to its final review."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("In progress")
        CLOSED = "closed", _("Closed")

    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="action_plans"
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    horizon_months = models.PositiveSmallIntegerField(
        _("horizon (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("6 months, 3 years (36)…"),
    )
    # Names of themes of the tenant's grids ("axes prioritaires"); at most
    # ``PlanSettings.max_priority_themes`` of them (checked by the services).
    priority_themes = models.JSONField(_("priority themes"), default=list, blank=True)
    # The submitted self-assessment the plan starts from, as the registry describes it: its id
    # and a label kept as it was ("Grille RSE 2025 — 12/03/2026, 48,5 %").
    source_assessment_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_label = models.CharField(_("starting point"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    activated_at = models.DateTimeField(_("started at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["tenant", "company", "-created_at"], name="plan_company_recent"),
            models.Index(fields=["tenant", "status"], name="plan_tenant_status"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plan_detail", kwargs={"tenant_slug": self.tenant.slug, "pk": self.pk})

    @property
    def ends_on(self):
        from dateutil.relativedelta import relativedelta

        return self.starts_on + relativedelta(months=self.horizon_months)


class Indicator(TenantOwned):
    """An objective measured by a figure: where the company starts, where it wants to go."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    label = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    baseline = models.DecimalField(_("starting value"), null=True, blank=True, **FIGURE)
    baseline_on = models.DateField(_("measured on"), null=True, blank=True)
    target = models.DecimalField(_("target"), null=True, blank=True, **FIGURE)
    target_on = models.DateField(_("target date"), null=True, blank=True)
    # The self-assessment criterion whose answer gave the baseline, when one did.
    source_criterion_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["id"]

    def __str__(self):
        return self.label


class Measurement(TenantOwned):
    """One dated value of an indicator; the series is drawn against the target."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), **FIGURE)
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["measured_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"], name="one_measurement_a_day"
            )
        ]


class Action(TenantOwned):
    """One thing the company commits to do, with an owner, a deadline and a status."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        ABANDONED = "abandoned", _("Abandoned")

    class Priority(models.IntegerChoices):
        HIGH = 1, _("High")
        MEDIUM = 2, _("Medium")
        LOW = 3, _("Low")

    OPEN = (Status.PLANNED, Status.IN_PROGRESS)

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    criterion = models.CharField(_("criterion"), max_length=500, blank=True)
    source_criterion_id = models.PositiveBigIntegerField(null=True, blank=True)
    action_type = models.ForeignKey(
        ActionType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("type"),
    )
    owner = models.ForeignKey(
        "companies.CompanyMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("owner"),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    abandon_reason = models.TextField(_("reason for abandoning"), blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    # Order of the card within its column of the board.
    position = models.PositiveIntegerField(default=0)
    completed_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["tenant", "status", "due_on"], name="action_status_due"),
            models.Index(fields=["plan", "status", "position"], name="action_board_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="abandoned") | ~models.Q(abandon_reason=""),
                name="abandoned_actions_have_a_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="action_progress_at_most_100"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status in self.OPEN


class ActionComment(TenantOwned):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]


ATTACHMENT_KINDS = ("pdf", "png", "jpeg", "docx", "xlsx", "pptx", "odt", "ods", "odp")


class ActionAttachment(TenantOwned):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"),
        upload_to=RandomName("action_plans"),
        validators=[UploadValidator(kinds=ATTACHMENT_KINDS)],
    )
    name = models.CharField(_("name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]


class Review(TenantOwned):
    """A milestone review of a plan, or its final review ("bilan") that closes it."""

    class Kind(models.TextChoices):
        MILESTONE = "milestone", _("Milestone review")
        FINAL = "final", _("Final review")

    class Outcome(models.TextChoices):
        POSITIVE = "positive", _("Positive: objectives reached")
        PARTIAL = "partial", _("Partly reached")
        NEGATIVE = "negative", _("Not reached")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("held on"), default=timezone.localdate)
    summary = models.TextField(_("what was done"), blank=True)
    conclusion = models.TextField(_("consultant's conclusion"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    # A self-assessment submitted since the plan started, compared with the starting one.
    comparison_assessment_id = models.PositiveBigIntegerField(null=True, blank=True)
    comparison_label = models.CharField(max_length=255, blank=True)
    # Figures as they were on the day of the review (the report stays true afterwards).
    snapshot = models.JSONField(default=dict, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["held_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=models.Q(kind="final"), name="one_final_review"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="final") | ~models.Q(outcome=""),
                name="final_reviews_have_an_outcome",
            ),
        ]


class Mission(TenantOwned):
    """A consultant's co-funded days beside one company, from a start to an end."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In progress")
        ENDED = "ended", _("Ended")

    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="missions"
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="missions",
        verbose_name=_("consultant"),
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="missions",
        verbose_name=_("action plan"),
    )
    title = models.CharField(_("title"), max_length=200)
    allocated_days = models.DecimalField(
        _("allocated days"), validators=[MinValueValidator(Decimal("0.5"))], **DAYS
    )
    daily_rate = models.DecimalField(
        _("daily rate (€ excl. VAT)"), validators=[MinValueValidator(Decimal("0"))], **MONEY
    )
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["tenant", "status"], name="mission_tenant_status"),
            models.Index(fields=["consultant", "status"], name="mission_consultant_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="missions_end_after_they_start",
            )
        ]

    def __str__(self):
        return self.title


class MissionFunding(TenantOwned):
    """A funder's share of a mission's cost (50 % Région…); the company pays the rest."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="fundings")
    funder = models.CharField(_("funder"), max_length=200)
    share = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        ordering = ["-share", "funder"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "funder"], name="one_share_per_funder")
        ]


class Meeting(TenantOwned):
    """A follow-up meeting of a mission: the days it takes count against the allocation."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("held on"))
    days = models.DecimalField(
        _("days spent"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("In days or half-days: 0.5, 1, 1.5…"),
    )
    attendees = models.TextField(_("attendees"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    # Recorded although it took the mission past its allocated days (the person confirmed).
    over_budget = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["mission", "-held_on"], name="meeting_mission_recent")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(days__gte=Decimal("0.5")), name="meetings_take_half_a_day"
            )
        ]
