"""Certificates: the certificate's page and its PDF, its panel on the application page, and a
wave's certificates rendered together. Every PDF is rendered on the worker (the core's
generated-document flow); a page only asks for it and shows its progress.

A certificate is seen by whoever may open its application (``labels.view_certificate``: the
programme team, the company's people); a wave's batch by the programme team.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rse_platform.files import services as file_services
from rse_platform.tenants import permissions
from rse_platform.tenants.permissions import get_visible_or_404, permission_required
from rse_platform.tenants.shortcuts import tenant_reverse
from rse_platform.web.tables import Column, Natural, Table

from .. import certificates, selectors
from ..models import Certificate, Wave


def _absolute(path):
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def _badge_url(certificate):
    return _absolute(
        reverse(
            "label_badge",
            kwargs={"tenant_slug": certificate.tenant.slug, "code": certificate.code},
        )
    )


def _certificate_facts(certificate):
    """What the page and the panel say of a certificate, beside its PDF."""
    return {
        "certificate": certificate,
        "state": selectors.certificate_state(certificate),
        "verification_url": certificates.verification_url(certificate),
        "document": certificates.latest_pdf(certificate=certificate, language=get_language()),
    }


def certificate_panel_context(request, application):
    """The context of ``labels/certificates/_certificate_panel.html`` on the application page,
    under one key (``certificate_panel``) so it cannot clash with the page's own: empty when
    the application has no certificate or the person may not see it."""
    certificate = getattr(application, "certificate", None)
    if certificate is None or not permissions.can(request, "labels.view_certificate", certificate):
        return {"certificate_panel": None}
    return {"certificate_panel": _certificate_facts(certificate)}


@require_http_methods(["GET", "POST"])
@permission_required("labels.view_certificate")
def certificate_detail(request, tenant_slug, pk):
    """GET: the certificate, its state, its PDF and its badge. POST: ask the worker for the PDF
    in the language of the person asking (htmx: answers the PDF's status partial)."""
    certificate = get_visible_or_404(
        request,
        "labels.view_certificate",
        Certificate.objects.select_related(
            "tenant", "application__company", "application__wave__label"
        ),
        pk=pk,
    )
    if request.method == "POST":
        document = certificates.request_pdf(
            certificate=certificate, user=request.user, language=get_language()
        )
        if request.htmx:
            document.refresh_from_db()  # without a broker the worker has already run
            return render(
                request,
                "labels/certificates/_pdf.html",
                {"certificate": certificate, "document": document},
            )
        return redirect(tenant_reverse(request, "certificate_detail", pk=certificate.pk))
    facts = _certificate_facts(certificate)
    badge_url = _badge_url(certificate)
    label = certificate.application.wave.label
    badge_alt = (
        " ".join(
            part
            for part in (_("Label %(label)s") % {"label": label.name}, certificate.level)
            if part
        )
        + f" — {certificate.application.company.name}"
    )
    return render(
        request,
        "labels/certificates/certificate_detail.html",
        {
            **facts,
            "application": certificate.application,
            "label": certificate.application.wave.label,
            "company": certificate.application.company,
            "badge_alt": badge_alt,
            "badge_snippet": format_html(
                '<a href="{}"><img src="{}" alt="{}"></a>',
                facts["verification_url"],
                badge_url,
                badge_alt,
            ),
            "badge_path": reverse(
                "label_badge", kwargs={"tenant_slug": tenant_slug, "code": certificate.code}
            ),
            "qr_svg": certificates.qr_svg(
                facts["verification_url"], title=_("QR code of the verification page")
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("labels.manage")
def wave_certificates(request, tenant_slug, pk):
    """The wave's certificates. POST renders them all on the worker, one PDF each in a ZIP;
    GET lists them and shows the batch's progress: the status partial polls on its own, so no
    request waits for the worker."""
    wave = get_object_or_404(
        Wave.objects.filter(tenant=request.tenant).select_related("label"), pk=pk
    )
    if request.method == "POST":
        if not certificates.wave_certificates(wave).exists():
            messages.error(request, _("This wave has no certificate yet."))
        else:
            certificates.request_wave(wave=wave, user=request.user, language=get_language())
        return redirect(tenant_reverse(request, "wave_certificates", pk=wave.pk))
    document = certificates.latest_wave(wave=wave, language=get_language())
    if document is not None:
        document = file_services.expire_if_stale(document=document)
    table = Table(
        request=request,
        queryset=Certificate.objects.filter(application__wave=wave).select_related(
            "application__company"
        ),
        columns=[
            Column("company", _("Company"), (Natural("application__company__name"),)),
            Column("level", _("Level"), ("level",)),
            Column("valid_until", _("Valid until"), ("valid_until",)),
        ],
        default="company",
        label=_("certificates"),
        target="wave-certificate-table",
    )
    for certificate in table.rows:
        certificate.state = selectors.certificate_state(certificate)
    context = {"wave": wave, "label": wave.label, "document": document, "table": table}
    if table.is_swap():
        return render(request, "labels/certificates/_wave_table.html", context)
    return render(request, "labels/certificates/wave_certificates.html", context)
