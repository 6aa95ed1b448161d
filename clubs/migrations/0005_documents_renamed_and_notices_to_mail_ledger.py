"""Data: event documents get a random stored name (their former name, derived from what the
uploader called the file, is kept as ``original_name`` for the download), and the e-mails the
``Notice`` ledger recorded as sent move into the platform's mail ledger under the keys
``clubs.notifications`` builds, so that no reminder or invitation leaves twice across the
upgrade."""

from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.db import migrations

from rse_platform.files.storage import RandomName, display_name

# Registration steps are sent once per round; the other e-mails once per event.
WITH_ROUND = {"confirmation", "waitlisted", "promotion"}


def rename_documents(apps, schema_editor):
    EventDocument = apps.get_model("clubs", "EventDocument")
    new_name = RandomName("clubs/documents")
    for document in EventDocument.objects.all().iterator():
        old = document.file.name
        if not old:
            continue
        document.original_name = display_name(PurePosixPath(old).name)
        if default_storage.exists(old):
            with default_storage.open(old, "rb") as content:
                document.file.name = default_storage.save(new_name(document, old), content)
            default_storage.delete(old)
        document.save(update_fields=["original_name", "file"])


def notices_to_mail_ledger(apps, schema_editor):
    Notice = apps.get_model("clubs", "Notice")
    OutgoingMail = apps.get_model("mail", "OutgoingMail")
    rows = []
    for notice in Notice.objects.select_related("user").iterator():
        suffix = f":round={notice.round}" if notice.kind in WITH_ROUND else ""
        rows.append(
            OutgoingMail(
                tenant_id=notice.tenant_id,
                key=f"clubs.{notice.kind}:event={notice.event_id}{suffix}",
                recipient_id=notice.user_id,
                email=notice.user.email.strip().lower(),
                template="clubs/emails/event_notice",
                language="fr",
                subject="",
                body_text="",
                status="sent",
                attempts=1,
                created_at=notice.sent_at,
                attempted_at=notice.sent_at,
                sent_at=notice.sent_at,
            )
        )
    OutgoingMail.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("clubs", "0004_feeds_per_person_and_documents"),
        ("mail", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(rename_documents, migrations.RunPython.noop),
        migrations.RunPython(notices_to_mail_ledger, migrations.RunPython.noop),
    ]
