"""The network's knowledge: the competence taxonomy, the people and companies who chose to appear
in the directory (and what each shows), good practices, consultants and support requests, the
service exchange, the resource library and the watch.

Each person decides what the directory shows of them (``Profile``: appearing at all, position,
photo, e-mail, phone); each company decides whether it appears (``CompanyListing``). The selectors
and the search read these choices and never return a hidden field. This app does not import the
clubs or the self-assessments: it reads them through the core registry.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rse_platform.files.storage import RandomName
from rse_platform.files.validators import UploadValidator
from rse_platform.tenants.models import TenantOwned

PHOTO_KINDS = ("png", "jpeg", "webp")
PHOTO_MAX_BYTES = 2 * 1024 * 1024
DOCUMENT_KINDS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "png", "jpeg")
NEWS_BODY_MAX = 1000

validate_phone = RegexValidator(
    r"^\+?[0-9 .()-]{6,25}$", _("Enter a phone number: digits, spaces, dots or dashes.")
)


class Competence(TenantOwned):
    """A competence of the tenant's taxonomy (GPEC, energy efficiency, ISO 14001…), which the
    programme team maintains and people, companies and consultants declare."""

    name = models.CharField(_("name"), max_length=120)
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    archived = models.BooleanField(
        _("archived"),
        default=False,
        help_text=_("No longer offered; those who declared it keep it."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["order", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                models.F("tenant"), Lower("name"), name="unique_competence_name"
            )
        ]

    def __str__(self):
        return self.name


class Profile(TenantOwned):
    """A person's entry in the directory and what it shows. Nothing appears until the person
    chooses to be listed; then their name and headline, and each field they chose to show."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_profiles"
    )
    listed = models.BooleanField(_("appear in the directory"), default=False)
    show_position = models.BooleanField(_("show my position and company"), default=True)
    show_photo = models.BooleanField(_("show my photo"), default=False)
    show_email = models.BooleanField(_("show my e-mail address"), default=False)
    show_phone = models.BooleanField(_("show my phone number"), default=False)
    show_clubs = models.BooleanField(_("show the clubs I belong to"), default=False)
    photo = models.ImageField(
        _("photo"),
        upload_to=RandomName("directory/photos"),
        blank=True,
        validators=[UploadValidator(kinds=PHOTO_KINDS, max_bytes=PHOTO_MAX_BYTES)],
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    headline = models.CharField(
        _("headline"),
        max_length=200,
        blank=True,
        help_text=_("What you can help others with, in a sentence."),
    )
    competences = models.ManyToManyField(
        Competence, blank=True, related_name="profiles", verbose_name=_("competences")
    )
    wants_watch_digest = models.BooleanField(_("receive the weekly CSR watch"), default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("directory profile")
        verbose_name_plural = _("directory profiles")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="one_profile_per_tenant")
        ]

    def __str__(self):
        return str(self.user)


class CompanyListing(TenantOwned):
    """What a company chooses to show in the directory: whether it appears, a description and
    its competences (its name, activity, commune and size come from the register)."""

    company = models.OneToOneField(
        "companies.Company", on_delete=models.CASCADE, related_name="directory_listing"
    )
    listed = models.BooleanField(_("appear in the directory"), default=False)
    description = models.TextField(_("what we do and share"), blank=True)
    competences = models.ManyToManyField(
        Competence, blank=True, related_name="companies", verbose_name=_("competences")
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("company listing")
        verbose_name_plural = _("company listings")

    def __str__(self):
        return str(self.company)


class Practice(TenantOwned):
    """A good practice a company shares: its context, what was done and its results with their
    figures. Its people publish it; the programme team may feature a published one."""

    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    context = models.TextField(_("context"), blank=True)
    what_was_done = models.TextField(_("what was done"))
    results = models.TextField(_("results"), blank=True)
    figures = models.TextField(
        _("figures"), blank=True, help_text=_("The results in figures: tonnes, kWh, euros, days…")
    )
    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="directory_practices"
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact"),
    )
    published = models.BooleanField(_("visible to the members"), default=False)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    featured = models.BooleanField(_("featured"), default=False)
    featured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    featured_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-featured", "-published_at", "-id"]
        indexes = [
            models.Index(fields=["tenant", "published", "-published_at"], name="practice_published")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(featured=False) | models.Q(published=True),
                name="only_published_practices_are_featured",
            ),
            models.CheckConstraint(
                condition=models.Q(published=False) | models.Q(published_at__isnull=False),
                name="published_practices_have_a_date",
            ),
        ]

    def __str__(self):
        return self.title


class PracticeDocument(TenantOwned):
    """A document of a good practice (a procedure, a photo, a results sheet)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(
        _("file"),
        upload_to=RandomName("directory/practices"),
        validators=[UploadValidator(kinds=DOCUMENT_KINDS)],
    )
    name = models.CharField(_("name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("practice document")
        verbose_name_plural = _("practice documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name


class ConsultantProfile(TenantOwned):
    """A consultant's entry in the consultant directory: expertise, references, competences and,
    when they agree, the companies they follow."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultant_profiles"
    )
    expertise = models.TextField(_("expertise"))
    references = models.TextField(_("references"), blank=True)
    competences = models.ManyToManyField(
        Competence, blank=True, related_name="consultants", verbose_name=_("competences")
    )
    show_followed_companies = models.BooleanField(_("show the companies I follow"), default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consultant profile")
        verbose_name_plural = _("consultant profiles")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="one_consultant_profile")
        ]

    def __str__(self):
        return str(self.user)


class SupportRequest(TenantOwned):
    """A company asks for support on a problem nobody in the network met yet: the programme team
    turns it into a consultant's mission, or declines it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CONVERTED = "converted", _("Mission opened")
        DECLINED = "declined", _("Declined")

    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="support_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consultant"),
    )
    message = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    reply = models.TextField(_("reply"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tenant", "status"], name="support_request_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", handled_at__isnull=True)
                | (~models.Q(status="open") & models.Q(handled_at__isnull=False)),
                name="handled_support_requests_have_a_date",
            )
        ]

    def __str__(self):
        return f"{self.company} — {self.created_at:%Y-%m-%d}"


class Offer(TenantOwned):
    """A non-market offer or request between member companies (lend a room, share a training,
    review a tender answer), from its publication until it is done or withdrawn."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("Offer")
        REQUEST = "request", _("Request")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="directory_offers"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)

    CLOSED = (Status.DONE, Status.WITHDRAWN)

    class Meta:
        verbose_name = _("exchange offer")
        verbose_name_plural = _("exchange offers")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["tenant", "status", "-created_at"], name="offer_status"),
            models.Index(fields=["tenant", "status", "closed_at"], name="offer_closed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "in_progress"], closed_at__isnull=True)
                | models.Q(status__in=["done", "withdrawn"], closed_at__isnull=False),
                name="closed_offers_have_a_date",
            )
        ]

    def __str__(self):
        return self.title


class OfferAnswer(TenantOwned):
    """A company's answer to an offer or request; the author of the offer accepts one."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="answers")
    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(_("message"))
    accepted = models.BooleanField(_("accepted"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "company"], name="one_answer_per_company"),
            models.UniqueConstraint(
                fields=["offer"], condition=models.Q(accepted=True), name="one_accepted_answer"
            ),
        ]

    def __str__(self):
        return f"{self.company} → {self.offer}"


class Thanks(TenantOwned):
    """Thanks one party of an exchange records to the other: the trust the exchange runs on."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="thanks")
    from_company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="+"
    )
    to_company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(_("message"))
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("thanks")
        verbose_name_plural = _("thanks")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "from_company"], name="thanks_once_per_side"),
            models.CheckConstraint(
                condition=~models.Q(from_company=models.F("to_company")),
                name="thanks_go_to_the_other_company",
            ),
        ]

    def __str__(self):
        return f"{self.from_company} → {self.to_company}"


class Resource(TenantOwned):
    """A resource of the library: a good-practice sheet ("fiche réflexe") at one of two reading
    levels, a method booklet, the charter, a document or a link. A file is served through the
    protected file flow; a link points elsewhere."""

    class Kind(models.TextChoices):
        PRACTICE_SHEET = "practice_sheet", _("Good-practice sheet")
        METHOD_BOOKLET = "method_booklet", _("Method booklet")
        CHARTER = "charter", _("Charter")
        DOCUMENT = "document", _("Document")
        LINK = "link", _("Web link")

    class Level(models.TextChoices):
        # The two reading levels of the PIL'ES manual of good practices.
        ESSENTIAL = "essential", _("Essentials")
        IN_DEPTH = "in_depth", _("In depth")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    level = models.CharField(
        _("reading level"), max_length=10, choices=Level.choices, default=Level.ESSENTIAL
    )
    file = models.FileField(
        _("file"),
        upload_to=RandomName("directory/resources"),
        validators=[UploadValidator(kinds=DOCUMENT_KINDS)],
        blank=True,
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    url = models.URLField(_("address (link)"), max_length=500, blank=True)
    published = models.BooleanField(_("visible to the members"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["theme", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url=""))
                | (~models.Q(file="") & models.Q(url="")),
                name="resource_is_a_file_or_a_link",
            )
        ]

    def __str__(self):
        return self.title


class NewsItem(TenantOwned):
    """A short news item of the CSR watch, with its theme and source; members who opt in get the
    week's items in a digest."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), validators=[MaxLengthValidator(NEWS_BODY_MAX)])
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    source_name = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published on"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["tenant", "-published_at"], name="news_recent")]

    def __str__(self):
        return self.title
