"""The certificates' documents, rendered on the worker by the core's generated-document flow
(``rse_platform.files.documents``; the kinds are registered in ``contributions``):

- one certificate's PDF (``CERTIFICATE``, about the Certificate): the tenant, the label and its
  level, the company, the validity dates, the code in groups of four and a QR code leading to
  the public verification page; in the language of the person who asked;
- a wave's certificates (``WAVE_CERTIFICATES``, about the Wave): every standing certificate of
  the wave rendered by the same function, one PDF each, handed over as one ZIP file, with the
  progress reported certificate by certificate.

The QR code is drawn here as SVG (``qrcode``'s matrix, no image library, no network) and
inlined in the HTML WeasyPrint renders.
"""

import base64
import io
import mimetypes
import zipfile

import qrcode
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rse_platform.files import selectors as files
from rse_platform.files import services as file_services
from rse_platform.files.documents import RenderError

from . import selectors
from .models import Certificate

CERTIFICATE = "labels.certificate"
CERTIFICATE_LABEL = gettext_lazy("Certificate (PDF)")
WAVE_CERTIFICATES = "labels.wave_certificates"
WAVE_CERTIFICATES_LABEL = gettext_lazy("The wave's certificates (ZIP of PDFs)")


# --- The verification address and its QR code --------------------------------------------------


def verification_url(certificate):
    """The public page that says whether the certificate holds (printed, and in the QR code)."""
    path = reverse("certificate_verify", kwargs={"code": certificate.code})
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def qr_svg(data, *, title=""):
    """``data`` as an inline SVG QR code: one path of dark modules, a quiet zone of 4, black on
    white whatever the page's colours (a phone must read it printed in grey too)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start},{y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    label = f'role="img" aria-label="{escape(title)}"' if title else 'aria-hidden="true"'
    return (
        f'<svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges" {label}>'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )


# --- One certificate ----------------------------------------------------------------------------


def _certificate(pk):
    return Certificate.objects.select_related(
        "tenant", "application__company", "application__wave__label"
    ).get(pk=pk)


def _logo_data_uri(tenant):
    """The tenant's logo inlined (the worker has no session to fetch it through its view)."""
    if not tenant.logo:
        return ""
    try:
        with tenant.logo.open("rb") as stream:
            content = stream.read()
    except OSError:  # a logo file gone from the storage: the name alone will do
        return ""
    mimetype = mimetypes.guess_type(tenant.logo.name)[0] or "image/png"
    return f"data:{mimetype};base64,{base64.b64encode(content).decode()}"


def certificate_context(certificate, *, logo=None):
    """What the certificate shows, the same on paper and on its page."""
    url = verification_url(certificate)
    return {
        "certificate": certificate,
        "tenant": certificate.tenant,
        "label": certificate.application.wave.label,
        "company": certificate.application.company,
        "state": selectors.certificate_state(certificate),
        "verification_url": url,
        "qr_svg": qr_svg(url),
        "logo": _logo_data_uri(certificate.tenant) if logo is None else logo,
    }


def certificate_html(certificate, *, language, logo=None):
    return render_to_string(
        "labels/certificates/reports/certificate.html",
        {**certificate_context(certificate, logo=logo), "language": language},
    )


def certificate_pdf(certificate, *, language, logo=None):
    """The certificate's PDF bytes (WeasyPrint), in the active language."""
    from weasyprint import HTML  # heavy: loaded on the worker only

    html = certificate_html(certificate, language=language, logo=logo)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def certificate_filename(certificate):
    label = slugify(certificate.application.wave.label.slug or certificate.application.wave.label)
    company = slugify(certificate.application.company.name) or "entreprise"
    return f"certificat-{label}-{company}-{certificate.display_code}.pdf"


def render_certificate(document, certificate, progress):
    """The ``CERTIFICATE`` renderer: the flow already switched to ``document.language``."""
    certificate = _certificate(certificate.pk)
    progress(20)
    pdf = certificate_pdf(certificate, language=document.language)
    return pdf, certificate_filename(certificate)


# --- A wave's certificates ----------------------------------------------------------------------


def wave_certificates(wave):
    """The wave's standing certificates (not withdrawn), by company name."""
    return (
        Certificate.objects.filter(application__wave=wave, withdrawn_at__isnull=True)
        .select_related("tenant", "application__company", "application__wave__label")
        .order_by("application__company__name", "pk")
    )


def wave_zip(certificates, *, language, progress=lambda percent: None):
    """One PDF per certificate, in a ZIP (stored, not deflated: PDFs are compressed already)."""
    logo = _logo_data_uri(certificates[0].tenant) if certificates else ""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for done, certificate in enumerate(certificates, start=1):
            pdf = certificate_pdf(certificate, language=language, logo=logo)
            archive.writestr(certificate_filename(certificate), pdf)
            progress(done * 99 // len(certificates))
    return buffer.getvalue()


def render_wave_certificates(document, wave, progress):
    """The ``WAVE_CERTIFICATES`` renderer: every standing certificate of the wave, one PDF each,
    in one ZIP; the progress moves after each certificate."""
    certificates = list(wave_certificates(wave))
    if not certificates:
        raise RenderError(_("This wave has no certificate yet."))
    content = wave_zip(certificates, language=document.language, progress=progress)
    stamp = timezone.localdate().isoformat()
    name = slugify(f"{wave.label.slug}-{wave.name}") or "vague"
    return content, f"certificats-{name}-{stamp}.zip"


# --- Asking for them and finding the last one ---------------------------------------------------


def request_pdf(*, certificate, user, language):
    """The certificate's PDF, rendered on the worker (one job per person and language)."""
    return file_services.request_document(
        kind=CERTIFICATE, subject=certificate, user=user, language=language
    )


def latest_pdf(*, certificate, language):
    return files.latest_document(kind=CERTIFICATE, subject=certificate, language=language)


def request_wave(*, wave, user, language):
    return file_services.request_document(
        kind=WAVE_CERTIFICATES, subject=wave, user=user, language=language
    )


def latest_wave(*, wave, language=None):
    return files.latest_document(kind=WAVE_CERTIFICATES, subject=wave, language=language)
