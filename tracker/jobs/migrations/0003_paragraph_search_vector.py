from django.db import migrations

# Evidence suggestion ranks every matching paragraph with ts_rank, which needs the paragraph's
# tsvector. Stored once when the paragraph is written (a generated column), it is not recomputed
# from the text on every run; the GIN index on it finds the matching paragraphs. PostgreSQL only:
# SQLite ranks in Python. The column is not on the Django model; only the suggestion's SQL reads it.
FORWARD = [
    "ALTER TABLE sources_paragraph ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE(text, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS paragraph_search_vector_idx ON sources_paragraph USING GIN (search_vector)",
    "DROP INDEX IF EXISTS paragraph_text_search_idx",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS paragraph_text_search_idx ON sources_paragraph "
    "USING GIN (to_tsvector('english'::regconfig, COALESCE(text, '')))",
    "DROP INDEX IF EXISTS paragraph_search_vector_idx",
    "ALTER TABLE sources_paragraph DROP COLUMN IF EXISTS search_vector",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_paragraph_search_index")]

    operations = [migrations.RunPython(forward, backward)]
