from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rse_platform.tenants.models import TenantOwned


class OutgoingMail(TenantOwned):
    """The ledger of the platform's e-mails: one row per (tenant, key, address), claimed before
    the message leaves and marked sent only once the mail backend accepted it.

    The message is stored as rendered when it was claimed, so a retry sends exactly what the
    person would have received (same language, same links) without re-reading the objects it
    was about, which may have changed or gone since.
    """

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    key = models.CharField(_("key"), max_length=200)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("e-mail address"))
    template = models.CharField(_("template"), max_length=200)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    # [{"filename": …, "mimetype": …, "content": base64}], small files only (see services).
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CLAIMED
    )
    # Counted when an attempt starts, so an attempt cut short by a crash counts too.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    attempted_at = models.DateTimeField(_("last attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "key", "email"], name="one_mail_per_key_and_address"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "status"], name="mail_tenant_status")]

    def __str__(self):
        return f"{self.key} → {self.email} ({self.get_status_display()})"

    @property
    def is_sent(self):
        return self.status == self.Status.SENT
