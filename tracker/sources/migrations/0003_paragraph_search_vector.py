import django.contrib.postgres.search
from django.db import migrations

import tracker.sources.models

# The paragraph's tsvector and its GIN index belong to sources. Databases migrated before they moved here
# already have both (made by jobs 0002 and 0003, now empty), so on PostgreSQL they are made only if missing.
POSTGRES_FORWARD = [
    "ALTER TABLE sources_paragraph ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE(text, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS paragraph_search_vector_idx ON sources_paragraph USING GIN (search_vector)",
    "DROP INDEX IF EXISTS paragraph_text_search_idx",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS paragraph_search_vector_idx",
    "ALTER TABLE sources_paragraph DROP COLUMN IF EXISTS search_vector",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_FORWARD:
            schema_editor.execute(sql)
    else:
        # Elsewhere an always-empty column, so that the model reads the same everywhere. (SQLite adds only
        # virtual generated columns to a table; the model's stored one is what a rebuilt table gets.)
        schema_editor.execute(
            "ALTER TABLE sources_paragraph ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (NULL) VIRTUAL"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_BACKWARD:
            schema_editor.execute(sql)
    else:
        schema_editor.execute("ALTER TABLE sources_paragraph DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0002_paragraph_kind_check"),
        ("jobs", "0003_paragraph_search_vector"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="paragraph",
                    name="search_vector",
                    field=tracker.sources.models.PostgresSearchVector(
                        db_persist=True,
                        expression=django.contrib.postgres.search.SearchVector("text", config="english"),
                        output_field=django.contrib.postgres.search.SearchVectorField(),
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(forward, backward)],
        ),
    ]
