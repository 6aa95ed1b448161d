"""The certificate's PDF (WeasyPrint on the worker, through the core's generated-document flow),
the certificate's page and its panel, and a wave's certificates rendered together with their
progress. A certificate is seen by the programme team and the company's people only."""

import html
import io
import re
import zipfile
import zlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import scopes_disabled

from labels import certificates
from labels.models import Application
from labels.tests import factories
from labels.tests.test_views_public import certificate_of
from labels.views.certificates import certificate_panel_context
from rse_platform.files import rendering
from rse_platform.files.models import GeneratedDocument
from rse_platform.tenants.models import Membership
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db


HTMX = {"HX-Request": "true"}


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def pdf_metadata(pdf):
    """The PDF's document information (title, author, subject) without a PDF library: WeasyPrint
    writes it as UTF-16 hex strings, in the file or in one of its compressed object streams."""
    chunks = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            continue
    found = {}
    for chunk in chunks:
        for key, value in re.findall(rb"/(Title|Author|Subject) <([0-9a-fA-F]+)>", chunk):
            found[key.decode()] = bytes.fromhex(value.decode()).decode("utf-16")
    return found


@pytest.fixture
def label(tenant, manager, in_scope):
    with in_scope(tenant):
        return factories.ecoride(tenant, manager)


@pytest.fixture
def certificate(tenant, company, label, leader, in_scope):
    with in_scope(tenant):
        return certificate_of(company, label, code="K7QM2XWD9HTB", level="Gold")


# --- The PDF ------------------------------------------------------------------------------------


def test_the_pdf_carries_the_code_company_label_and_tenant(certificate, tenant, in_scope):
    with in_scope(tenant):
        certificate = certificates._certificate(certificate.pk)
        pdf = certificates.certificate_pdf(certificate, language="en")
    assert pdf.startswith(b"%PDF")
    metadata = pdf_metadata(pdf)
    assert "Numérique Responsable SA" in metadata["Title"]
    assert "K7QM-2XWD-9HTB" in metadata["Title"]
    assert metadata["Author"] == "Pévèle Carembault"
    assert "ECORIDE Gold" in metadata["Subject"]


def _page_count(pdf):
    """Its ``/Type /Page`` objects, also inside the compressed object streams."""
    page = re.compile(rb"/Type\s*/Page\b")
    count = len(page.findall(pdf))
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            count += len(page.findall(zlib.decompress(stream)))
        except zlib.error:
            continue
    return count


def test_a_long_name_still_fits_on_one_page(tenant, label, in_scope):
    with in_scope(tenant):
        company = CompanyFactory(
            tenant=tenant,
            name="Société Coopérative d'Intérêt Collectif des Transports et de la Logistique "
            "Durable de la Vallée de la Seine et de ses Affluents",
        )
        certificate = certificate_of(company, label, code="LONGNAME2345", level="Silver")
        pdf = certificates.certificate_pdf(certificates._certificate(certificate.pk), language="fr")
    assert _page_count(pdf) == 1


def test_the_certificate_says_what_it_certifies(certificate, tenant, in_scope, settings):
    settings.PUBLIC_BASE_URL = "https://rse.example.org"
    with in_scope(tenant):
        certificate = certificates._certificate(certificate.pk)
        html = certificates.certificate_html(certificate, language="en")
    assert "Label ECORIDE" in html and "Level: Gold" in html
    assert "Numérique Responsable SA" in html and "Pévèle Carembault" in html
    assert "K7QM-2XWD-9HTB" in html
    assert "https://rse.example.org/verify/K7QM2XWD9HTB/" in html
    start = certificate.issued_on.strftime("%-d %B %Y")
    end = certificate.valid_until.strftime("%-d %B %Y")
    assert f"Valid from {start} to {end}" in html
    assert '<svg class="qr-code"' in html  # inline, nothing fetched


def test_the_certificate_speaks_the_documents_language(certificate, tenant, in_scope):
    from django.utils import translation

    with in_scope(tenant), translation.override("fr"):
        html = certificates.certificate_html(
            certificates._certificate(certificate.pk), language="fr"
        )
    assert '<html lang="fr">' in html
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août"]
    months += ["septembre", "octobre", "novembre", "décembre"]
    assert months[certificate.valid_until.month - 1] in html


def test_the_qr_code_is_the_verification_address():
    import qrcode

    svg = certificates.qr_svg("https://rse.example.org/verify/K7QM2XWD9HTB/")
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data("https://rse.example.org/verify/K7QM2XWD9HTB/")
    code.make(fit=True)
    matrix = code.get_matrix()
    dark = sum(sum(row) for row in matrix)
    drawn = sum(int(width) for width in re.findall(r"M\d+,\d+h(\d+)", svg))
    assert drawn == dark
    assert f'viewBox="0 0 {len(matrix)} {len(matrix)}"' in svg


def test_a_logo_is_inlined(certificate, tenant, in_scope):
    from django.core.files.base import ContentFile

    from tests.conftest import PNG

    tenant.logo.save("logo.png", ContentFile(PNG))
    with in_scope(tenant):
        html = certificates.certificate_html(
            certificates._certificate(certificate.pk), language="en"
        )
    assert 'src="data:image/png;base64,' in html


# --- The certificate's page and its PDF through the flow ----------------------------------------


def test_the_company_asks_for_its_pdf_and_downloads_it(
    client, tenant, certificate, leader, in_scope, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("certificate_detail", tenant, pk=certificate.pk), headers=HTMX)
    assert response.status_code == 200
    assert 'data-testid="document-status"' in response.content.decode()
    with in_scope(tenant):
        document = GeneratedDocument.objects.get()
    assert (document.kind, document.subject_id, document.status, document.language) == (
        "labels.certificate",
        certificate.pk,
        "ready",
        "fr",
    )
    assert document.filename == "certificat-ecoride-numerique-responsable-sa-K7QM-2XWD-9HTB.pdf"
    response = client.get(url("document_download", tenant, pk=document.pk))
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content)
    assert "K7QM-2XWD-9HTB" in pdf_metadata(pdf)["Title"]
    page = client.get(url("certificate_detail", tenant, pk=certificate.pk)).content.decode()
    assert url("document_download", tenant, pk=document.pk) in page


def test_the_certificates_page_shows_its_state_link_and_badge(
    client, tenant, certificate, manager, settings
):
    settings.PUBLIC_BASE_URL = "https://rse.example.org"
    client.force_login(manager)
    response = client.get(url("certificate_detail", tenant, pk=certificate.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="certificate-state">Valide<' in page
    assert 'href="https://rse.example.org/verify/K7QM2XWD9HTB/"' in page
    assert 'data-testid="request-certificate-pdf"' in page  # no PDF yet
    snippet = (
        "&lt;a href=&quot;https://rse.example.org/verify/K7QM2XWD9HTB/&quot;&gt;&lt;img src="
        "&quot;https://rse.example.org/pevele-test/labelled/K7QM2XWD9HTB.svg&quot;"
    )
    assert snippet in page
    assert url("application_detail", tenant, pk=certificate.application_id) in page


def test_a_withdrawn_certificates_page_says_why(client, tenant, certificate, manager, in_scope):
    from labels import services

    with in_scope(tenant):
        services.withdraw_certificate(
            certificate=certificate, reason="Charte non respectée", actor=manager
        )
    client.force_login(manager)
    page = client.get(url("certificate_detail", tenant, pk=certificate.pk)).content.decode()
    assert "Retiré" in page and "Charte non respectée" in page


def test_a_certificate_is_seen_by_its_company_and_the_programme_team_only(
    client, tenant, other_tenant, make_person, certificate, in_scope
):
    path = url("certificate_detail", tenant, pk=certificate.pk)
    with in_scope(tenant):
        other_leader = CompanyMemberFactory(company=CompanyFactory(tenant=tenant)).user
    refused = {
        "another company's leader": (other_leader, 404),
        "a consultant": (make_person(tenant, Role.CONSULTANT), 403),
        "a juror": (make_person(tenant, Role.JURY), 403),
        "an auditor": (make_person(tenant, Role.AUDITOR), 403),
        "another tenant's manager": (make_person(other_tenant, Role.MANAGER), 404),
    }
    for who, (person, status) in refused.items():
        client.force_login(person)
        assert client.get(path).status_code == status, who
        assert client.post(path).status_code == status, who
    with scopes_disabled():
        assert not GeneratedDocument.objects.exists()


def test_another_companys_leader_cannot_follow_the_pdf(
    client, tenant, certificate, leader, in_scope, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("certificate_detail", tenant, pk=certificate.pk))
    with in_scope(tenant):
        document = GeneratedDocument.objects.get()
        other_leader = CompanyMemberFactory(company=CompanyFactory(tenant=tenant)).user
    client.force_login(other_leader)
    for name in ("document_status", "document_download"):
        assert client.get(url(name, tenant, pk=document.pk)).status_code == 404


def _request(tenant, user):
    request = RequestFactory().get("/")
    request.user = user
    request.tenant = tenant
    with scopes_disabled():
        request.membership = Membership.objects.get(tenant=tenant, user=user)
    return request


def test_the_panel_shows_the_certificate_to_who_may_see_it(
    tenant, certificate, manager, leader, make_person, in_scope
):
    with in_scope(tenant):
        application = Application.objects.select_related("certificate").get(
            pk=certificate.application_id
        )
        for person in (manager, leader):
            panel = certificate_panel_context(_request(tenant, person), application)
            assert panel["certificate_panel"]["certificate"] == certificate
            assert panel["certificate_panel"]["state"] == "valid"
        juror = make_person(tenant, Role.JURY)
        assert certificate_panel_context(_request(tenant, juror), application) == {
            "certificate_panel": None
        }


def test_the_panel_renders(tenant, certificate, leader, in_scope):
    from django.template.loader import render_to_string

    with in_scope(tenant):
        application = Application.objects.get(pk=certificate.application_id)
        request = _request(tenant, leader)
        context = certificate_panel_context(request, application)
        html = render_to_string(
            "labels/certificates/_certificate_panel.html", context, request=request
        )
    assert 'data-testid="certificate-panel"' in html and "K7QM-2XWD-9HTB" in html
    assert render_to_string("labels/certificates/_certificate_panel.html", {}).strip() == ""


# --- A wave's certificates ----------------------------------------------------------------------


@pytest.fixture
def wave_of_three(tenant, label, certificate, in_scope):
    with in_scope(tenant):
        wave = certificate.application.wave
        for name, code in (("Glisse Durable", "GLISSE234567"), ("Surf & Co", "SURFCO234567")):
            certificate_of(CompanyFactory(tenant=tenant, name=name), label, code=code)
        certificate_of(
            CompanyFactory(tenant=tenant, name="Retirée"),
            label,
            code="RETIRE234567",
            withdrawn=True,
        )
    return wave


def test_the_wave_renderer_reports_its_progress_certificate_by_certificate(
    tenant, wave_of_three, in_scope
):
    steps = []
    document = GeneratedDocument(language="en")
    with in_scope(tenant):
        content, filename = certificates.render_wave_certificates(
            document, wave_of_three, steps.append
        )
    assert steps == [33, 66, 99]
    assert filename.startswith("certificats-ecoride-vague-passee-") and filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        assert names == [
            "certificat-ecoride-glisse-durable-GLIS-SE23-4567.pdf",
            "certificat-ecoride-numerique-responsable-sa-K7QM-2XWD-9HTB.pdf",
            "certificat-ecoride-surf-co-SURF-CO23-4567.pdf",
        ]  # the withdrawn one left out
        pdf = archive.read(names[0])
    assert "Glisse Durable" in pdf_metadata(pdf)["Title"]


def test_the_manager_starts_one_job_for_the_wave_and_follows_it(
    client, tenant, manager, wave_of_three, in_scope, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    path = url("wave_certificates", tenant, pk=wave_of_three.pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(path).status_code == 302
        assert client.post(path).status_code == 302  # a second click: the same job
    with in_scope(tenant):
        document = GeneratedDocument.objects.get()
    assert (document.kind, document.subject_id, document.status) == (
        "labels.wave_certificates",
        wave_of_three.pk,
        "pending",
    )
    page = client.get(path).content.decode()  # the page never waits for the worker
    assert 'data-hx-get="' + url("document_status", tenant, pk=document.pk) in page
    assert 'data-testid="request-wave-certificates"' not in page  # no second job meanwhile
    assert "Surf &amp; Co" in page

    for callback in callbacks:  # the worker's turn
        callback()
    document.refresh_from_db()
    assert (document.status, document.progress) == ("ready", 100)
    status = client.get(url("document_status", tenant, pk=document.pk), headers=HTMX)
    assert url("document_download", tenant, pk=document.pk) in status.content.decode()
    archive = b"".join(
        client.get(url("document_download", tenant, pk=document.pk)).streaming_content
    )
    assert len(zipfile.ZipFile(io.BytesIO(archive)).namelist()) == 3


def test_the_progress_shows_while_the_worker_renders(
    client, tenant, manager, wave_of_three, in_scope
):
    with scopes_disabled():
        document = GeneratedDocument.objects.create(
            tenant=tenant,
            kind="labels.wave_certificates",
            subject_type=ContentType.objects.get_for_model(wave_of_three),
            subject_id=wave_of_three.pk,
            status=GeneratedDocument.Status.RUNNING,
            progress=66,
            language="fr",
            requested_by=manager,
        )
    client.force_login(manager)
    status = client.get(url("document_status", tenant, pk=document.pk), headers=HTMX)
    body = status.content.decode()
    assert 'aria-valuenow="66"' in body and 'data-hx-trigger="every 1s"' in body
    page = client.get(url("wave_certificates", tenant, pk=wave_of_three.pk)).content.decode()
    assert 'aria-valuenow="66"' in page


def test_a_wave_without_certificates_starts_nothing(client, tenant, manager, label, in_scope):
    with in_scope(tenant):
        wave = factories.open_wave(label, manager)
    client.force_login(manager)
    response = client.post(url("wave_certificates", tenant, pk=wave.pk), follow=True)
    assert "Cette vague n'a encore aucun certificat." in html.unescape(response.content.decode())
    with scopes_disabled():
        assert not GeneratedDocument.objects.exists()


def test_a_failed_render_says_so(tenant, manager, label, in_scope):
    with in_scope(tenant):
        wave = factories.open_wave(label, manager)
        document = certificates.request_wave(wave=wave, user=manager, language="en")
    with scopes_disabled():
        document = rendering.generate(document_id=document.pk)
    assert document.status == "failed" and document.error == "This wave has no certificate yet."


def test_only_the_programme_team_renders_a_wave(
    client, tenant, other_tenant, make_person, leader, wave_of_three
):
    path = url("wave_certificates", tenant, pk=wave_of_three.pk)
    for person, status in (
        (leader, 403),
        (make_person(tenant, Role.JURY), 403),
        (make_person(tenant, Role.CONSULTANT), 403),
        (make_person(other_tenant, Role.MANAGER), 404),
    ):
        client.force_login(person)
        assert client.get(path).status_code == status
        assert client.post(path).status_code == status
    with scopes_disabled():
        assert not GeneratedDocument.objects.exists()


def test_the_wave_list_costs_the_same_whatever_its_size(
    client, tenant, manager, label, certificate, in_scope, page_queries
):
    client.force_login(manager)
    wave = certificate.application.wave
    path = url("wave_certificates", tenant, pk=wave.pk)
    small = page_queries(path)
    with in_scope(tenant):
        for n in range(60):
            certificate_of(CompanyFactory(tenant=tenant), label, code=f"MANY{n:08d}")
    assert page_queries(path) == small
    assert page_queries(path + "?page=2") == small
