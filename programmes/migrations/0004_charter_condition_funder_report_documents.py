from django.db import migrations, models


def delete_report_files(apps, schema_editor):
    """Funder report PDFs were stored under guessable names (``rapport-financeurs-2012-1.pdf``);
    they are regenerated on demand through the core's generated documents, so they go."""
    FunderReport = apps.get_model("programmes", "FunderReport")
    for report in FunderReport.objects.exclude(file="").iterator():
        report.file.storage.delete(report.file.name)


class Migration(migrations.Migration):
    """The funder report becomes a generated document of the core (``programmes.funder_report``);
    a programme may make signing the charter a condition of engagement."""

    dependencies = [
        ("programmes", "0003_companies_moved_out"),
    ]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="charter_required",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "A company becomes engaged only once its leader has signed the current "
                    "version of the charter."
                ),
                verbose_name="signing the charter is a condition of engagement",
            ),
        ),
        migrations.RunPython(delete_report_files, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="FunderReport",
        ),
    ]
