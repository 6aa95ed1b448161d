from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rse_platform.tenants.models import TenantOwned

from .storage import RandomName


class GeneratedDocument(TenantOwned):
    """A document rendered on the worker (a report, a certificate) for one subject row.

    Its ``kind`` names a renderer registered in ``rse_platform.files.documents``; whoever may see
    the subject with the kind's permission may follow and download it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being generated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.PENDING, Status.RUNNING)

    kind = models.CharField(_("kind"), max_length=80)
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField(db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to=RandomName("generated"), blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=10, default="fr")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="document_progress_percent"
            ),
            # The same person asking twice for the same document while it renders gets one job.
            models.UniqueConstraint(
                fields=["tenant", "kind", "subject_type", "subject_id", "language", "requested_by"],
                condition=Q(status__in=["pending", "running"]),
                name="one_active_document_request",
            ),
        ]

    def __str__(self):
        return f"{self.label} #{self.pk} ({self.get_status_display()})"

    @property
    def label(self):
        from . import documents

        spec = documents.find(self.kind)
        return spec.label if spec else self.kind

    @property
    def is_active(self):
        return self.status in self.ACTIVE
