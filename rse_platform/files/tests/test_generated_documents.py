"""The one flow of documents rendered on the worker: asked for, rendered with progress, failed."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from rse_platform.files import services
from rse_platform.files.models import GeneratedDocument
from rse_platform.files.tests import kinds
from rse_platform.files.tests.factories import SubjectFactory
from rse_platform.tenants import generations
from rse_platform.tenants.roles import Role

pytestmark = pytest.mark.django_db

Status = GeneratedDocument.Status


@pytest.fixture
def subject(tenant):
    return SubjectFactory(tenant=tenant)


@pytest.fixture
def manager(tenant, make_person):
    return make_person(tenant, Role.MANAGER)


@pytest.fixture(autouse=True)
def _fresh_progress():
    kinds.seen_progress.clear()


def _tasks(queued):
    """The rendering tasks among what waits for the commit (the tenant's generation moves too)."""
    return [callback for callback in queued if not isinstance(callback, generations.AtCommit)]


def test_it_renders_the_document_once_the_request_is_committed(
    tenant, subject, manager, in_scope, django_capture_on_commit_callbacks
):
    with in_scope(tenant):
        with django_capture_on_commit_callbacks() as queued:
            document = services.request_document(
                kind=kinds.SAMPLE, subject=subject, user=manager, language="fr"
            )
        assert document.status == Status.PENDING and not document.file
        (render,) = _tasks(queued)
        render()  # what the broker does after the commit
        document.refresh_from_db()
    assert document.status == Status.READY
    assert document.progress == 100
    assert kinds.seen_progress == [25, 50, 75]
    assert document.filename == f"Rapport été {subject.pk}.pdf"
    assert re.fullmatch(r"generated/\d{4}/[0-9a-f]{32}\.pdf", document.file.name)
    assert document.file.read().startswith(b"%PDF-1.4\n% T\xc3\xa9l\xc3\xa9charger")
    assert document.started_at <= document.finished_at
    assert document.requested_by == manager and document.error == ""


def test_it_renders_in_the_language_asked_for(
    tenant, subject, manager, in_scope, django_capture_on_commit_callbacks
):
    with in_scope(tenant), django_capture_on_commit_callbacks(execute=True):
        document = services.request_document(
            kind=kinds.SAMPLE, subject=subject, user=manager, language="en-gb"
        )
    document.refresh_from_db()
    assert document.language == "en"
    assert document.file.read().startswith(b"%PDF-1.4\n% Download")


def test_it_reuses_a_request_still_waiting_rather_than_queue_it_twice(
    tenant, subject, manager, make_person, in_scope, django_capture_on_commit_callbacks
):
    colleague = make_person(tenant, Role.MANAGER)
    ask = {"kind": kinds.SAMPLE, "subject": subject}
    with in_scope(tenant), django_capture_on_commit_callbacks() as queued:
        first = services.request_document(**ask, user=manager, language="fr")
        again = services.request_document(**ask, user=manager, language="fr")
        english = services.request_document(**ask, user=manager, language="en")
        colleagues = services.request_document(**ask, user=colleague, language="fr")
        assert GeneratedDocument.objects.filter(kind=kinds.SAMPLE).count() == 3
    assert again.pk == first.pk
    assert len({first.pk, english.pk, colleagues.pk}) == 3
    assert len(_tasks(queued)) == 3


def test_a_finished_document_can_be_asked_for_again(
    tenant, subject, manager, in_scope, django_capture_on_commit_callbacks
):
    ask = {"kind": kinds.SAMPLE, "subject": subject, "user": manager, "language": "fr"}
    with in_scope(tenant):
        with django_capture_on_commit_callbacks(execute=True):
            first = services.request_document(**ask)
        with django_capture_on_commit_callbacks(execute=True):
            second = services.request_document(**ask)
    assert first.pk != second.pk


def test_a_failure_is_recorded_with_a_message_and_its_traceback_logged(
    tenant, subject, manager, in_scope, django_capture_on_commit_callbacks, caplog
):
    with in_scope(tenant), django_capture_on_commit_callbacks(execute=True):
        document = services.request_document(
            kind=kinds.BROKEN, subject=subject, user=manager, language="fr"
        )
    document.refresh_from_db()
    assert document.status == Status.FAILED
    assert document.error == "Le document n'a pas pu être généré. Veuillez réessayer plus tard."
    assert "hunter2" not in document.error
    assert document.finished_at is not None and not document.file
    record = next(r for r in caplog.records if r.name == "rse_platform.files.rendering")
    assert record.exc_info[0] is RuntimeError


def test_a_renderer_may_fail_with_a_message_of_its_own(
    tenant, subject, manager, in_scope, django_capture_on_commit_callbacks
):
    with in_scope(tenant), django_capture_on_commit_callbacks(execute=True):
        document = services.request_document(
            kind=kinds.REFUSED, subject=subject, user=manager, language="fr"
        )
    document.refresh_from_db()
    assert document.status == Status.FAILED
    assert document.error == "La grille n'a encore aucune réponse."


def test_a_task_delivered_twice_renders_once(
    tenant, subject, manager, in_scope, django_capture_on_commit_callbacks
):
    from rse_platform.files.tasks import render_document

    with in_scope(tenant), django_capture_on_commit_callbacks(execute=True):
        document = services.request_document(
            kind=kinds.SAMPLE, subject=subject, user=manager, language="fr"
        )
    with in_scope(tenant):
        name = GeneratedDocument.objects.get(pk=document.pk).file.name
    assert render_document(tenant.pk, document.pk) == Status.READY
    with in_scope(tenant):
        assert GeneratedDocument.objects.get(pk=document.pk).file.name == name
    assert kinds.seen_progress == [25, 50, 75]


def test_a_document_waiting_too_long_turns_failed(tenant, subject, manager, in_scope, settings):
    settings.GENERATED_DOCUMENT_TIMEOUT = 60
    with in_scope(tenant):
        late = GeneratedDocument.objects.create(
            tenant=tenant,
            kind=kinds.SAMPLE,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
            requested_by=manager,
            requested_at=timezone.now() - timedelta(minutes=2),
        )
        recent = GeneratedDocument.objects.create(
            tenant=tenant,
            kind=kinds.SAMPLE,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
            language="en",
        )
        services.expire_if_stale(document=late)
        services.expire_if_stale(document=recent)
        late.refresh_from_db()
        recent.refresh_from_db()
    assert late.status == Status.FAILED
    assert late.error == "La génération du document a pris trop de temps. Veuillez réessayer."
    assert recent.status == Status.PENDING


def test_a_document_is_about_a_tenant_owned_row(tenant, manager, in_scope):
    with in_scope(tenant), pytest.raises(ValueError):
        services.request_document(kind=kinds.SAMPLE, subject=tenant, user=manager, language="fr")
