from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tenants", "0002_logo_random_name"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["tenant", "-created_at", "-id"], name="audit_tenant_recent"),
        ),
    ]
