"""Clubs, their members, events, registrations, attendance, surveys, documents and feeds."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import CompanyMember
from rse_platform.files.storage import RandomName
from rse_platform.files.validators import UploadValidator
from rse_platform.tenants.models import TenantOwned


def new_token():
    return secrets.token_urlsafe(32)


class Club(TenantOwned):
    """A small network of peers meeting regularly (or a cohort following a fixed module)."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Club meeting regularly")
        COHORT = "cohort", _("Cohort module")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    description = models.TextField(_("description"), blank=True)
    # Values of ``CompanyMember.Position``: the positions in a company the club is meant for.
    positions = models.JSONField(
        _("people it is meant for"),
        default=list,
        blank=True,
        help_text=_("Empty: anybody of a company in the programme."),
    )
    min_headcount = models.PositiveIntegerField(_("minimum headcount"), null=True, blank=True)
    max_headcount = models.PositiveIntegerField(_("maximum headcount"), null=True, blank=True)
    sector = models.CharField(
        _("sector"), max_length=120, blank=True, help_text=_("Empty: every sector.")
    )
    # The planned cadence, compared with the meetings held this year (``selectors.cadence_of``).
    meetings_per_year = models.PositiveSmallIntegerField(
        _("meetings a year"), null=True, blank=True
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # A cohort module's planned days (9 for the Créateurs Durables): each participant's days
    # attended are counted out of it (``selectors.completion``).
    planned_sessions = models.PositiveSmallIntegerField(
        _("planned sessions"), null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("club")
        verbose_name_plural = _("clubs")
        ordering = ["name"]
        permissions = [("facilitate_club", _("Can facilitate the club's events"))]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="unique_club_name"),
            models.CheckConstraint(
                condition=models.Q(min_headcount__isnull=True)
                | models.Q(max_headcount__isnull=True)
                | models.Q(min_headcount__lte=models.F("max_headcount")),
                name="club_headcount_range",
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(starts_on__lte=models.F("ends_on")),
                name="club_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if (
            self.min_headcount is not None
            and self.max_headcount is not None
            and self.min_headcount > self.max_headcount
        ):
            errors["max_headcount"] = _("The maximum headcount is below the minimum.")
        if self.kind == self.Kind.COHORT and not (self.starts_on and self.ends_on):
            errors["ends_on"] = _("A cohort module needs a start and an end date.")
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            errors["ends_on"] = _("The module ends before it starts.")
        unknown = set(self.positions or []) - set(CompanyMember.Position.values)
        if unknown:
            errors["positions"] = _("Unknown position.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_cohort(self):
        return self.kind == self.Kind.COHORT

    def position_labels(self):
        return [CompanyMember.Position(value).label for value in self.positions or []]


class ClubMember(TenantOwned):
    """A person in a club; a person who asked to join waits for a manager's answer."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Asked to join")
        ACTIVE = "active", _("Member")

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="club_memberships"
    )
    company = models.ForeignKey(
        "companies.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("club member")
        verbose_name_plural = _("club members")
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["club", "user"], name="one_club_membership"),
        ]

    def __str__(self):
        return f"{self.user} — {self.club}"


class Event(TenantOwned):
    """A visit, workshop or collective time of a club or of the whole programme."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Company visit")
        WORKSHOP = "workshop", _("Workshop")
        COLLECTIVE = "collective", _("Collective session")
        THEMATIC_DAY = "thematic_day", _("Thematic day")
        MODULE_DAY = "module_day", _("Module day")

    class Audience(models.TextChoices):
        CLUB = "club", _("Club members")
        PROGRAMME = "programme", _("The whole programme")
        OPEN = "open", _("Open to everyone")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    club = models.ForeignKey(
        Club,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("club"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    host_company = models.ForeignKey(
        "companies.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("host company"),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.CLUB
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["club", "starts_at"], name="event_club_starts_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(audience="club") | models.Q(club__isnull=False),
                name="club_audience_needs_a_club",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("event_detail", kwargs={"tenant_slug": self.tenant.slug, "pk": self.pk})

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The event ends before it starts.")
        if (
            self.registration_deadline
            and self.starts_at
            and (self.registration_deadline > self.starts_at)
        ):
            errors["registration_deadline"] = _("Registrations must close before the event starts.")
        if self.audience == self.Audience.CLUB and self.club_id is None:
            errors["audience"] = _("Choose a club, or open the event to the whole programme.")
        if self.kind == self.Kind.VISIT and self.host_company_id is None:
            errors["host_company"] = _("A company visit needs a host company.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def seats_left(self):
        """Free seats, from the ``seats_taken`` annotation of the selectors (no query)."""
        if self.capacity is None:
            return None
        return max(self.capacity - getattr(self, "seats_taken", 0), 0)

    def has_started(self, now=None):
        return self.starts_at <= (now or timezone.now())

    def has_ended(self, now=None):
        return self.ends_at <= (now or timezone.now())

    def registration_open(self, now=None):
        now = now or timezone.now()
        if not self.is_published or self.has_started(now):
            return False
        return self.registration_deadline is None or now <= self.registration_deadline


class Registration(TenantOwned):
    """A person's seat (or place on the waiting list) at an event, and whether they came.

    "Excused" (excusé·e) is a person who said, with a reason, that they cannot come: before the
    event themselves, or at the check-in through the programme team. They are counted apart from
    the no-shows (a seat whose holder did not come nor warn: ``attended`` False).
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        EXCUSED = "excused", _("Excused")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    company = models.ForeignKey(
        "companies.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    # Incremented each time a cancelled registration is taken up again: the confirmation and
    # promotion e-mails are sent once per round, the reminders once per person and event.
    round = models.PositiveIntegerField(default=1)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    excuse = models.TextField(_("reason for the absence"), blank=True)
    excused_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "pk"]
        indexes = [models.Index(fields=["event", "status"], name="registration_event_status")]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_event"),
            models.CheckConstraint(
                condition=models.Q(attended__isnull=True) | models.Q(status="confirmed"),
                name="attendance_only_for_seats",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="excused") | ~models.Q(excuse=""),
                name="an_excuse_has_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.event}"


class SurveyAnswer(TenantOwned):
    """A participant's satisfaction after an event: 1 to 5 and a comment."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="survey_answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(
        _("satisfaction"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_answer_per_event"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="rating_from_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.event}: {self.rating}/5"


class EventTopic(TenantOwned):
    """A topic treated at an event; the competence directory lists them."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="topics")
    label = models.CharField(_("topic"), max_length=200)

    class Meta:
        verbose_name = _("topic treated")
        verbose_name_plural = _("topics treated")
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["event", "label"], name="one_topic_per_event"),
        ]

    def __str__(self):
        return self.label


DOCUMENT_KINDS = ("pdf", "pptx", "docx", "xlsx", "odt", "odp", "ods", "png", "jpeg")


class EventDocument(TenantOwned):
    """A document shared before (programme, slides) or after (minutes) an event."""

    class Phase(models.TextChoices):
        BEFORE = "before", _("Before the event")
        AFTER = "after", _("After the event")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    phase = models.CharField(_("shared"), max_length=10, choices=Phase.choices)
    title = models.CharField(_("title"), max_length=200)
    # Stored under a random name; it leaves only through the event's document view, after the
    # check that the person may see the event.
    file = models.FileField(
        _("file"),
        upload_to=RandomName("clubs/documents"),
        validators=[UploadValidator(kinds=DOCUMENT_KINDS)],
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["phase", "uploaded_at"]

    def __str__(self):
        return self.title


class CalendarFeed(TenantOwned):
    """A person's private iCalendar address in one tenant: their own events, or one club's.

    One token per person (and club) rather than one per club: each request is answered for the
    token's owner as they stand now (account open, role held, still in the club), and a person
    can change their own address without changing anyone else's.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    club = models.ForeignKey(
        Club, on_delete=models.CASCADE, null=True, blank=True, related_name="feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user"],
                condition=models.Q(club__isnull=True),
                name="one_personal_feed_per_person",
            ),
            models.UniqueConstraint(
                fields=["tenant", "user", "club"],
                condition=models.Q(club__isnull=False),
                name="one_club_feed_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.club or self.tenant_id})"
