from django.db import migrations


class Migration(migrations.Migration):
    """The platform's mail ledger replaces the clubs' own (copied over by 0005)."""

    dependencies = [
        ("clubs", "0005_documents_renamed_and_notices_to_mail_ledger"),
    ]

    operations = [
        migrations.DeleteModel(name="Notice"),
    ]
