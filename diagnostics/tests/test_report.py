"""The PDF report: a generated document of the core (rendered by the task, eager in tests, with
WeasyPrint), in the language of the person who asked, served only to who may open the diagnostic."""

import re
import shutil
import subprocess
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope
from guardian.shortcuts import assign_perm

from companies import services as company_services
from diagnostics import services
from diagnostics.models import Diagnostic
from rse_platform.files.models import GeneratedDocument
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

from .factories import answer_all, answered, grid

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def _pdf_text(pdf, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return " ".join(text.split())


@pytest.fixture
def submitted(tenant):
    version = grid(tenant, themes=[(1, 2), (1, 2)], levels=[("Bronze", 50)], name="Grille 6PL")
    company = CompanyFactory(tenant=tenant, name="Transports Verhaeghe")
    return answered(company, version, [5, 5, 4, 1], submitted_at=timezone.now())


def test_it_renders_the_report_and_the_page_offers_it(
    client, tenant, make_person, in_scope, submitted, django_capture_on_commit_callbacks, tmp_path
):
    client.force_login(make_person(tenant, Role.MANAGER))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("diagnostic_report", tenant, pk=submitted.pk), headers=HTMX)
    assert response.status_code == 200
    assert 'data-testid="document-status"' in response.content.decode()  # the partial, polling
    with in_scope(tenant):
        document = GeneratedDocument.objects.get()
    assert (document.kind, document.subject_id, document.status) == (
        "diagnostics.report",
        submitted.pk,
        GeneratedDocument.Status.READY,
    )
    date = timezone.localdate(submitted.submitted_at).isoformat()
    assert document.filename == f"rapport-diagnostic-transports-verhaeghe-{date}.pdf"
    assert re.fullmatch(r"generated/\d{4}/[0-9a-f]{32}\.pdf", document.file.name)
    download = url("document_download", tenant, pk=document.pk)
    page = client.get(url("diagnostic_results", tenant, pk=submitted.pk)).content.decode()
    assert download in page and "data-hx-trigger" not in page
    response = client.get(download)
    assert response.status_code == 200
    assert document.filename in response["Content-Disposition"]
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = _pdf_text(pdf, tmp_path)
        assert "Transports Verhaeghe" in text
        assert "75,0 %" in text  # (10/10 + 5/10) / 2
        assert "Bronze" in text and "Rapport d'autodiagnostic" in text


def test_the_report_is_in_the_language_of_the_person_who_asked(
    client, tenant, make_person, in_scope, submitted, django_capture_on_commit_callbacks, tmp_path
):
    client.force_login(make_person(tenant, Role.MANAGER))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("diagnostic_report", tenant, pk=submitted.pk))
    with in_scope(tenant):
        document = GeneratedDocument.objects.get()
    assert document.language == "en"
    if shutil.which("pdftotext"):
        pdf = b"".join(
            client.get(url("document_download", tenant, pk=document.pk)).streaming_content
        )
        text = _pdf_text(pdf, tmp_path)
        assert "Self-assessment report" in text and "Scores per theme" in text


def test_a_draft_has_no_report_yet(client, tenant, make_person, in_scope):
    version = grid(tenant)
    diagnostic = answered(CompanyFactory(tenant=tenant), version, [1])
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(url("diagnostic_report", tenant, pk=diagnostic.pk), follow=True)
    assert "Validez l&#x27;autodiagnostic avant" in response.content.decode()
    with in_scope(tenant):
        assert not GeneratedDocument.objects.exists()


def test_the_page_polls_while_the_report_is_prepared(client, tenant, make_person, submitted):
    from django.contrib.contenttypes.models import ContentType
    from django_scopes import scopes_disabled

    with scopes_disabled():
        GeneratedDocument.objects.create(
            tenant=tenant,
            kind="diagnostics.report",
            subject_type=ContentType.objects.get_for_model(submitted),
            subject_id=submitted.pk,
            status=GeneratedDocument.Status.RUNNING,
            progress=40,
        )
    client.force_login(make_person(tenant, Role.MANAGER))
    body = client.get(url("diagnostic_results", tenant, pk=submitted.pk)).content.decode()
    assert 'data-hx-trigger="every 1s"' in body and 'aria-valuenow="40"' in body
    assert 'data-testid="request-report"' not in body  # no second job while one renders


def test_the_report_reaches_only_people_who_may_open_the_diagnostic(
    client, tenant, other_tenant, make_person, in_scope, submitted,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    leader = make_person(tenant, Role.MEMBER)
    CompanyMemberFactory(company=submitted.company, user=leader)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("diagnostic_report", tenant, pk=submitted.pk)).status_code == 302
    with in_scope(tenant):
        document = GeneratedDocument.objects.get()
    paths = [
        url("document_download", tenant, pk=document.pk),
        url("document_status", tenant, pk=document.pk),
    ]
    assert client.get(paths[0]).status_code == 200

    follower = make_person(tenant, Role.CONSULTANT)
    with in_scope(tenant):
        company_services.assign_consultant(company=submitted.company, consultant=follower)
    client.force_login(follower)
    assert client.get(paths[0]).status_code == 200

    outsiders = {
        "another company's leader": CompanyMemberFactory(
            company=CompanyFactory(tenant=tenant)
        ).user,
        "a consultant not following it": make_person(tenant, Role.CONSULTANT),
    }
    # A former consultant of the company, now a company member elsewhere, whose grant was left
    # behind: the grant is not trusted for a company member.
    former = make_person(tenant, Role.MEMBER)
    CompanyMemberFactory(company=CompanyFactory(tenant=tenant), user=former)
    assign_perm("companies.follow_company", former, submitted.company)
    outsiders["a former consultant"] = former
    for who, person in outsiders.items():
        client.force_login(person)
        for path in paths:
            assert client.get(path).status_code == 404, (who, path)
        assert client.post(url("diagnostic_report", tenant, pk=submitted.pk)).status_code in (
            403,
            404,
        ), who
    client.force_login(make_person(other_tenant, Role.MANAGER))
    for name in ("document_download", "document_status"):
        assert client.get(url(name, other_tenant, pk=document.pk)).status_code == 404
    client.logout()
    assert client.get(paths[0]).status_code == 404  # a file address: no login page either
    assert client.get(paths[1]).status_code == 302  # the status page sends to the login page
    with in_scope(tenant):
        assert GeneratedDocument.objects.count() == 1


def _page_count(pdf):
    """The pages of a PDF, without a PDF library: its ``/Type /Page`` objects, also inside the
    compressed object streams WeasyPrint writes (``/Page\\b`` leaves ``/Pages`` out)."""
    page = re.compile(rb"/Type\s*/Page\b")
    count = len(page.findall(pdf))
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            count += len(page.findall(zlib.decompress(stream)))
        except zlib.error:
            continue  # not a Flate stream
    return count


def test_the_demo_ecoride_report_fits_on_its_minimum_of_pages(
    client, demo, django_capture_on_commit_callbacks
):
    # ECORIDE (45 criteria, 3 themes): the heading, level scale, radar, scores, benchmark note,
    # strengths and criteria to work on fit on one page; a page break policy that pushed a
    # block to a page of its own would make it two.
    with scope(tenant=demo.tenant):
        draft = Diagnostic.objects.get(  # the demo leader's, in progress
            status=Diagnostic.Status.DRAFT, version__framework__name="Référentiel ECORIDE"
        )
        services.submit_diagnostic(diagnostic=answer_all(draft), actor=None)
    client.force_login(demo.person(Role.MANAGER))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("diagnostic_report", demo.tenant, pk=draft.pk))
    with scope(tenant=demo.tenant):
        document = GeneratedDocument.objects.get(subject_id=draft.pk, kind="diagnostics.report")
    assert document.status == GeneratedDocument.Status.READY
    response = client.get(url("document_download", demo.tenant, pk=document.pk))
    pdf = b"".join(response.streaming_content)
    assert _page_count(pdf) == 1


def test_it_counts_the_pages_of_a_pdf():
    from weasyprint import HTML

    page = '<p style="break-before: page">'
    three = HTML(string=f"<p>1</p>{page}2</p>{page}3</p>")
    assert _page_count(three.write_pdf()) == 3
