"""Full-text search in French on PostgreSQL: the ``unaccent`` extension, a text search
configuration ``french_unaccent`` (French stemming after removing accents: "déchets" and "dechet"
both become "dechet"), and a GIN index on the weighted search vector of each searched table.

SQLite has none of it: every operation here does nothing there (the search falls back to simple
matching). The vectors are written out here as ``directory.search.VECTORS`` defines them; the
PostgreSQL tests check that the search reads these indexes.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import UnaccentExtension
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIG = "french_unaccent"

VECTORS = {
    "competence": (("A", ("name",)), ("B", ("theme",)), ("C", ("description",))),
    "practice": (
        ("A", ("title",)),
        ("B", ("theme",)),
        ("C", ("context", "what_was_done", "results", "figures")),
    ),
    "resource": (("A", ("title",)), ("B", ("theme",)), ("C", ("summary",))),
    "newsitem": (("A", ("title",)), ("B", ("theme",)), ("C", ("body", "source_name"))),
    "offer": (("A", ("title",)), ("B", ("theme",)), ("C", ("description",))),
}


def _postgresql(schema_editor):
    return schema_editor.connection.vendor == "postgresql"


class PostgresUnaccent(UnaccentExtension):
    """The extension, on PostgreSQL only, both ways (Django's skips SQLite only forwards)."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _postgresql(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def create_configuration(apps, schema_editor):
    if not _postgresql(schema_editor):
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [CONFIG])
        if cursor.fetchone():
            return
    schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = french)")
    schema_editor.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem"
    )


def drop_configuration(apps, schema_editor):
    if _postgresql(schema_editor):
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


def _vector(parts):
    vector = None
    for weight, fields in parts:
        part = SearchVector(*fields, weight=weight, config=CONFIG)
        vector = part if vector is None else vector + part
    return vector


def _indexes(apps):
    for model_name, parts in VECTORS.items():
        model = apps.get_model("directory", model_name)
        yield model, GinIndex(_vector(parts), name=f"{model_name}_search")


def create_indexes(apps, schema_editor):
    if _postgresql(schema_editor):
        for model, index in _indexes(apps):
            schema_editor.add_index(model, index)


def drop_indexes(apps, schema_editor):
    if _postgresql(schema_editor):
        for model, index in _indexes(apps):
            schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
    ]

    operations = [
        PostgresUnaccent(),
        migrations.RunPython(create_configuration, drop_configuration, elidable=False),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
