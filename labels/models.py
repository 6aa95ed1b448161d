"""Labels: their definition (référentiel, eligibility, scored parts, decision rule, validity), the
waves a company applies in, the application's workflow and history, the customer survey, the audit,
the independent jury, the decisions and the certificates.

A label's grid is a diagnostics framework version, kept as an id and read through the core
registry: this app does not import diagnostics. Eligibility conditions ("signed the charter") are
registry keys too. Every row belongs to a tenant; a certificate's code is unique across them all
(the public verification page looks it up without a tenant).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rse_platform.files.storage import RandomName
from rse_platform.files.validators import UploadValidator
from rse_platform.tenants.models import TenantOwned

SCORE = {"max_digits": 7, "decimal_places": 2}


class Label(TenantOwned):
    """A label the programme awards (6PL, ENR, ECORIDE), configured by its managers."""

    class Body(models.TextChoices):
        JURY = "jury", _("Independent jury")
        EXTERNAL = "external", _("External certification body")

    class Rule(models.TextChoices):
        THRESHOLD = "threshold", _("A total above a threshold")
        LEVELS = "levels", _("Levels from minimum totals")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    body = models.CharField(_("awarded by"), max_length=10, choices=Body.choices)
    validity_months = models.PositiveSmallIntegerField(
        _("validity (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("24 for two years, 36 for three."),
    )
    # The grid (a diagnostics framework version) of the self-assessment, the campaign and the
    # jury's scoring; and the optional grid of the customer survey. Ids read through the registry.
    framework_version_id = models.PositiveBigIntegerField(_("grid"))
    customer_framework_version_id = models.PositiveBigIntegerField(
        _("customer survey grid"), null=True, blank=True
    )
    # Keys of ``registry.eligibility_conditions()`` ("charter_signed"…); NAF code prefixes
    # ("52.1", "49.41"); communes of the territory. An empty list does not restrict.
    eligibility_conditions = models.JSONField(_("conditions"), default=list, blank=True)
    eligible_naf_prefixes = models.JSONField(_("activities (NAF)"), default=list, blank=True)
    eligible_communes = models.JSONField(_("territory (communes)"), default=list, blank=True)
    # The steps of the label's process, in order ("Registration and self-assessment"…).
    steps = models.JSONField(_("steps"), default=list, blank=True)
    decision = models.CharField(_("decision rule"), max_length=10, choices=Rule.choices)
    # Granted when the total is strictly above it (ENR: "supérieur à 120 points").
    threshold = models.DecimalField(_("threshold"), null=True, blank=True, **SCORE)
    # [{"name": "Gold", "min": "80"}, …] from the highest level to the lowest (mins as strings).
    levels = models.JSONField(_("levels"), default=list, blank=True)
    jurors_per_application = models.PositiveSmallIntegerField(
        _("jurors per application"), default=3, validators=[MinValueValidator(1)]
    )
    archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "slug"], name="unique_label_slug"),
            models.CheckConstraint(
                condition=models.Q(threshold__isnull=True) | models.Q(threshold__gte=0),
                name="label_threshold_not_negative",
            ),
        ]

    def __str__(self):
        return self.name


class ScoredPart(TenantOwned):
    """A part of the evaluation with its maximum: the dossier, the audit, the customer survey…"""

    class Source(models.TextChoices):
        JURY = "jury", _("Scored by the jurors")
        AUDIT = "audit", _("Scored by the auditor")
        CUSTOMER_SURVEY = "customer_survey", _("Customer survey")

    label = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="parts")
    name = models.CharField(_("name"), max_length=120)
    maximum = models.DecimalField(_("maximum"), **SCORE)
    source = models.CharField(_("scored by"), max_length=16, choices=Source.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("scored part")
        verbose_name_plural = _("scored parts")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(maximum__gt=0), name="part_maximum_positive"),
            models.UniqueConstraint(fields=["label", "name"], name="unique_part_name"),
        ]

    def __str__(self):
        return self.name


class Wave(TenantOwned):
    """A labelling session: its application window and its jury date (its status comes from the
    dates, ``selectors.wave_status``)."""

    label = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="waves")
    name = models.CharField(_("name"), max_length=120)
    opens_on = models.DateField(_("applications open on"))
    closes_on = models.DateField(_("applications close on"))
    jury_on = models.DateField(_("jury on"), null=True, blank=True)

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="waves_close_after_they_open",
            )
        ]

    def __str__(self):
        return f"{self.label} — {self.name}"


class Application(TenantOwned):
    """A company's application in a wave, from its draft to its certificate (or its refusal)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ELIGIBILITY_CHECKED = "eligibility_checked", _("Eligibility checked")
        AUDIT = "audit", _("Audit")
        JURY = "jury", _("Jury")
        DECIDED = "decided", _("Decided")
        CERTIFIED = "certified", _("Certified")
        EXPIRED = "expired", _("Expired")
        RENEWED = "renewed", _("Renewed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="applications")
    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="label_applications"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # The submitted self-assessment on the label's grid, as the registry describes it.
    assessment_id = models.PositiveBigIntegerField(null=True, blank=True)
    assessment_label = models.CharField(_("self-assessment"), max_length=255, blank=True)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("renewal of"),
    )
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auditor"),
    )
    # The decision in force; earlier ones stay, superseded (``Decision.supersedes``).
    decision = models.ForeignKey(
        "Decision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    total = models.DecimalField(_("total"), null=True, blank=True, **SCORE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("score_application", "Can score the label application (juror)"),
            ("audit_application", "Can audit the label application (auditor)"),
        ]
        indexes = [models.Index(fields=["tenant", "status"], name="application_status")]
        constraints = [
            models.UniqueConstraint(fields=["wave", "company"], name="one_application_per_wave")
        ]

    def __str__(self):
        return f"{self.company} — {self.wave}"


class Transition(TenantOwned):
    """One step of an application's history: who moved it, from where to where, when and why.
    Never edited."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=20, choices=Application.Status.choices)
    to_status = models.CharField(max_length=20, choices=Application.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["at", "id"]


EVIDENCE_KINDS = ("pdf", "png", "jpeg", "docx", "xlsx", "pptx", "odt", "ods", "odp")


class Evidence(TenantOwned):
    """A document supporting the application. A renewal starts with references to the previous
    application's documents (``carried_from``), not copies of the files."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(
        _("file"),
        upload_to=RandomName("labels"),
        validators=[UploadValidator(kinds=EVIDENCE_KINDS)],
        blank=True,
    )
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]


class AuditReport(TenantOwned):
    """The external auditor's score of the application (at most the audit part's maximum)."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="audit_report"
    )
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("score"), validators=[MinValueValidator(Decimal("0"))], **SCORE)
    report = models.TextField(_("report"))
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("audit report")
        verbose_name_plural = _("audit reports")


class CustomerInvitation(TenantOwned):
    """A customer asked to answer the survey, through a link carrying an unguessable token."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="customer_invitations"
    )
    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("customer invitation")
        verbose_name_plural = _("customer invitations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "email"], name="one_invitation_per_customer"
            )
        ]


class CustomerAnswer(TenantOwned):
    """A customer's answers and their score out of 100. The company never sees it alone: only
    the response rate and the mean score (``selectors.survey_summary``)."""

    invitation = models.OneToOneField(
        CustomerInvitation, on_delete=models.CASCADE, related_name="answer"
    )
    answers = models.JSONField(default=dict)
    score = models.DecimalField(
        _("score (/100)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=100),
                name="customer_score_out_of_100",
            )
        ]


class JurorAssignment(TenantOwned):
    """A juror assigned to an application. ``submitted_at``: they submitted their scores (and
    may now see the others'); ``conflict_at``: they declared a conflict after submitting, so
    their scores no longer count and they see none."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="label_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    conflict_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("juror assignment")
        verbose_name_plural = _("juror assignments")
        ordering = ["assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "juror"], name="one_assignment_each")
        ]


class ConflictDeclaration(TenantOwned):
    """A juror's conflict of interest with a company, for one wave."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="conflicts")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("note"), max_length=255, blank=True)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "juror", "company"], name="one_conflict_declaration"
            )
        ]


class ConflictCheck(TenantOwned):
    """A juror confirmed they went through the wave's applicants and declared their conflicts.
    It opens the scoring of the assignments made until then; one made later asks again (the
    applicants may have grown)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="conflict_checks")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("conflict check")
        verbose_name_plural = _("conflict checks")
        constraints = [
            models.UniqueConstraint(fields=["wave", "juror"], name="one_conflict_check_each")
        ]


class JuryScore(TenantOwned):
    """A juror's score of one jury part. ``version`` grows at each save: a save that expected
    another version is refused (two tabs of the same juror never overwrite each other)."""

    assignment = models.ForeignKey(JurorAssignment, on_delete=models.CASCADE, related_name="scores")
    part = models.ForeignKey(ScoredPart, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("score"), validators=[MinValueValidator(Decimal("0"))], **SCORE)
    comment = models.TextField(_("comment"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("jury score")
        verbose_name_plural = _("jury scores")
        ordering = ["part__order", "part_id", "assignment_id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "part"], name="one_score_per_part")
        ]


class ScoreAmendment(TenantOwned):
    """A submitted score changed afterwards, with its reason: the history keeps both values."""

    score = models.ForeignKey(JuryScore, on_delete=models.CASCADE, related_name="amendments")
    previous_value = models.DecimalField(**SCORE)
    new_value = models.DecimalField(**SCORE)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="amendments_have_a_reason")
        ]


class Decision(TenantOwned):
    """A published decision on an application; never edited. A correction is a new decision
    that ``supersedes`` it, and the application points to the one in force."""

    class Outcome(models.TextChoices):
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")
        DEFERRED = "deferred", _("Deferred")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    level = models.CharField(_("level"), max_length=60, blank=True)
    total = models.DecimalField(_("total"), **SCORE)
    # The figures the total was computed from, as they were: {"parts": [{name, source, value}]}.
    breakdown = models.JSONField(default=dict, blank=True)
    # What the jury said in deliberation (the minutes), beside the rationale that is published.
    deliberation = models.TextField(_("deliberation"), blank=True)
    rationale = models.TextField(_("rationale"))
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(rationale=""), name="decisions_have_a_rationale"
            )
        ]


class Certificate(TenantOwned):
    """The certificate of a granted application: an unguessable code, unique across tenants,
    checked on the public verification page; valid from ``issued_on`` to ``valid_until``."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(max_length=16, unique=True)
    level = models.CharField(_("level"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["tenant", "valid_until"], name="certificate_validity")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gt=models.F("issued_on")),
                name="certificates_end_after_issue",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdrawn_reason=""),
                name="withdrawals_have_a_reason",
            ),
        ]

    def __str__(self):
        return self.display_code

    @property
    def display_code(self):
        """The code in groups of four, easier to read out and to type: ``K7QM-2XWD-9HTB``."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))
