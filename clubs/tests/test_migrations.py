"""The upgrade to the platform's mailer and file core keeps what was there: the e-mails the clubs'
own ledger recorded are not sent again, and documents move to random names, keeping theirs."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import TenantFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("clubs", "0004_feeds_per_person_and_documents")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets).apps if targets else None


def test_it_carries_the_notices_over_and_renames_the_documents(settings):
    apps = _migrate(BEFORE)
    tenant, person = TenantFactory(), UserFactory(email="Anne.Delattre@Example.org")
    Event = apps.get_model("clubs", "Event")
    Notice = apps.get_model("clubs", "Notice")
    EventDocument = apps.get_model("clubs", "EventDocument")
    now = timezone.now()
    event = Event.objects.create(
        tenant_id=tenant.pk,
        kind="workshop",
        title="Atelier",
        starts_at=now,
        ends_at=now,
        audience="open",
    )
    for kind, round_ in [("reminder_7d", 0), ("confirmation", 2)]:
        Notice.objects.create(
            tenant_id=tenant.pk, event=event, user_id=person.pk, kind=kind, round=round_
        )
    old_name = default_storage.save(
        "clubs/documents/2025/Compte rendu 12.pdf", ContentFile(b"%PDF")
    )
    document = EventDocument.objects.create(
        tenant_id=tenant.pk, event=event, phase="after", title="CR", file=old_name
    )

    _migrate(None)

    from clubs.models import EventDocument as CurrentDocument
    from rse_platform.mail.models import OutgoingMail

    with scopes_disabled():
        ledger = dict(OutgoingMail.objects.values_list("key", "status"))
        emails = set(OutgoingMail.objects.values_list("email", flat=True))
        document = CurrentDocument.objects.get(pk=document.pk)
    assert ledger == {
        f"clubs.reminder_7d:event={event.pk}": "sent",
        f"clubs.confirmation:event={event.pk}:round=2": "sent",
    }
    assert emails == {"anne.delattre@example.org"}
    assert document.original_name == "Compte rendu 12.pdf"
    assert "Compte" not in document.file.name and document.file.name.endswith(".pdf")
    assert default_storage.exists(document.file.name) and not default_storage.exists(old_name)
